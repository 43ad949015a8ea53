import ArgumentParser

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search the archive (not written yet).")
    func run() throws { throw ValidationError("search is not available yet") }
}
