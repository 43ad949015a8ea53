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
        var image: String?
        var feed: String?
        var pageNav: [PageNavItem]
        var articles: [ArticleItem]
        var previous: NeighbourLink?
        var next: NeighbourLink?
    }

    static func view(_ site: Site, slug: String, date: IssueDate, number: Int) async throws -> View {
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
        for summary in page.articles {
            let article = try await site.store.article(id: summary.id)
            let text = article.flatMap { Self.lead(of: $0, onPage: number) }
            items.append(ArticleItem(summary, on: number, labels: labels, lead: text))
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
            chinese: date.chinese, weekday: date.chineseWeekday, label: page.page.label, name: page.page.name, image: page.image?.reference,
            feed: SiteURL.sectionFeed(slug: slug, section: section).path,
            pageNav: edition.pageNav(current: number), articles: items, previous: link(index - 1), next: link(index + 1))
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
