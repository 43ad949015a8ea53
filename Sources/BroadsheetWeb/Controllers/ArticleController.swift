import BroadsheetCore
import BroadsheetStore
import Foundation

/// `/articles/{id}`: one article whole, from its first part to its continuation.
enum ArticleController {
    struct BlockView {
        struct Jump { var direction: String; var id: String; var text: String; var url: String?; var repeated: String? }
        struct Text { var text: String }
        var paragraph: Text?
        var subhead: Text?
        var jump: Jump?
    }

    /// The run of blocks printed on one page (or several, where the paper printed it twice).
    struct Part {
        var anchor: String
        var extraAnchors: [String]
        var label: String
        var name: String?
        /// The part as printed: its region cut from the page image, where both are known.
        var clipping: Clipping?
        var showLabel: Bool
        var blocks: [BlockView]
    }

    struct PageLink { var label: String; var name: String?; var url: String }
    /// An SVG whose view box is the part's region on the page image (in the image's pixels).
    struct Clipping {
        var imageURL: String
        var width: Int
        var height: Int
        var box: PageScanView.Box
        var label: String
        var pageURL: String
    }
    struct NameLink { var name: String; var url: String; var separator: String }
    struct VersionLink { var label: String; var url: String; var diffURL: String; var separator: String }
    struct Correction { var last: String; var versions: [VersionLink] }
    /// What the text credits (`CreditReader`), each name a link.
    struct CreditsView {
        struct Group { var label: String; var names: [NameLink] }
        var groups: [Group]
    }
    struct ArticleLink { var headline: String; var url: String }
    struct RelatedLink { var headline: String; var url: String; var date: String; var paper: String }

    struct View {
        var chrome: Chrome
        var paperName: String
        var paperURL: String
        var editionURL: String
        var chinese: String
        var weekday: String
        var firstPageURL: String
        var firstPageLabel: String
        var kicker: String?
        var headline: String
        var subtitle: String?
        var hasBylines: Bool
        var bylines: [String]
        var credits: CreditsView?
        var onPages: [PageLink]
        var parts: [Part]
        var apiURL: String
        var previous: ArticleLink?
        var next: ArticleLink?
        /// The 更正 note: when the text was corrected, with links to the earlier versions.
        var correction: Correction?
        /// Up to `relatedCount` related articles (`Relatedness`).
        var related: [RelatedLink]
        var hasRelated: Bool
        /// Shown to a token holder previewing an article under embargo.
        var previewNote: String?
    }

    static let relatedCount = 5

