import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Testing

/// What trends, concordances and exports ask of a backend beyond one page of search: month
/// counts, matching texts in date order, every hit in order. Each must agree with `search`.
@Suite("Contract: research tools")
struct ResearchContract {
    static let queries = ["南京", "红云", "的", "南京 date:2019-11", "红云 -paper:zjrb", "title:红云", "nothing-here"]

    /// The search contract's articles plus a few that share dates, pages and terms.
    static var items: [SearchItem] {
        SearchContract.items + (1...12).map { i in
            SearchItem(id: "extra-\(i)", date: "2019-11-\(10 + i % 3)", headline: "南京的第\(i)篇",
                       body: "南京的新闻，红云的消息，第\(i)条。", pages: [(1 + i % 4, "要闻")])
        }
    }

    @Test("month counts are the search's month facets, and add up to its total", arguments: Backend.all)
    func monthCounts(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        for q in Self.queries + [""] {
            let request = q.isEmpty ? SearchRequest(query: nil, limit: 0) : try SearchRequest(parsing: q, limit: 0)
            let results = try await store.search(request)
            let facets = Dictionary(results.facets.months.map { ($0.value, $0.count) }, uniquingKeysWith: +)
            let counts = try await store.monthCounts(request)
            #expect(counts == facets, "\(q)")
            #expect(counts.values.reduce(0, +) == results.total, "\(q)")
        }
    }

    @Test("matching texts come in the order of the date sort, in any window", arguments: Backend.all)
    func matchingTexts(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        for q in Self.queries {
            let byDate = try await store.search(SearchRequest(parsing: q, sort: .date, limit: 100, includeFacets: false))
            let all = try await store.matchingTexts(try SearchRequest(parsing: q), offset: 0, limit: 100)
            #expect(all.total == byDate.total, "\(q)")
            #expect(all.texts.map(\.id) == byDate.hits.map(\.id), "\(q)")
            let window = try await store.matchingTexts(try SearchRequest(parsing: q), offset: 2, limit: 3)
            #expect(window.texts.map(\.id) == Array(byDate.hits.map(\.id).dropFirst(2).prefix(3)), "\(q)")
            for text in all.texts {
                let article = try #require(try await store.article(id: text.id))
                #expect(text == ArticleText(article))
            }
        }
    }

    @Test("every hit comes once, in the order of the search's pages, with their scores", arguments: Backend.all)
    func everyHit(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        for q in Self.queries {
            for sort in SearchSort.allCases {
                var paged: [SearchHit] = []
                var offset = 0
                while true {
                    let page = try await store.search(SearchRequest(parsing: q, sort: sort, limit: 4, offset: offset, includeFacets: false))
                    paged += page.hits
                    offset += page.hits.count
                    if page.hits.isEmpty || offset >= page.total { break }
                }
                var streamed: [SearchHit] = []
                for try await hit in store.everyHit(try SearchRequest(parsing: q, sort: sort)) { streamed.append(hit) }
                #expect(streamed == paged, "\(q) by \(sort)")
            }
        }
    }
}
