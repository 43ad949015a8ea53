import ArgumentParser
import BroadsheetStore
import BroadsheetWeb
import Foundation

extension Trends.Interval: ExpressibleByArgument {}

/// `broadsheet trends QUERY…`: matching articles per month or year, exact.
struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Count matching articles per month or year for up to six queries (as /trends draws them).",
        discussion: "Each query is one argument in the language of `broadsheet search --help`; its counts add up to its search total.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(parsing: .allUnrecognized, help: "Up to six queries, one argument each (quote a query with spaces).")
    var queries: [String]
    @Option(help: "month or year.") var interval: Trends.Interval = .month
    @Option(help: "csv or json.") var format: Format = .csv
    @OptionGroup var archive: ArchiveOption

    func validate() throws {
        guard !queries.isEmpty, queries.count <= Trends.maxQueries else {
            throw ValidationError("give one to \(Trends.maxQueries) queries")
        }
    }

    func run() async throws {
        let store = try await archive.store(readOnly: true)
        let trends = try await Trends.compute(store, queries: queries, interval: interval)
        switch format {
        case .csv:
            print(trends.csv, terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(trends), as: UTF8.self))
        }
    }
}
