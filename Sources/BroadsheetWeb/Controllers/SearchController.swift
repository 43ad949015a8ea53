import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Hummingbird

/// `/search` and `/api/v1/search`: the search issue's query language in `q`, the form's filters
/// passed to the search as its form filters, facets as links that add one filter.
enum SearchController {
    static let pageSize = 20
    /// Deep paging costs the store more with every page and no reader goes there.
    static let maxPage = 50
    /// Longest paper or page name a filter takes, in code points (the API document's maxLength).
    static let maxFilterLength = 64

    static func form(_ parameters: Parameters) -> SearchForm {
        // Typed text is trimmed; the other fields are taken as they come, so ` 2019-01-01` is
        // refused as the API's document says rather than read as a date.
        func typed(_ name: String) -> String { (parameters.get(name) ?? "").trimmingCharacters(in: .whitespaces) }
        func value(_ name: String) -> String { parameters.get(name).map { String($0) } ?? "" }
        // A result page that is not a number is page 0, which `request` refuses, rather than
        // page 1 as though it had not been given.
        let p = value("p")
        return SearchForm(
            q: typed("q"), paper: typed("paper"), page: value("page"), section: typed("section"), from: value("from"), to: value("to"),
            sort: value("sort"), pageNumber: p.isEmpty ? 1 : Int(p) ?? 0)
    }

    /// The search the form asks for; a malformed field is a 400. A form with no query and no
    /// filter is nil, or with `emptyFindsAll` every article: in the API each parameter narrows
    /// the search and all are optional, so none at all narrows nothing.
    static func request(_ form: SearchForm, limit: Int = pageSize, emptyFindsAll: Bool = false) throws -> SearchRequest? {
        let empty = form.q.isEmpty && form.paper.isEmpty && form.page.isEmpty && form.section.isEmpty && form.from.isEmpty && form.to.isEmpty
        if empty && !emptyFindsAll { return nil }
        for (value, field) in [(form.paper, "报纸"), (form.section, "版名")] where value.unicodeScalars.count > maxFilterLength {
            throw WebError.badRequest("\(field)太长：最多 \(maxFilterLength) 个字符。")
        }
        var page: Int?
        if !form.page.isEmpty {
            guard let n = Int(form.page), n > 0, n < 1000 else { throw WebError.badRequest("版次应是一个数字：\(form.page)", hint: "例如 1 或 5。") }
            page = n
        }
        let from = try date(form.from, field: "起始日期"), to = try date(form.to, field: "结束日期")
        if let from, let to, from > to {
            throw WebError.badRequest("起始日期 \(from) 晚于结束日期 \(to)。", hint: "请对调两个日期。")
        }
        guard (1...maxPage).contains(form.pageNumber) else {
            throw WebError.badRequest("页码应在 1 到 \(maxPage) 之间。", hint: "请用筛选条件缩小范围。")
        }
        let sort = try sort(form)
        if empty {
            return SearchRequest(query: nil, sort: sort, limit: limit, offset: (form.pageNumber - 1) * limit)
        }
        do {
            return try SearchRequest(
                parsing: form.q, sort: sort, limit: limit, offset: (form.pageNumber - 1) * limit,
                paper: form.paper.isEmpty ? nil : form.paper, page: page, section: form.section.isEmpty ? nil : form.section,
                from: from, to: to)
        } catch let error as SearchQueryError {
            throw WebError.badRequest("检索式有误：\(error.chinese)", hint: "检索语法见检索页下方的说明。")
        }
    }

    static func date(_ text: String, field: String) throws -> IssueDate? {
        if text.isEmpty { return nil }
        guard text.utf8.count == 10, let d = IssueDate(text) else {
            throw WebError.badRequest("\(field)不是有效的日期：\(text)", hint: "日期写作 2019-11-25。")
        }
        return d
    }

    static func sort(_ form: SearchForm) throws -> SearchSort {
        if form.sort.isEmpty { return .relevance }
        guard let sort = SearchSort(rawValue: form.sort) else {
            throw WebError.badRequest("排序方式只能是 relevance（相关度）或 date（日期）：\(form.sort)")
        }
        return sort
    }


    // MARK: The page

