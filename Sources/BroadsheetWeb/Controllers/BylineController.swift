import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore

/// `/bylines/{name}`: every article whose text credits a reporter, writer or photographer
/// (`byline:` in the query language), newest first, with how many per year.
enum BylineController {
    static let pageSize = 50

    struct Year { var year: String; var count: Int; var url: String }

    struct View {
        var chrome: Chrome
        var name: String
        var total: Int
        var years: [Year]
        var hits: [SearchController.Hit]
        var pager: SearchController.Pager?
        var searchURL: String
        var trendsURL: String
        var exportCSV: String
    }

    static func view(_ site: Site, name raw: String, page: Int) async throws -> View {
        let name = raw.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 40, !name.contains(where: { $0 == "\"" || $0 == "“" || $0 == "”" }) else {
            throw WebError.badRequest("署名应是一个名字：\(raw)")
        }
        let pages = { (total: Int) in max(1, (total + pageSize - 1) / pageSize) }
        guard page >= 1, page <= SearchController.maxPage else {
            throw WebError.badRequest("页码应在 1 到 \(SearchController.maxPage) 之间。")
        }
        // The page's links search for `byline:"name"`: the name must be what that query says, as
        // the query language reads it (its quote marks include ＂ 「 」 『 』, found by
        // Stress/attack.sh as a 500).
        let filter = "byline:\"\(name)\""
        var expected = SearchFilters()
        expected.credits = [.byline(name)]
        guard let query = try? SearchQuery.parse(filter), query.expression == nil, query.filters == expected else {
            throw WebError.badRequest("署名应是一个名字：\(raw)")
        }
        let results = try await site.store.search(SearchRequest(
            query: query, sort: .date, limit: pageSize, offset: (page - 1) * pageSize))
        guard results.total > 0 else { throw WebError.notFound("没有署名为“\(name)”的文章。") }
        guard page <= pages(results.total) else { throw WebError.notFound("“\(name)”的文章没有第 \(page) 页。") }
        let years = results.facets.years.sorted { $0.value < $1.value }.map { y in
            Year(year: y.value, count: y.count, url: SiteURL.search(SearchForm(q: filter, from: "\(y.value)-01-01", to: "\(y.value)-12-31", sort: "date")).path)
        }
        let last = min(pages(results.total), SearchController.maxPage)
        let pager = last > 1 ? SearchController.Pager(
            previous: page > 1 ? SiteURL.byline(name: name, page: page - 1).path : nil,
            next: page < last ? SiteURL.byline(name: name, page: page + 1).path : nil, current: page, pages: last) : nil
        return View(
            chrome: site.chrome(title: "\(name) · 署名文章", query: filter),
            name: name, total: results.total, years: years, hits: results.hits.map { SearchController.hit($0) }, pager: pager,
            searchURL: SiteURL.search(SearchForm(q: filter, sort: "date")).path,
            trendsURL: "/trends?q=" + SiteURL.segment(filter),
            exportCSV: SiteURL.searchExport(SearchForm(q: filter, sort: "date"), format: .csv).path)
    }
}
