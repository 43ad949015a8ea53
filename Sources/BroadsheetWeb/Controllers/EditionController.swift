import BroadsheetCore
import BroadsheetStore

/// `/papers/{paper}/{date}`: the 版面导航 and the articles on each page.
enum EditionController {
    struct PageSection {
        var number: Int
        var label: String
        var name: String?
        var url: String
        var count: Int
        var articles: [ArticleItem]
    }

    struct View {
        var chrome: Chrome
        var paperName: String
        var paperURL: String
        var chinese: String
        var weekday: String
        var pageNav: [PageNavItem]
        var previous: NeighbourLink?
        var next: NeighbourLink?
        var pages: [PageSection]
        /// Shown to a token holder previewing an edition under embargo.
        var previewNote: String?
    }

    static func view(_ site: Site, slug: String, date: IssueDate, preview: EmbargoPreview<EditionDetail>? = nil) async throws -> View {
        let paper = try await site.paper(slug: slug)
        let edition: EditionDetail
        if let preview { edition = preview.content } else { edition = try await site.edition(slug: slug, date: date) }
        let (previous, next) = try await neighbours(site.store, slug: slug, date: date)
        let labels = edition.pageLabels
        return View(
            chrome: site.chrome(title: "\(paper.paper.name) \(date.chinese)",
                                feeds: [.init(title: "\(paper.paper.name) Atom", url: SiteURL.paperFeed(slug: slug).path)]),
            paperName: paper.paper.name, paperURL: SiteURL.paper(slug: slug).path, chinese: date.chinese, weekday: date.chineseWeekday,
            pageNav: edition.pageNav(current: nil), previous: previous, next: next,
            pages: edition.pages.map { page in
                PageSection(
                    number: page.page.number, label: page.page.label, name: page.page.name,
                    url: SiteURL.page(slug: slug, date: date, page: page.page.number).path, count: page.articles.count,
                    articles: page.articles.map { ArticleItem($0, on: page.page.number, labels: labels) })
            },
            previewNote: preview.map { "预览：本期禁发至 \(Labels.chineseTime($0.publishAt))，读者此前看不到。" })
    }

    /// The editions before and after `date` (the store lists them latest first).
    static func neighbours(_ store: any ArchiveStore, slug: String, date: IssueDate) async throws -> (NeighbourLink?, NeighbourLink?) {
        let dates = try await store.editions(paper: slug).map(\.date)
        let older = dates.filter { $0 < date }.max()
        let newer = dates.filter { $0 > date }.min()
        return (older.map { NeighbourLink(label: $0.chinese, url: SiteURL.edition(slug: slug, date: $0).path) },
                newer.map { NeighbourLink(label: $0.chinese, url: SiteURL.edition(slug: slug, date: $0).path) })
    }
}