    struct Segment { var text: String; var match: Bool }
    struct SnippetView { var leading: Bool; var trailing: Bool; var segments: [Segment] }
    struct Hit {
        var url: String
        var kicker: String?
        var headline: [Segment]
        var subtitle: String?
        var paper: String
        var date: String
        var pages: String
        /// The page the match stands on, the query's words marked on its image.
        var pageURL: String?
        var snippets: [SnippetView]
    }
    struct FacetLink { var label: String; var count: Int; var url: String; var active: Bool }
    struct FacetGroup { var title: String; var links: [FacetLink] }
    struct ActiveFilter { var label: String; var removeURL: String }
    struct Option { var value: String; var label: String; var selected: Bool }
    struct Pager { var previous: String?; var next: String?; var current: Int; var pages: Int }

    struct View {
        var chrome: Chrome
        var form: SearchForm
        var papers: [Option]
        var sorts: [Option]
        var searched: Bool
        var total: Int
        var range: String
        /// Said where paging stops short of the total.
        var pagingLimit: String?
        /// Every hit of this search, as files.
        var exportCSV: String?
        var exportJSONL: String?
        var feed: String?
        var hits: [Hit]
        var facets: [FacetGroup]
        /// The form's filters in force, each with the same search without it.
        var activeFilters: [ActiveFilter]
        /// Stored, not computed: the templates see stored properties only.
        var hasActiveFilters: Bool
        var pager: Pager?
        var syntax: [SyntaxHelp.Row]
        var syntaxNotes: [String]
    }

    static func view(_ site: Site, form: SearchForm) async throws -> View {
        let request = try request(form)
        var results: SearchResults?
        if let request { results = try await site.store.search(request) }
        let papers = try await site.store.papers()
        var hits: [Hit] = []
        var facets: [FacetGroup] = []
        var pager: Pager?
        var range = ""
        var pagingLimit: String?
        if let results {
            hits = results.hits.map { hit($0, q: form.q) }
            facets = facetGroups(results.facets, form: form)
            let pages = min(maxPage, (results.total + pageSize - 1) / pageSize)
            if pages > 1 {
                var prev = form, next = form
                prev.pageNumber -= 1
                next.pageNumber += 1
                pager = Pager(previous: form.pageNumber > 1 ? SiteURL.search(prev).path : nil,
                              next: form.pageNumber < pages ? SiteURL.search(next).path : nil, current: form.pageNumber, pages: pages)
            }
            if !results.hits.isEmpty { range = "第 \(results.offset + 1)–\(results.offset + results.hits.count) 篇" }
            if results.total > maxPage * pageSize {
                pagingLimit = "翻页只到前 \(maxPage * pageSize) 篇（共 \(maxPage) 页）；其余 \(results.total - maxPage * pageSize) 篇请用年份、报纸、版次或日期缩小范围，或下载全部结果。"
            }
        }
        let sort = (try? self.sort(form)) ?? .relevance
        let active = activeFilters(form, papers: papers)
        return View(
            chrome: site.chrome(title: form.q.isEmpty ? "检索" : "\(form.q) · 检索", query: form.q),
            form: form,
            papers: papers.map { Option(value: $0.paper.slug, label: $0.paper.name, selected: $0.paper.slug == form.paper) },
            sorts: [Option(value: "relevance", label: "按相关度", selected: sort == .relevance),
                    Option(value: "date", label: "按日期（新→旧）", selected: sort == .date)],
            searched: results != nil, total: results?.total ?? 0, range: range, pagingLimit: pagingLimit,
            exportCSV: results.map { _ in SiteURL.searchExport(form, format: .csv).path },
            exportJSONL: results.map { _ in SiteURL.searchExport(form, format: .jsonl).path },
            feed: results.map { _ in SiteURL.searchFeed(form).path },
            hits: hits, facets: facets,
            activeFilters: active, hasActiveFilters: !active.isEmpty, pager: pager,
            syntax: SyntaxHelp.rows, syntaxNotes: SyntaxHelp.notes)
    }

