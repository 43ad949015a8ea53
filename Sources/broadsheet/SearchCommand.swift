import ArgumentParser
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb
import Foundation

extension SearchSort: ExpressibleByArgument {}
extension SearchExport.Format: ExpressibleByArgument {}

/// `broadsheet search QUERY`: the library's search, printed for a terminal or as JSON.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find every article containing a string; narrow by date, paper and page.",
        discussion: SearchSyntax.help)

    @Argument(parsing: .allUnrecognized, help: "The query (see below). Quote it for the shell when it has spaces or quotes; it may start with -, as in -会议 date:2020.")
    var query: [String]

    @Option(help: "Order of hits: relevance or date (newest first).")
    var sort: SearchSort = .relevance

    @Option(help: "Hits to show.")
    var limit: Int = 20

    @Option(help: "Hits to skip (for paging).")
    var offset: Int = 0

    @Flag(help: "Print one JSON object with total, hits and facets.")
    var json = false

    @Flag(help: "Print every hit, not one page: with --format csv or jsonl (the same as /search.csv, /search.jsonl).")
    var all = false

    @Option(help: "With --all: csv or jsonl.")
    var format: SearchExport.Format = .csv

    @Flag(help: "Also print counts per year, paper and page.")
    var facets = false

    @OptionGroup var archive: ArchiveOption

    func validate() throws {
        guard limit >= 0 && limit <= 1000 else { throw ValidationError("--limit must be between 0 and 1000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        let request: SearchRequest
        do {
            request = try SearchRequest(
                parsing: query.joined(separator: " "), sort: sort, limit: limit, offset: offset,
                includeFacets: json || facets)
        } catch let e as SearchQueryError {
            throw CLIError("bad query: \(e.description)\n\nsee `broadsheet search --help` for the query language")
        }
        let store = try await archive.store(readOnly: true)
        if all {
            var out = ""
            for try await line in SearchExport.lines(store, request, query: query.joined(separator: " "), format: format) {
                out += line
                if out.utf8.count >= 1 << 16 { print(out, terminator: ""); out = "" }
            }
            print(out, terminator: "")
            return
        }
        let results = try await store.search(request)
        if json {
            // The API's shape, field for field (`/api/v1/search` in the OpenAPI document).
            print(String(decoding: try searchResultsJSON(results, query: query.joined(separator: " "), pretty: true), as: UTF8.self))
            return
        }
        printText(results)
    }

    private func printText(_ r: SearchResults) {
        if r.total == 0 {
            print("no articles found")
            return
        }
        let last = r.offset + r.hits.count
        print("\(r.total) articles" + (r.hits.isEmpty ? "" : ", showing \(r.offset + 1)–\(last) by \(r.sort.rawValue)"))
        for (n, hit) in r.hits.enumerated() {
            let pages = hit.pages.map { p in p.name.map { "\(p.label) \($0)" } ?? p.label }.joined(separator: ", ")
            let headline = hit.headlineSegments.map { $0.isMatch ? "【\($0.text)】" : $0.text }.joined()
            print("")
            print("\(r.offset + n + 1). \(headline)")
            print("   \(hit.paper.name) \(hit.date) 第\(pages)版  \(hit.id)")
            for s in hit.snippets { print("   " + s.plainText) }
        }
        if facets {
            print("")
            print("years:  " + r.facets.years.map { "\($0.label) \($0.count)" }.joined(separator: "  "))
            print("papers: " + r.facets.papers.map { "\($0.label) \($0.count)" }.joined(separator: "  "))
            print("pages:  " + r.facets.pages.map { "\($0.label) \($0.count)" }.joined(separator: "  "))
        }
        if r.hasMore {
            print("")
            print("more: --offset \(last)")
        }
    }
}
