import BroadsheetCore
import BroadsheetStore

/// An article as a line in a page or edition list.
struct ArticleItem {
    /// The article id, which ties the item to its region on the page image.
    var id: String
    var kicker: String?
    var headline: String
    var subtitle: String?
    var url: String
    struct Jump { var label: String; var url: String; var separator = "" }
    struct JumpList { var links: [Jump] }

    /// `上接第01版` where this page holds a continuation, linking to where the article starts.
    var continuation: Jump?
    /// The first words of the part printed on this page, on page views.
    var lead: String?
    /// `转第05版` where the article goes on elsewhere, each a link to its part on that page.
    var jumps: JumpList?

    init(_ summary: ArticleSummary, on page: Int, labels: [Int: String], lead: String? = nil) {
        id = summary.id
        kicker = summary.kicker.flatMap { $0.isEmpty ? nil : $0 }
        headline = summary.headline
        subtitle = summary.subtitle.flatMap { $0.isEmpty ? nil : $0 }
        self.lead = lead
        if summary.isContinuation {
            url = SiteURL.articlePart(id: summary.id, page: page).path
            let from = summary.pages.first(where: { $0 != page }) ?? summary.pages.first ?? page
            continuation = Jump(label: "上接第\(labels[from] ?? PageRef.defaultLabel(from))版", url: SiteURL.articlePart(id: summary.id, page: from).path)
        } else {
            url = SiteURL.article(id: summary.id).path
            let others = summary.pages.filter { $0 != page }
            jumps = others.isEmpty ? nil : JumpList(links: others.enumerated().map { i, p in
                Jump(label: "转第\(labels[p] ?? PageRef.defaultLabel(p))版", url: SiteURL.articlePart(id: summary.id, page: p).path,
                     separator: i == 0 ? "" : "、")
            })
        }
    }
}

/// A link in the 版面导航 bar.
struct PageNavItem {
    var label: String
    var url: String
    var current: Bool
    /// The page's thumbnail, where it has an image (版面导航 with thumbnails).
    var thumb: String?
}

/// A previous/next link.
struct NeighbourLink {
    var label: String
    var url: String
}

extension EditionDetail {
    /// Page labels by number, for `第A3版` in lists.
    var pageLabels: [Int: String] {
        Dictionary(pages.map { ($0.page.number, $0.page.label) }, uniquingKeysWith: { a, _ in a })
    }

    func pageNav(current: Int?) -> [PageNavItem] {
        pages.map {
            PageNavItem(label: "\($0.page.label)" + ($0.page.name.map { " \($0)" } ?? ""),
                        url: SiteURL.page(slug: paper.slug, date: date, page: $0.page.number).path,
                        current: $0.page.number == current,
                        thumb: $0.image.flatMap { MediaStore.isDigest($0.reference) ? SiteURL.media(sha256: $0.reference, path: "derived/\(MediaStore.Derivative.thumbnail.rawValue)").path : nil })
        }
    }

    /// Articles in reading order — by the page they start on, then their order there — each once.
    var readingOrder: [ArticleSummary] {
        var seen = Set<String>()
        return pages.flatMap { page in page.articles.filter { !$0.isContinuation } }.filter { seen.insert($0.id).inserted }
    }
}
