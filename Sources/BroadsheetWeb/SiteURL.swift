import BroadsheetCore
import Foundation

/// Every URL of the reader and the API, built in one place so routes, templates, feeds, the
/// sitemap and the API's links can never disagree.
///
/// The shapes are chosen to be stable and readable: a paper slug, an ISO date, a page number
/// and the archive's article id, e.g. `/papers/zjrb/2019-11-25/pages/5`.
public enum SiteURL: Sendable, Hashable {
    case home
    case paper(slug: String)
    /// The paper's calendar of one year.
    case paperYear(slug: String, year: Int)
    case edition(slug: String, date: IssueDate)
    case page(slug: String, date: IssueDate, page: Int)
    /// A page opened from a search: the words that match `q` marked on its image.
    case pageHits(slug: String, date: IssueDate, page: Int, q: String)
    /// The page image at full size, scrollable, with its article regions.
    case pageZoom(slug: String, date: IssueDate, page: Int)
    /// A file of the media folder: `derived/medium.webp`, `original.pdf`.
    case media(sha256: String, path: String)
    /// The IIIF Image API service of a page image (level 0: its tiles and sizes).
    case iiifImage(sha256: String)
    /// The IIIF Presentation 3 manifest of an edition's page images.
    case iiifManifest(slug: String, date: IssueDate)
    case article(id: String)
    /// Earlier version `seq` of a corrected article, and what changed from it to the next.
    case version(id: String, seq: Int)
    case versionDiff(id: String, seq: Int)
    /// The articles a reporter, writer or photographer is credited with (`byline:`).
    case byline(name: String, page: Int)
    /// The part of an article printed on `page`: an anchor inside the article page.
    case articlePart(id: String, page: Int)
    case search(SearchForm)
    /// Every hit of a search, whole, as CSV or JSON Lines.
    case searchExport(SearchForm, format: SearchExport.Format)
    /// The newest hits of a search as Atom.
    case searchFeed(SearchForm)
    case paperFeed(slug: String)
    case sectionFeed(slug: String, section: String)
    case sitemap
    /// The home page and every paper's page.
    case sitemapPapers
    /// One month of a paper: its editions, pages and articles (a daily's month is far below
    /// the protocol's 50,000 URLs a file).
    case sitemapMonth(slug: String, month: String)
    case openSearch
    case healthz
    case metrics
    case stylesheet
    case apiPapers
    case apiPaper(slug: String)
    case apiEditions(slug: String)
    case apiEdition(slug: String, date: IssueDate)
    case apiPage(slug: String, date: IssueDate, page: Int)
    case apiArticle(id: String)
    /// The earlier versions of a corrected article.
    case apiVersions(id: String)
    case apiSearch(SearchForm)
    case openAPI

    /// The path (and query or fragment, where there is one), relative to the site root.
    /// An article, at the part on `page` when there is one.
    static func article(id: String, part page: Int?) -> SiteURL {
        page.map { .articlePart(id: id, page: $0) } ?? .article(id: id)
    }

    public var path: String {
        switch self {
        case .home: return "/"
        case .paper(let slug): return "/papers/\(Self.segment(slug))"
        case .paperYear(let slug, let year): return "/papers/\(Self.segment(slug))?year=\(year)"
        case .edition(let slug, let date): return "/papers/\(Self.segment(slug))/\(date)"
        case .page(let slug, let date, let page): return "/papers/\(Self.segment(slug))/\(date)/pages/\(page)"
        case .pageHits(let slug, let date, let page, let q):
            return SiteURL.page(slug: slug, date: date, page: page).path + (q.isEmpty ? "" : "?q=\(Self.segment(q))")
        case .pageZoom(let slug, let date, let page): return "/papers/\(Self.segment(slug))/\(date)/pages/\(page)/zoom"
        case .media(let sha, let path): return "/media/\(sha)/\(path)"
        case .iiifImage(let sha): return "/iiif/image/\(sha)"
        case .iiifManifest(let slug, let date): return "/iiif/\(Self.segment(slug))/\(date)/manifest.json"
        case .article(let id): return "/articles/\(Self.segment(id))"
        case .version(let id, let seq): return "/articles/\(Self.segment(id))/versions/\(seq)"
        case .versionDiff(let id, let seq): return "/articles/\(Self.segment(id))/versions/\(seq)/diff"
        case .byline(let name, let page): return "/bylines/\(Self.segment(name))" + (page > 1 ? "?p=\(page)" : "")
        case .articlePart(let id, let page): return "/articles/\(Self.segment(id))#\(Self.partAnchor(page: page))"
        case .search(let form): return "/search" + form.queryString
        case .searchExport(let form, let format):
            var all = form
            all.pageNumber = 1
            return "/search.\(format.rawValue)" + all.queryString
        case .searchFeed(let form):
            var newest = form
            newest.pageNumber = 1
            newest.sort = ""
            return "/search.atom" + newest.queryString
        case .paperFeed(let slug): return "/papers/\(Self.segment(slug))/feed.atom"
        case .sectionFeed(let slug, let section): return "/papers/\(Self.segment(slug))/sections/\(Self.segment(section))/feed.atom"
        case .sitemap: return "/sitemap.xml"
        case .sitemapPapers: return "/sitemaps/papers.xml"
        case .sitemapMonth(let slug, let month): return "/sitemaps/\(Self.segment(slug))/\(month).xml"
        case .openSearch: return "/opensearch.xml"
        case .healthz: return "/healthz"
        case .metrics: return "/metrics"
        case .stylesheet: return "/static/style.css"
        case .apiPapers: return "/api/v1/papers"
        case .apiPaper(let slug): return "/api/v1/papers/\(Self.segment(slug))"
        case .apiEditions(let slug): return "/api/v1/papers/\(Self.segment(slug))/editions"
        case .apiEdition(let slug, let date): return "/api/v1/papers/\(Self.segment(slug))/editions/\(date)"
        case .apiPage(let slug, let date, let page): return "/api/v1/papers/\(Self.segment(slug))/editions/\(date)/pages/\(page)"
        case .apiArticle(let id): return "/api/v1/articles/\(Self.segment(id))"
        case .apiVersions(let id): return "/api/v1/articles/\(Self.segment(id))/versions"
        case .apiSearch(let form): return "/api/v1/search" + form.queryString
        case .openAPI: return "/api/v1/openapi.json"
        }
    }

