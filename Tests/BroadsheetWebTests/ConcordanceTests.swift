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

    @Test("pages are the full list cut into pages; above the sort limit a page stops early and says so",
          .enabled(if: FileManager.default.fileExists(atPath: TrendsTests.corpus), "needs ../shared/corpus/rmrb-crawl beside the checkout"))
    func paging() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-kwic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let days = try FileManager.default.contentsOfDirectory(atPath: TrendsTests.corpus + "/2019年10月").sorted().prefix(10)
        _ = try await Importer(store: store).run(paths: days.map { TrendsTests.corpus + "/2019年10月/" + $0 }, options: .init(paperName: "人民日报"))

        // Under the limit: every sort, every page, exactly the full list.
        for query in ["人民", "改革开放"] {
            let request = try SearchRequest(parsing: query)
            for sort in Concordance.Sort.allCases {
                let full = try await Concordance.compute(store, request, width: 10, sort: sort).lines
                var paged: [Concordance.Line] = []
                var number = 1
                while true {
                    let page = try await Concordance.page(store, request, width: 10, sort: sort, page: number, pageSize: 37)
                    #expect(page.start == paged.count)
                    #expect(page.occurrences == full.count, "\(query) by \(sort)")
                    #expect(page.sortedArticles == nil)
                    paged += page.lines
                    guard page.hasMore else { break }
                    number += 1
                }
                #expect(paged == full, "\(query) by \(sort)")
            }
        }

        // Above it (a limit of 50 articles here): by date the pages are still the full list's,
        // without a count of all occurrences; by left context only the newest articles are sorted.
        let limit = 50
        let common = try SearchRequest(parsing: "的")
        let full = try await Concordance.compute(store, common, width: 10, sort: .date).lines
        let articles = Set(full.map(\.id)).count
        try #require(articles > limit)
        for number in [1, 3] {
            let page = try await Concordance.page(store, common, width: 10, sort: .date, page: number, pageSize: 100, sortLimit: limit)
            #expect(page.lines == Array(full[(number - 1) * 100 ..< number * 100]))
            #expect(page.articles == articles)
            #expect(page.occurrences == nil)
            #expect(page.hasMore)
        }
        let newest = Set(full.map(\.id).reduce(into: [String]()) { ids, id in if ids.last != id { ids.append(id) } }.prefix(limit))
        let left = try await Concordance.page(store, common, width: 10, sort: .left, page: 1, pageSize: 100, sortLimit: limit)
        #expect(left.sortedArticles == limit)
        #expect(left.occurrences == nil)
        var expected = full.filter { newest.contains($0.id) }
        expected.sort { (String($0.left.reversed()), $0.id, $0.offset) < (String($1.left.reversed()), $1.id, $1.offset) }
        #expect(left.lines == Array(expected.prefix(100)))
    }
}
