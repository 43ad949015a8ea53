import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The search page: query language, filters, facets, highlighting, paging, sort.
@Suite("Search routes") struct SearchRouteTests {
    static let 台州红云 = "%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91"

    @Test("search highlights the hit in context") func searchHighlightsTheHitInContext() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/search?q=\(Self.台州红云)") }
        #expect(page.status == .ok)
        #expect(page.text.contains("共 2 篇"))
        #expect(page.text.contains("<mark>台州红云</mark>"))
        // 台州红云 stands in the part printed on page 5: the hit links there.
        #expect(page.text.contains("href=\"/articles/zjrb-20102773#page-5\""))
        #expect(page.text.contains("value=\"台州红云\""), "the query stays in the form")
    }

    @Test("facets are links that narrow the search") func facetsAreLinksThatNarrowTheSearch() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/search?q=\(Self.台州红云)") }
        #expect(page.text.contains("href=\"/search?q=\(Self.台州红云)&amp;paper=zjrb\""))
        #expect(page.text.contains("href=\"/search?q=\(Self.台州红云)&amp;from=2019-11-01&amp;to=2019-11-30\""))
        // The 版次 facet once the search is within one paper.
        let onePaper = try await WebFixture.withClient { try await $0.get("/search?q=\(Self.台州红云)&paper=zjrb") }
        #expect(onePaper.text.contains("href=\"/search?q=\(Self.台州红云)&amp;paper=zjrb&amp;page=5\""))
    }

    @Test("filters from the form narrow the results") func filtersFromTheFormNarrowTheResults() async throws {
        try await WebFixture.withClient { client in
            let paper = try await client.get("/search?q=\(Self.台州红云)&paper=csrb")
            #expect(paper.text.contains("共 1 篇"))
            #expect(paper.text.contains("<option value=\"csrb\" selected>"))
            let dates = try await client.get("/search?q=\(Self.台州红云)&from=2019-11-01&to=2019-11-30")
            #expect(dates.text.contains("共 1 篇"))
            #expect(dates.text.contains("zjrb-20102773"))
            let page = try await client.get("/search?q=\(Self.台州红云)&page=5")
            #expect(page.text.contains("共 1 篇"))
            let none = try await client.get("/search?q=\(Self.台州红云)&from=2021-01-01")
            #expect(none.text.contains("共 0 篇"))
            #expect(none.text.contains("没有找到"))
        }
    }

    @Test("sort by date shows newest first") func sortByDateShowsNewestFirst() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/search?q=\(Self.台州红云)&sort=date") }
        let newer = try #require(page.text.range(of: "csrb-20200102-01-02"))
        let older = try #require(page.text.range(of: "href=\"/articles/zjrb-20102773#page-5\""))
        #expect(newer.lowerBound < older.lowerBound)
        #expect(page.text.contains("<option value=\"date\" selected>"))
    }

    @Test("paging beyond the results is refused") func pagingBeyondTheResultsIsRefused() async throws {
        try await WebFixture.withClient { client in
            let zero = try await client.get("/search?q=\(Self.台州红云)&p=0").status
            #expect(zero == .badRequest)
            let far = try await client.get("/search?q=\(Self.台州红云)&p=51").status
            #expect(far == .badRequest)
            let second = try await client.get("/search?q=\(Self.台州红云)&p=2").status
            #expect(second == .ok)
        }
    }

    @Test("empty search page shows the syntax") func emptySearchPageShowsTheSyntax() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/search") }
        #expect(page.status == .ok)
        #expect(page.text.contains("检索语法"))
        #expect(page.text.contains("title:"))
        #expect(!page.text.contains("共 0 篇"))
        // In Chinese, as a table: no English sentence of the command line's help on the page.
        #expect(page.text.contains("<table class=\"syntax\">"))
        #expect(page.text.contains("完整短语"))
        #expect(!page.text.contains("every article containing"))
        #expect(!page.text.contains("Query language"))
        // Dates are typed as the site writes them, not in the browser's mm/dd/yyyy.
        #expect(!page.text.contains("type=\"date\""))
        #expect(page.text.contains("placeholder=\"2019-11-01\""))
    }

    @Test("active filters are shown, each removable with one click; the 版次 facet appears only within one paper")
    func activeFiltersAndPageFacet() async throws {
        try await WebFixture.withClient { client in
            // 台州红云 stands in two papers: page numbers of both would be one mixed list.
            let both = try await client.get("/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91")
            #expect(both.text.contains("<h3>报纸</h3>"))
            #expect(!both.text.contains("<h3>版次</h3>"))
            #expect(!both.text.contains("class=\"chip\""))
            let one = try await client.get("/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&paper=zjrb&from=2019-01-01")
            #expect(one.text.contains("<h3>版次</h3>"))
            #expect(one.text.contains("报纸\u{FF1A}浙江日报 ×"))
            // Removing the paper keeps the rest of the search.
            #expect(one.text.contains("href=\"/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&amp;from=2019-01-01\""))
            #expect(one.text.contains("2019-01-01 起 ×"))
        }
    }

    @Test("any search is an Atom feed of its newest hits")
    func searchFeed() async throws {
        try await WebFixture.withClient { client in
            let page = try await client.get("/search?q=\(Self.台州红云)")
            #expect(page.text.contains("href=\"/search.atom?q=\(Self.台州红云)\""))
            let feed = try await client.get("/search.atom?q=\(Self.台州红云)")
            #expect(feed.status == .ok && feed.contentType.hasPrefix("application/atom+xml"))
            #expect(feed.text.components(separatedBy: "<entry>").count == 3)
            // Newest first: the test paper's 2020 article before the 2019 seed.
            let newer = try #require(feed.text.range(of: "csrb-20200102-01-02"))
            let older = try #require(feed.text.range(of: "zjrb-20102773"))
            #expect(newer.lowerBound < older.lowerBound)
            let none = try await client.get("/search.atom?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84%E8%AF%8D%E8%AF%AD")
            #expect(none.status == .ok && !none.text.contains("<entry>"))
            #expect(try await client.get("/search.atom?q=%22broken").status == .badRequest)
        }
    }

    @Test("a hit in the continuation links to that part of the article")
    func hitLinksToItsPart() async throws {
        // 一本书的力量有多大 stands in the seed's part on page 5.
        let page = try await WebFixture.withClient { try await $0.get("/search?q=%E4%B8%80%E6%9C%AC%E4%B9%A6%E7%9A%84%E5%8A%9B%E9%87%8F") }
        #expect(page.text.contains("href=\"/articles/zjrb-20102773#page-5\""))
    }

    @Test("the interface's own Chinese text uses full-width punctuation")
    func fullWidthPunctuation() async throws {
        let pages = try await WebFixture.withClient { client in
            [try await client.get("/search"), try await client.get("/"), try await client.get("/search?q=%22unterminated"),
             try await client.get("/articles/nosuch")]
        }
        let halfWidthAfterHan = try Regex("[\\u{4E00}-\\u{9FFF}][,;:()!?]")
        let code = try Regex("<code>.*?</code>")
        for page in pages {
            // Only the site's own words (no article text is on these pages); query examples in
            // <code> are written as they are typed.
            let text = page.text.replacing(code, with: "")
            let match = text.firstMatch(of: halfWidthAfterHan).map { String(text[$0.range]) }
            #expect(match == nil, "half-width punctuation after Chinese: \(match ?? "")")
        }
    }

    @Test("a search with more matches than its pages reach says where paging stops")
    func pagingLimitIsSaid() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-paging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let paper = Paper(name: "测试日报", slug: "csrb")
        _ = try await store.importContent(records: [], articles: (1...1_030).map { i in
            Article(id: "csrb-\(i)", paper: paper, date: IssueDate("2020-01-02")!, headline: "第\(i)篇", blocks: [.paragraph("长江的水。")],
                    placements: [Placement(page: PageRef(number: 1), order: i, blockStart: 0, blockEnd: 1)])
        })
        let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let page = try await client.get("/search?q=%E9%95%BF%E6%B1%9F")
            #expect(page.text.contains("共 1030 篇"))
            #expect(page.text.contains("翻页只到前 1000 篇"))
            // The whole result set is one download away, past the pages.
            #expect(page.text.contains("href=\"/search.csv?q=%E9%95%BF%E6%B1%9F\""))
            let csv = try await client.get("/search.csv?q=%E9%95%BF%E6%B1%9F")
            #expect(csv.status == .ok && csv.contentType.hasPrefix("text/csv"))
            let rows = csv.text.split(separator: "\r\n")
            #expect(rows.first == "id,date,paper,pages,kicker,headline,subtitle,score,snippet,url")
            #expect(rows.count == 1_031)
            #expect(Set(rows.dropFirst().map { $0.split(separator: ",")[0] }).count == 1_030)
            let jsonl = try await client.get("/search.jsonl?q=%E9%95%BF%E6%B1%9F&sort=date")
            let lines = jsonl.text.split(separator: "\n")
            #expect(lines.count == 1_030)
            let first = try JSONValue.parse(String(lines[0]))
            #expect(first["id"]?.string != nil && first["headlineSegments"] != nil)
            #expect(try await client.get("/search.csv?q=%22broken").status == .badRequest)
            let narrow = try await client.get("/search?q=%E9%95%BF%E6%B1%9F+%E7%AC%AC1%E7%AF%87")
            #expect(!narrow.text.contains("翻页只到"))
        }
    }
}