    /// Each filter of the form in force, with a link to the same search without it.
    static func activeFilters(_ form: SearchForm, papers: [PaperSummary]) -> [ActiveFilter] {
        func without(_ clear: (inout SearchForm) -> Void) -> String {
            var f = form
            clear(&f)
            f.pageNumber = 1
            return SiteURL.search(f).path
        }
        var out: [ActiveFilter] = []
        if !form.paper.isEmpty {
            let name = papers.first { $0.paper.slug == form.paper }?.paper.name ?? form.paper
            out.append(ActiveFilter(label: "报纸：\(name)", removeURL: without { $0.paper = "" }))
        }
        if !form.page.isEmpty { out.append(ActiveFilter(label: "第\(form.page)版", removeURL: without { $0.page = "" })) }
        if !form.section.isEmpty { out.append(ActiveFilter(label: "版名：\(form.section)", removeURL: without { $0.section = "" })) }
        if !form.from.isEmpty { out.append(ActiveFilter(label: "\(form.from) 起", removeURL: without { $0.from = "" })) }
        if !form.to.isEmpty { out.append(ActiveFilter(label: "至 \(form.to)", removeURL: without { $0.to = "" })) }
        return out
    }

    static func segments(_ s: [TextSegment]) -> [Segment] { s.map { Segment(text: $0.text, match: $0.isMatch) } }

    static func hit(_ h: SearchHit, q: String = "") -> Hit {
        let page = h.matchPage ?? h.pages.first?.number
        return Hit(
url: SiteURL.article(id: h.id, part: h.matchPage).path, kicker: h.kicker.flatMap { $0.isEmpty ? nil : $0 },
            headline: h.headlineSegments.isEmpty ? [Segment(text: h.headline, match: false)] : segments(h.headlineSegments),
            subtitle: h.subtitle.flatMap { $0.isEmpty ? nil : $0 }, paper: h.paper.name, date: h.date.chinese,
            pages: h.pages.map { "第\($0.label)版" + ($0.name.map { " \($0)" } ?? "") }.joined(separator: "、"),
            pageURL: page.map { SiteURL.pageHits(slug: h.paper.slug, date: h.date, page: $0, q: q).path },
            snippets: h.snippets.map { SnippetView(leading: $0.leadingEllipsis, trailing: $0.trailingEllipsis, segments: segments($0.segments)) })
    }