    /// The absolute URL under `base` (e.g. `http://127.0.0.1:8080`), for feeds and the sitemap.
    public func absolute(_ base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    /// The anchor of an article part: `page-5`.
    public static func partAnchor(page: Int) -> String { "page-\(page)" }
    /// The anchor of an outgoing jump line towards `page`, the target of the “上接” link back.
    public static func jumpAnchor(toPage page: Int) -> String { "continues-\(page)" }

    /// Route patterns for the router; each mirrors one case above.
    public enum Route {
        public static let home = "/"
        public static let paper = "/papers/:paper"
        public static let edition = "/papers/:paper/:date"
        public static let page = "/papers/:paper/:date/pages/:page"
        public static let pageZoom = "/papers/:paper/:date/pages/:page/zoom"
        public static let media = "/media/:sha/**"
        public static let iiifInfo = "/iiif/image/:sha/info.json"
        public static let iiifTile = "/iiif/image/:sha/**"
        public static let iiifManifest = "/iiif/:paper/:date/manifest.json"
        public static let article = "/articles/:id"
        public static let byline = "/bylines/:name"
        public static let apiImports = "/api/v1/imports"
        public static let apiLog = "/api/v1/log"
        public static let apiRestore = "/api/v1/articles/:id/restore"
        public static let apiVersions = "/api/v1/articles/:id/versions"
        public static let version = "/articles/:id/versions/:seq"
        public static let versionDiff = "/articles/:id/versions/:seq/diff"
        public static let search = "/search"
        public static let searchCSV = "/search.csv"
        public static let searchJSONL = "/search.jsonl"
        public static let paperFeed = "/papers/:paper/feed.atom"
        public static let sectionFeed = "/papers/:paper/sections/:section/feed.atom"
        public static let sitemap = "/sitemap.xml"
        public static let sitemapPapers = "/sitemaps/papers.xml"
        public static let sitemapMonth = "/sitemaps/:paper/:month"
        public static let openSearch = "/opensearch.xml"
        public static let healthz = "/healthz"
        public static let metrics = "/metrics"
        public static let staticFile = "/static/:file"
        public static let apiPapers = "/api/v1/papers"
        public static let apiPaper = "/api/v1/papers/:paper"
        public static let apiEditions = "/api/v1/papers/:paper/editions"
        public static let apiEdition = "/api/v1/papers/:paper/editions/:date"
        public static let apiPage = "/api/v1/papers/:paper/editions/:date/pages/:page"
        public static let apiArticle = "/api/v1/articles/:id"
        public static let apiSearch = "/api/v1/search"
        public static let openAPI = "/api/v1/openapi.json"
    }

    /// Characters left as they are in a path segment or query value; everything else is
    /// percent-encoded, so a page name such as `要闻` or a query with `&` stays one value.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}

/// The search page's form: the query in the search language plus the filters shown as form
/// controls (paper, page number, page name, date range), sort and result page.
public struct SearchForm: Sendable, Hashable {
    public var q: String = ""
    public var paper: String = ""
    public var page: String = ""
    /// Page name (版名).
    public var section: String = ""
    public var from: String = ""
    public var to: String = ""
    public var sort: String = ""
    /// 1-based result page.
    public var pageNumber: Int = 1

    public init(q: String = "", paper: String = "", page: String = "", section: String = "", from: String = "", to: String = "", sort: String = "", pageNumber: Int = 1) {
        self.q = q
        self.paper = paper
        self.page = page
        self.section = section
        self.from = from
        self.to = to
        self.sort = sort
        self.pageNumber = pageNumber
    }

    /// Only the non-empty parameters, in a fixed order so equal forms give equal URLs.
    var queryString: String {
        var items: [(String, String)] = []
        if !q.isEmpty { items.append(("q", q)) }
        if !paper.isEmpty { items.append(("paper", paper)) }
        if !page.isEmpty { items.append(("page", page)) }
        if !section.isEmpty { items.append(("section", section)) }
        if !from.isEmpty { items.append(("from", from)) }
        if !to.isEmpty { items.append(("to", to)) }
        if !sort.isEmpty { items.append(("sort", sort)) }
        if pageNumber > 1 { items.append(("p", String(pageNumber))) }
        if items.isEmpty { return "" }
        return "?" + items.map { "\($0.0)=\(SiteURL.segment($0.1))" }.joined(separator: "&")
    }
}
