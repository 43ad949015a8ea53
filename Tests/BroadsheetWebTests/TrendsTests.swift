import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

@Suite("Trends")
struct TrendsTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/rmrb-crawl").path

    @Test("the trend page draws the chart on the server, with a table and a search link per point")
    func page() async throws {
        try await WebFixture.withClient { client in
            let page = try await client.get("/trends?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91,%E6%96%B0%E9%97%BB")
            #expect(page.status == .ok)
            #expect(page.text.contains("<svg class=\"trend-chart\""))
            #expect(page.text.components(separatedBy: "<polyline").count == 3)
            // 台州红云 in 2019-11 opens the search narrowed to that month.
            #expect(page.text.contains("href=\"/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&amp;from=2019-11-01&amp;to=2019-11-30\""))
            #expect(page.text.contains("<td>2019-11</td>"))
            #expect(page.text.contains("href=\"/trends.csv?q="))
            #expect(!page.text.contains("<script"))
            let csv = try await client.get("/trends.csv?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&interval=year")
            #expect(csv.text.hasPrefix("period,articles,台州红云,台州红云 per 1000\r\n2019,"))
            #expect(try await client.get("/trends?q=%22broken").status == .badRequest)
            #expect(try await client.get("/trends?q=a,b,c,d,e,f,g").status == .badRequest)
        }
    }

    @Test("each query's counts per month and per year add up to its search total, on the real corpus",
          .enabled(if: FileManager.default.fileExists(atPath: corpus), "needs ../shared/corpus/rmrb-crawl beside the checkout"))
    func countsAddUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-trends-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try await Importer(store: store).run(paths: [Self.corpus], options: .init(paperName: "人民日报"))
        let queries = ["改革开放", "的", "脱贫 -会议", "\"一带一路\"", "title:习近平", "GDP"]
        for interval in Trends.Interval.allCases {
            let trends = try await Trends.compute(store, queries: queries, interval: interval)
            for series in trends.series {
                let total = try await store.search(SearchRequest(parsing: series.query, limit: 0, includeFacets: false)).total
                #expect(series.counts.reduce(0, +) == total, "\(series.query) by \(interval)")
                #expect(series.total == total)
            }
            #expect(trends.articles.reduce(0, +) == (try await store.stats()).papers.reduce(0) { $0 + $1.articles })
            #expect(trends.periods == trends.periods.sorted())
        }
    }
}
