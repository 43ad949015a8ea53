import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

@Suite("Keyword in context")
struct ConcordanceTests {
    @Test("/kwic lists every occurrence aligned on the keyword, sortable, with a CSV of all of them")
    func page() async throws {
        try await WebFixture.withClient { client in
            let page = try await client.get("/kwic?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&width=8")
            #expect(page.status == .ok)
            // The seed has 台州红云 once in its text; the test paper's second article once.
            #expect(page.text.contains("共 2 处"))
            #expect(page.text.contains("<td class=\"keyword\"><a href=\"/articles/zjrb-20102773\">台州红云</a></td>"))
            #expect(page.text.contains("sort=left"))
            let csv = try await client.get("/kwic.csv?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&width=8&sort=right")
            let rows = csv.text.split(separator: "\r\n")
            #expect(rows.first == "id,date,paper,headline,left,keyword,right")
            #expect(rows.count == 3)
            #expect(try await client.get("/kwic?q=%22broken").status == .badRequest)
            #expect(try await client.get("/kwic?q=a&width=0").status == .badRequest)
        }
    }

    @Test("the number of occurrences equals a count in the folded text, on the real corpus",
          .enabled(if: FileManager.default.fileExists(atPath: TrendsTests.corpus), "needs ../shared/corpus/rmrb-crawl beside the checkout"))
    func countsMatchTheText() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-kwic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let days = try FileManager.default.contentsOfDirectory(atPath: TrendsTests.corpus + "/2019年10月").sorted().prefix(10)
        _ = try await Importer(store: store).run(paths: days.map { TrendsTests.corpus + "/2019年10月/" + $0 }, options: .init(paperName: "人民日报"))
        let articles = try await store.exportArticles().collect()
        // For a run of Chinese characters an occurrence is the folded string itself: a space or
        // a line break inside it breaks the match, for the index as for the count.
        func stream(_ text: String) -> String { TextFolding.fold(text) }
        for query in ["改革开放", "习近平", "新中国", "人民"] {
            let needle = stream(query)
            let expected = articles.reduce(0) { sum, a in
                let text = [a.kicker ?? "", a.headline, a.subtitle ?? "", a.searchText].filter { !$0.isEmpty }.joined(separator: "\n")
                return sum + stream(text).components(separatedBy: needle).count - 1
            }
            let kwic = try await Concordance.compute(store, try SearchRequest(parsing: query), width: 10, sort: .date)
            #expect(kwic.lines.count == expected, "\(query)")
            #expect(expected > 0)
        }
    }
}