    static func view(_ site: Site, id: String, preview: EmbargoPreview<Article>? = nil) async throws -> View {
        let article: Article
        if let preview {
            article = preview.content
        } else {
            article = try await site.article(id: id) { SiteURL.article(id: $0.id, part: $0.page) }
        }
        let edition = try await site.store.edition(paper: article.paper.slug, date: article.date)
        let slug = article.paper.slug
        let date = article.date
        let pages = placedPages(article)
        let first = article.placements.first?.page ?? PageRef(number: 1)
        var previous: ArticleLink?, next: ArticleLink?
        if let order = edition?.readingOrder, let i = order.firstIndex(where: { $0.id == article.id }) {
            if i > 0 { previous = ArticleLink(headline: order[i - 1].headline, url: SiteURL.article(id: order[i - 1].id).path) }
            if i + 1 < order.count { next = ArticleLink(headline: order[i + 1].headline, url: SiteURL.article(id: order[i + 1].id).path) }
        }
        let versions = try await site.store.versions(of: article.id)
        let correction = versions.isEmpty ? nil : Correction(
            last: Labels.chineseTime(versions.last!.replaced),
            versions: versions.enumerated().map { i, v in
                VersionLink(label: "第 \(v.seq + 1) 版（\(Labels.chineseTime(v.replaced)) 前）",
                            url: SiteURL.version(id: article.id, seq: v.seq).path, diffURL: SiteURL.versionDiff(id: article.id, seq: v.seq).path,
                            separator: i == 0 ? "" : "；")
            })
        let related = try await site.store.related(to: article.id, limit: relatedCount).map {
            RelatedLink(headline: $0.headline, url: SiteURL.article(id: $0.id).path, date: $0.date.chinese, paper: $0.paper.name)
        }
        let credits = CreditReader.read(article)
        let jsonLD = JSONLD.script(newsArticle(article, credits: credits, base: site.configuration.publicBaseURL))
        return View(
            chrome: site.chrome(title: "\(article.headline) · \(article.paper.name) \(date.chinese)",
                                description: article.subtitle ?? Labels.excerpt(article.bodyText, limit: 120), jsonLD: jsonLD),
            paperName: article.paper.name, paperURL: SiteURL.paper(slug: slug).path, editionURL: SiteURL.edition(slug: slug, date: date).path,
            chinese: date.chinese, weekday: date.chineseWeekday,
            firstPageURL: SiteURL.page(slug: slug, date: date, page: first.number).path, firstPageLabel: first.label,
            kicker: nonEmpty(article.kicker), headline: article.headline, subtitle: nonEmpty(article.subtitle),
            hasBylines: !article.bylines.isEmpty, bylines: article.bylines, credits: creditsView(credits),
            onPages: pages.map { PageLink(label: $0.label, name: $0.name, url: SiteURL.page(slug: slug, date: date, page: $0.number).path) },
            parts: parts(article, images: site.configuration.mediaRoot == nil ? [:] : Dictionary(
                (edition?.pages ?? []).compactMap { p in p.image.map { (p.page.number, $0) } }, uniquingKeysWith: { a, _ in a })),
            apiURL: SiteURL.apiArticle(id: article.id).path, previous: previous, next: next,
            correction: correction, related: related, hasRelated: !related.isEmpty,
            previewNote: preview.map { "预览：本文所在的一期禁发至 \(Labels.chineseTime($0.publishAt))，读者此前看不到。" })
    }

    static func creditsView(_ c: Credits) -> CreditsView? {
        func links(_ names: [String], _ url: (String) -> String) -> [NameLink] {
            names.enumerated().map { NameLink(name: $1, url: url($1), separator: $0 == 0 ? "" : "、") }
        }
        func search(_ field: String) -> (String) -> String {
            { SiteURL.search(SearchForm(q: "\(field):\($0)", sort: "date")).path }
        }
        let groups = [
            CreditsView.Group(label: "记者", names: links(c.authors) { SiteURL.byline(name: $0, page: 1).path }),
            CreditsView.Group(label: "摄影", names: links(c.photographers) { SiteURL.byline(name: $0, page: 1).path }),
            CreditsView.Group(label: "电头", names: links(c.places, search("place"))),
            CreditsView.Group(label: "来源", names: links(c.agencies, search("agency"))),
        ].filter { !$0.names.isEmpty }
        return groups.isEmpty ? nil : CreditsView(groups: groups)
    }

    static func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

    /// Each page once, in the order the article runs.
    static func placedPages(_ article: Article) -> [PageRef] {
        var seen = Set<Int>()
        return article.placements.map(\.page).filter { seen.insert($0.number).inserted }
    }

