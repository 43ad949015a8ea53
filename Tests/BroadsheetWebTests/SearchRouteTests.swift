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
        #expect(page.text.contains("href=\"/articles/zjrb-20102773\""))
        #expect(page.text.contains("value=\"台州红云\""), "the query stays in the form")
    }

    @Test("facets are links that narrow the search") func facetsAreLinksThatNarrowTheSearch() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/search?q=\(Self.台州红云)") }
        #expect(page.text.contains("href=\"/search?q=\(Self.台州红云)&amp;paper=zjrb\""))
        #expect(page.text.contains("href=\"/search?q=\(Self.台州红云)&amp;from=2019-11-01&amp;to=2019-11-30\""))
        #expect(page.text.contains("href=\"/search?q=\(Self.台州红云)&amp;page=5\""))
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
        let older = try #require(page.text.range(of: "href=\"/articles/zjrb-20102773\""))
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
    }
}
