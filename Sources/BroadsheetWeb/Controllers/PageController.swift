import BroadsheetCore
import BroadsheetStore
import Foundation

/// `/papers/{paper}/{date}/pages/{n}`: one page (版) with its articles in order.
enum PageController {
    struct View {
        var chrome: Chrome
        var paperName: String
        var paperURL: String
        var editionURL: String
        var chinese: String
        var weekday: String
        var label: String
        var name: String?
        var scan: PageScanView?
        var schematic: PageSchematic?
        var feed: String?
        var pageNav: [PageNavItem]
        var articles: [ArticleItem]
        var previous: NeighbourLink?
        var next: NeighbourLink?
    }

    /// `zoom`: the image at full size; `query`: a search's words marked on it (where the page has word boxes).
    static func view(_ site: Site, slug: String, date: IssueDate, number: Int, zoom: Bool = false, query: String? = nil) async throws -> View {
        let paper = try await site.paper(slug: slug)
        let edition = try await site.edition(slug: slug, date: date)
        guard let index = edition.pages.firstIndex(where: { $0.page.number == number }) else {
            throw WebError.notFound("\(paper.paper.name) \(date.chinese) 没有第\(number)版")
        }
        let page = edition.pages[index]
        let labels = edition.pageLabels
        // The lead of each article is the start of the part printed on this page, as a reader of
        // the printed page would see it.
        var items: [ArticleItem] = []
        var lengths: [(url: String, headline: String, length: Int)] = []
        for summary in page.articles {
            let article = try await site.store.article(id: summary.id)
            let text = article.flatMap { Self.lead(of: $0, onPage: number) }
            let item = ArticleItem(summary, on: number, labels: labels, lead: text)
            items.append(item)
            lengths.append((item.url, summary.headline, article.map { Self.length(of: $0, onPage: number) } ?? 0))
        }
        var scan: PageScanView?
        if let image = page.image, let width = image.width, let height = image.height, MediaStore.isDigest(image.reference),
           site.configuration.mediaRoot != nil {
            let derivative = zoom ? MediaStore.Derivative.large : .medium
            var hits: [PageScanView.Box] = []
            if let query {
                let revision = try await site.store.revision()
                hits = try await PageWords.hits(key: "\(slug)/\(date)/\(number)@\(revision)", query: query, imageWidth: width) {
                    try await site.store.pageOCR(paper: slug, date: date, page: number)
                }
            }
            scan = PageScanView(
                imageURL: SiteURL.media(sha256: image.reference, path: "derived/\(derivative.rawValue)").path,
                width: width, height: height, zoom: zoom,
                zoomURL: SiteURL.pageZoom(slug: slug, date: date, page: number).path,
                pageURL: SiteURL.page(slug: slug, date: date, page: number).path,
                pdfURL: page.pdf.map { SiteURL.media(sha256: $0, path: "original.pdf").path },
                manifestURL: SiteURL.iiifManifest(slug: slug, date: date).path,
                // Larger regions first, so a small one inside a large one's box stays on top and clickable.
                areas: zip(page.articles, items).flatMap { summary, item in
                    summary.regions.map { (PageScanView.area($0), PageScanView.Area(id: summary.id, url: item.url, headline: summary.headline, points: PageScanView.points($0))) }
                }.sorted { $0.0 > $1.0 }.map(\.1),
                hits: hits, hitCount: hits.count, query: query)
        }
        func link(_ i: Int) -> NeighbourLink? {
            guard edition.pages.indices.contains(i) else { return nil }
            let p = edition.pages[i].page
            return NeighbourLink(label: Labels.pageTitle(p), url: SiteURL.page(slug: slug, date: date, page: p.number).path)
        }
        let section = Labels.section(page.page)
        return View(
            chrome: site.chrome(title: "\(paper.paper.name) \(date.chinese) \(Labels.pageTitle(page.page))",
                                feeds: [.init(title: "\(paper.paper.name) \(section) Atom", url: SiteURL.sectionFeed(slug: slug, section: section).path)]),
            paperName: paper.paper.name, paperURL: SiteURL.paper(slug: slug).path, editionURL: SiteURL.edition(slug: slug, date: date).path,
            chinese: date.chinese, weekday: date.chineseWeekday, label: page.page.label, name: page.page.name, scan: scan,
            schematic: scan == nil ? PageSchematic(lengths) : nil,
            feed: SiteURL.sectionFeed(slug: slug, section: section).path,
            pageNav: edition.pageNav(current: number), articles: items, previous: link(index - 1), next: link(index + 1))
    }

    /// How much of the article's text stands on `page`, in characters.
    static func length(of article: Article, onPage page: Int) -> Int {
        guard let placement = article.placements.first(where: { $0.page.number == page }) else { return 0 }
        let range = max(0, placement.blockStart)..<min(article.blocks.count, max(placement.blockStart, placement.blockEnd))
        return article.blocks[range].reduce(0) { $0 + $1.text.count }
    }

    static func lead(of article: Article, onPage page: Int) -> String? {
        guard let placement = article.placements.first(where: { $0.page.number == page }) else { return nil }
        let range = max(0, placement.blockStart)..<min(article.blocks.count, max(placement.blockStart, placement.blockEnd))
        for block in article.blocks[range] {
            if case .paragraph(let text) = block, !text.trimmingCharacters(in: .whitespaces).isEmpty {
                return Labels.excerpt(text)
            }
        }
        return nil
    }
}
