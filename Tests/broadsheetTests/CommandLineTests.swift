import Testing

@testable import broadsheet

@Suite("Command line")
struct CommandLineTests {
    @Test("a search may start with an exclusion, as the query language documents", arguments: [
        (["-会议", "date:2020"], ["-会议", "date:2020"]),
        (["--limit", "5", "-会议", "date:2020"], ["-会议", "date:2020"]),
        (["台州红云", "--limit", "5"], ["台州红云"]),
    ])
    func leadingMinus(arguments: [String], query: [String]) throws {
        let command = try SearchCommand.parse(arguments)
        #expect(command.query == query)
    }
}
