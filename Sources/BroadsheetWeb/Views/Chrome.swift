import BroadsheetCore
import Foundation

/// What every HTML page shows around its content: title, masthead search box, links.
struct Chrome {
    struct FeedLink { var title: String; var url: String }

    var title: String
    var description: String?
    /// Already-escaped JSON for a `<script type="application/ld+json">`; see `JSONLD.script`.
    var jsonLD: String?
    var feeds: [FeedLink] = []
    /// The query shown in the masthead search box.
    var query: String = ""
    var maxQuery: Int = 256
    let home = SiteURL.home.path
    let search = SiteURL.search(SearchForm()).path
    let stylesheet = SiteURL.stylesheet.path
    let openSearch = SiteURL.openSearch.path
    let apiDoc = SiteURL.openAPI.path
    let sitemap = SiteURL.sitemap.path

    init(title: String, description: String? = nil, jsonLD: String? = nil, feeds: [FeedLink] = [], query: String = "", maxQuery: Int = 256) {
        self.title = title
        self.description = description
        self.jsonLD = jsonLD
        self.feeds = feeds
        self.query = query
        self.maxQuery = maxQuery
    }
}

/// Labels readers expect on a Chinese newspaper site.
enum Labels {
    /// An archive time, `2026-11-30T00:45:09Z`, as 2026年11月30日 00:45（UTC）.
    static func chineseTime(_ iso: String) -> String {
        let parts = iso.split(whereSeparator: { $0 == "T" || $0 == "Z" })
        guard parts.count >= 2, let date = IssueDate(String(parts[0])) else { return iso }
        return "\(date.chinese) \(parts[1].prefix(5))（UTC）"
    }

    /// `第05版：要闻`.
    static func pageTitle(_ p: PageRef) -> String {
        "第\(p.label)版" + (p.name.map { "：\($0)" } ?? "")
    }
    /// The feed section of a page: its name, or `第N版` where the paper gives none.
    static func section(_ p: PageRef) -> String { p.name ?? "第\(p.label)版" }

    static func excerpt(_ text: String, limit: Int = 90) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count <= limit ? t : String(t.prefix(limit)) + "……"
    }
}
