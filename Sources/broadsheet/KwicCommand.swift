import ArgumentParser
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb

extension Concordance.Sort: ExpressibleByArgument {}

/// `broadsheet kwic QUERY`: every occurrence with its context, as /kwic lists them.
struct KwicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwic", abstract: "Keyword in context: every occurrence of a query, with the text either side.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    @Argument(parsing: .allUnrecognized, help: "The query (see `broadsheet search --help`).") var query: [String]
    @Option(help: "Characters of context either side.") var width = 20
    @Option(help: "left, right or date.") var sort: Concordance.Sort = .date
    @Option(help: "text or csv.") var format: Format = .text
    @OptionGroup var archive: ArchiveOption

    func validate() throws {
        guard (1...100).contains(width) else { throw ValidationError("--width must be between 1 and 100") }
    }

    func run() async throws {
        let request: SearchRequest
        do {
            request = try SearchRequest(parsing: query.joined(separator: " "))
        } catch let e as SearchQueryError {
            throw CLIError("bad query: \(e.description)")
        }
        let kwic = try await Concordance.compute(archive.store(readOnly: true), request, width: width, sort: sort)
        switch format {
        case .text:
            if !kwic.lines.isEmpty { print(kwic.text(width: width)) }
            printError("\(plural(kwic.lines.count, "occurrence"))")
        case .csv:
            print(kwic.csv, terminator: "")
        }
    }
}