    /// Splits the body at the first block of each placement. The text is shown once even where
    /// two placements cover the same blocks (a story printed in full on two pages): both pages'
    /// anchors then stand at the start of that one part.
    /// `images`: the page images of the edition by page number, for the clippings.
    static func parts(_ article: Article, images: [Int: PageImage] = [:]) -> [Part] {
        let count = article.blocks.count
        let byStart = Dictionary(grouping: article.placements) { min(max(0, $0.blockStart), count) }
        var starts = Set(byStart.keys)
        starts.insert(0)
        let sorted = starts.sorted().filter { $0 < count || count == 0 }
        let placed = Set(article.placements.map(\.page.number))
        let outTargets = Set(article.blocks.compactMap { block -> Int? in
            if case .jump(let j) = block, j.direction == .continuesOn { return j.pageNumber }
            return nil
        })
        var result: [Part] = []
        for (i, start) in sorted.enumerated() {
            let end = i + 1 < sorted.count ? sorted[i + 1] : count
            let here = (byStart[start] ?? []).sorted { $0.page.number < $1.page.number }
            let page = here.first?.page ?? article.placements.first?.page ?? PageRef(number: 1)
            let anchors = here.map { SiteURL.partAnchor(page: $0.page.number) }
            let blocks: [BlockView] = article.blocks[start..<max(start, end)].map { block in
                switch block {
                case .paragraph(let t): return BlockView(paragraph: .init(text: t))
                case .subhead(let t): return BlockView(subhead: .init(text: t))
                case .jump(let j):
                    switch j.direction {
                    case .continuesOn:
                        let target = j.pageNumber.flatMap { placed.contains($0) ? $0 : nil }
                        return BlockView(jump: .init(
                            direction: "out", id: SiteURL.jumpAnchor(toPage: j.pageNumber ?? 0), text: jumpText(j),
                            url: target.map { "#" + SiteURL.partAnchor(page: $0) }, repeated: nil))
                    case .continuedFrom:
                        // Back to where the reader left the first part: the out-jump towards
                        // this page, or the start of the part on the page named.
                        let url: String?
                        if outTargets.contains(page.number) {
                            url = "#" + SiteURL.jumpAnchor(toPage: page.number)
                        } else if let from = j.pageNumber, placed.contains(from) {
                            url = "#" + SiteURL.partAnchor(page: from)
                        } else {
                            url = nil
                        }
                        return BlockView(jump: .init(
                            direction: "in", id: "continued-\(page.number)", text: jumpText(j), url: url, repeated: nonEmpty(j.repeatedHeadline)))
                    }
                }
            }
            let label = here.isEmpty ? page.label : here.map(\.page.label).joined(separator: "、")
            var clipping: Clipping?
            for p in here {
                guard let image = images[p.page.number], MediaStore.isDigest(image.reference), let w = image.width, let h = image.height,
                      let box = PageScanView.bounds(p.regions) else { continue }
                clipping = Clipping(
                    imageURL: SiteURL.media(sha256: image.reference, path: "derived/\(MediaStore.Derivative.large.rawValue)").path,
                    width: w, height: h, box: box, label: p.page.label,
                    pageURL: SiteURL.page(slug: article.paper.slug, date: article.date, page: p.page.number).path)
                break
            }
            result.append(Part(
                anchor: anchors.first ?? "part-\(i + 1)", extraAnchors: Array(anchors.dropFirst()), label: label,
                name: page.name, clipping: clipping, showLabel: !(here.count == 1 && article.placements.count == 1) && !here.isEmpty, blocks: blocks))
        }
        return result
    }

    /// The jump line as printed, without the brackets around it, so it reads as a link: `下转第五版`.
    static func jumpText(_ j: Jump) -> String {
        let brackets: Set<Character> = ["(", ")", "（", "）", " ", "\u{3000}"]
        var s = Substring(j.text)
        while let c = s.first, brackets.contains(c) { s = s.dropFirst() }
        while let c = s.last, brackets.contains(c) { s = s.dropLast() }
        return s.isEmpty ? j.text : String(s)
    }

    /// schema.org `NewsArticle`, with the print location of its first part; its authors are the
    /// people the text credits, or its byline lines as printed where none is read.
    static func newsArticle(_ a: Article, credits: Credits, base: String) -> JSONLD.NewsArticle {
        let first = a.placements.first?.page
        return JSONLD.NewsArticle(
            headline: a.headline, alternativeHeadline: nonEmpty(a.subtitle), datePublished: a.date.description,
            author: (credits.authors.isEmpty ? a.bylines : credits.authors).map { .init(name: $0) }, inLanguage: "zh-CN",
            url: SiteURL.article(id: a.id).absolute(base), identifier: a.id,
            publisher: .init(name: a.paper.name),
            printEdition: "\(a.paper.name) \(a.date.chinese)", printPage: first?.label, printSection: first?.name,
            isPartOf: .init(datePublished: a.date.description, isPartOf: .init(name: a.paper.name, url: SiteURL.paper(slug: a.paper.slug).absolute(base))))
    }
}