    /// Each facet value links to the same search narrowed by it, from the first result page.
    static func facetGroups(_ f: SearchFacets, form: SearchForm) -> [FacetGroup] {
        func link(_ c: FacetCount, _ apply: (inout SearchForm) -> Void, active: Bool) -> FacetLink {
            var narrowed = form
            apply(&narrowed)
            narrowed.pageNumber = 1
            return FacetLink(label: c.label, count: c.count, url: SiteURL.search(narrowed).path, active: active)
        }
        func period(_ value: String) -> (String, String)? {
            let parts = value.split(separator: "-").compactMap { Int($0) }
            if parts.count == 1 { return ("\(value)-01-01", "\(value)-12-31") }
            if parts.count == 2, let last = Optional(IssueDate.daysIn(month: parts[1], year: parts[0])) {
                return ("\(value)-01", "\(value)-\(last)")
            }
            return nil
        }
        var groups: [FacetGroup] = []
        let years = f.years.compactMap { c in period(c.value).map { p in link(c, { $0.from = p.0; $0.to = p.1 }, active: form.from == p.0 && form.to == p.1) } }
        if !years.isEmpty { groups.append(FacetGroup(title: "年份", links: years)) }
        let months = f.months.prefix(24).compactMap { c in period(c.value).map { p in link(c, { $0.from = p.0; $0.to = p.1 }, active: form.from == p.0 && form.to == p.1) } }
        if !months.isEmpty { groups.append(FacetGroup(title: "月份", links: Array(months))) }
        let papers = f.papers.map { c in link(c, { $0.paper = c.value }, active: form.paper == c.value) }
        if !papers.isEmpty { groups.append(FacetGroup(title: "报纸", links: papers)) }
        let pages = f.pages.prefix(40).map { c in link(c, { $0.page = c.value }, active: form.page == c.value) }
        // Page numbers mean something only within one paper: 第1版 of two papers is not one thing.
        if !pages.isEmpty && f.papers.count == 1 { groups.append(FacetGroup(title: "版次", links: Array(pages))) }
        // Reporters: the query gains `byline:名字` (a name has no spaces to quote).
        let filters = Set(form.q.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init))
        let authors = f.authors.map { c in
            let filter = c.filter(kind: .author)
            return link(c, { $0.q = filters.contains(filter) ? $0.q : ($0.q.isEmpty ? filter : $0.q + " " + filter) }, active: filters.contains(filter))
        }
        if !authors.isEmpty { groups.append(FacetGroup(title: "记者", links: authors)) }
        return groups
    }

    static func page(_ site: Site, form: SearchForm) async throws -> Response {
        site.html("search", try await view(site, form: form))
    }

    // MARK: Exports

    /// `/search.csv`, `/search.jsonl`: every hit, streamed.
    static func export(_ site: Site, form: SearchForm, format: SearchExport.Format) throws -> Response {
        guard let request = try request(form) else { throw WebError.badRequest("缺少检索式 q 或筛选条件。") }
        let lines = SearchExport.lines(site.store, request, query: form.q, format: format)
        var headers = HTTPFields()
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"search.\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var buffer = ByteBuffer()
            for try await line in lines {
                buffer.writeString(line)
                if buffer.readableBytes >= 64 * 1024 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            try await writer.write(buffer)
            try await writer.finish(nil)
        })
    }

    // MARK: The API

    struct SegmentJSON: Codable, Equatable { var text: String; var match: Bool }
    struct SnippetJSON: Codable, Equatable { var leadingEllipsis: Bool; var trailingEllipsis: Bool; var segments: [SegmentJSON] }
    struct PageJSON: Codable, Equatable { var number: Int; var label: String; var name: String? }
    struct HitJSON: Codable, Equatable {
        var id: String
        var paper: APIController.PaperRef
        var date: String
        var kicker: String?
        var headline: String
        var subtitle: String?
        var headlineSegments: [SegmentJSON]
        var pages: [PageJSON]
        var snippets: [SnippetJSON]
        var score: Double?
        var links: APIController.Links
    }
    struct FacetJSON: Codable, Equatable { var value: String; var label: String; var count: Int }
    struct FacetsJSON: Codable, Equatable {
        var years: [FacetJSON]; var months: [FacetJSON]; var papers: [FacetJSON]; var pages: [FacetJSON]; var authors: [FacetJSON]
    }
    struct ResultsJSON: Codable, Equatable {
        var query: String
        var sort: String
        var total: Int
        var offset: Int
        var limit: Int
        var hits: [HitJSON]
        var facets: FacetsJSON
    }

    static func api(_ site: Site, form: SearchForm) async throws -> Response {
        guard let request = try request(form, emptyFindsAll: true) else { throw WebError.badRequest("缺少检索式 q 或筛选条件。") }
        return try APIController.json(resultsJSON(try await site.store.search(request), query: form.q))
    }

    /// One hit in the API's documented shape.
    static func hitJSON(_ h: SearchHit) -> HitJSON {
        func seg(_ s: [TextSegment]) -> [SegmentJSON] { s.map { SegmentJSON(text: $0.text, match: $0.isMatch) } }
        return HitJSON(
            id: h.id, paper: .init(name: h.paper.name, slug: h.paper.slug), date: h.date.description, kicker: h.kicker,
            headline: h.headline, subtitle: h.subtitle, headlineSegments: seg(h.headlineSegments),
            pages: h.pages.map { PageJSON(number: $0.number, label: $0.label, name: $0.name) },
            snippets: h.snippets.map { SnippetJSON(leadingEllipsis: $0.leadingEllipsis, trailingEllipsis: $0.trailingEllipsis, segments: seg($0.segments)) },
            score: h.score.flatMap { $0.isFinite ? $0 : nil },
            links: .init(api: SiteURL.apiArticle(id: h.id).path, html: SiteURL.article(id: h.id).path))
    }

    /// Results in the API's documented shape (`/api/v1/search`, also `broadsheet search --json`).
    static func resultsJSON(_ r: SearchResults, query: String) -> ResultsJSON {
        func facets(_ c: [FacetCount]) -> [FacetJSON] { c.map { FacetJSON(value: $0.value, label: $0.label, count: $0.count) } }
        return ResultsJSON(
            query: query, sort: r.sort.rawValue, total: r.total, offset: r.offset, limit: r.limit,
            hits: r.hits.map(hitJSON),
            facets: FacetsJSON(
                years: facets(r.facets.years), months: facets(r.facets.months), papers: facets(r.facets.papers),
                pages: facets(r.facets.pages), authors: facets(r.facets.authors)))
    }
}

/// Search results as `/api/v1/search` answers them (the OpenAPI document's `SearchResults`), for
/// other front ends that print the same JSON, such as `broadsheet search --json`.
public func searchResultsJSON(_ results: SearchResults, query: String, pretty: Bool = false) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(SearchController.resultsJSON(results, query: query))
}
