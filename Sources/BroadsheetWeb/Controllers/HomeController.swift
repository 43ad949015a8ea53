import BroadsheetCore
import BroadsheetStore

/// `/`: the papers and their latest editions.
enum HomeController {
    struct PaperItem {
        struct Latest { var url: String; var chinese: String; var weekday: String }
        var name: String
        var url: String
        var feed: String
        var latest: Latest?
        var editions: Int
        var articles: Int
        var range: String
    }

    struct View {
        var chrome: Chrome
        var papers: [PaperItem]
    }

    static func papers(_ store: any ArchiveStore) async throws -> [PaperItem] {
        try await store.papers().map { p in
            PaperItem(
                name: p.paper.name, url: SiteURL.paper(slug: p.paper.slug).path, feed: SiteURL.paperFeed(slug: p.paper.slug).path,
                latest: p.lastDate.map { .init(url: SiteURL.edition(slug: p.paper.slug, date: $0).path, chinese: $0.chinese, weekday: $0.chineseWeekday) },
                editions: p.editions, articles: p.articles, range: dateRange(p.firstDate, p.lastDate))
        }
    }

    static func view(_ site: Site) async throws -> View {
        let papers = try await papers(site.store)
        return View(
            chrome: site.chrome(title: "Broadsheet 数字报 · 报纸档案", description: "报纸数字档案：按日期和版面阅读，全文检索。",
                                feeds: papers.map { .init(title: "\($0.name) Atom", url: $0.feed) }),
            papers: papers)
    }

    static func dateRange(_ first: IssueDate?, _ last: IssueDate?) -> String {
        switch (first, last) {
        case let (f?, l?) where f == l: return f.chinese
        case let (f?, l?): return "\(f.chinese)—\(l.chinese)"
        default: return "暂无"
        }
    }
}
