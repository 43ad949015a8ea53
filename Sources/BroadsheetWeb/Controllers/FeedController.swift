import BroadsheetCore
import BroadsheetStore

/// Atom feeds per paper and per page name (版名), the sitemap and the OpenSearch description.
enum FeedController {
    struct Entry {
        var url: String
        var title: String
        var updated: String
        var authors: [String]
        var section: String
        var summary: String
    }

    struct Feed {
        var selfURL: String
        var htmlURL: String
        var title: String
        var paperName: String
        var updated: String
        var entries: [Entry]
    }

    /// How many entries a feed carries, and how many editions back a section feed looks.
    static let entryLimit = 50
    static let editionLimit = 60

    /// Editions are dated, not timed; midnight Beijing time is when they are "published".
    static func timestamp(_ date: IssueDate) -> String { "\(date)T00:00:00+08:00" }

    static func paperFeed(_ site: Site, slug: String) async throws -> Feed {
        try await feed(site, slug: slug, section: nil)
    }

    static func sectionFeed(_ site: Site, slug: String, section: String) async throws -> Feed {
        try await feed(site, slug: slug, section: section)
    }

    private static func feed(_ site: Site, slug: String, section: String?) async throws -> Feed {
        let paper = try await site.paper(slug: slug)
        let base = site.configuration.publicBaseURL
        var entries: [Entry] = []
        var sectionSeen = section == nil
        for summary in try await site.store.editions(paper: slug).prefix(editionLimit) where entries.count < entryLimit {
            guard let edition = try await site.store.edition(paper: slug, date: summary.date) else { continue }
            for page in edition.pages {
                if let section, Labels.section(page.page) != section { continue }
                sectionSeen = true
                for item in page.articles where !item.isContinuation && entries.count < entryLimit {
                    guard let article = try await site.store.article(id: item.id) else { continue }
                    entries.append(Entry(
                        url: SiteURL.article(id: item.id).absolute(base), title: item.headline, updated: timestamp(edition.date),
                        authors: article.bylines, section: Labels.section(page.page),
                        summary: article.subtitle.flatMap { $0.isEmpty ? nil : $0 } ?? Labels.excerpt(article.bodyText, limit: 160)))
                }
            }
        }
        guard sectionSeen else { throw WebError.notFound("\(paper.paper.name) 近期没有名为“\(section ?? "")”的版面") }
        let selfURL = section.map { SiteURL.sectionFeed(slug: slug, section: $0) } ?? SiteURL.paperFeed(slug: slug)
        return Feed(
            selfURL: selfURL.absolute(base), htmlURL: SiteURL.paper(slug: slug).absolute(base),
            title: paper.paper.name + (section.map { " · \($0)" } ?? ""), paperName: paper.paper.name,
            updated: paper.lastDate.map(timestamp) ?? "1970-01-01T00:00:00Z", entries: entries)
    }

    /// `/search.atom?q=…`: the newest hits of any search, to subscribe to a topic.
    static func searchFeed(_ site: Site, form: SearchForm) async throws -> Feed {
        guard var request = try SearchController.request(form) else { throw WebError.badRequest("缺少检索式 q 或筛选条件。") }
        request.sort = .date
        request.limit = entryLimit
        request.offset = 0
        request.includeFacets = false
        let results = try await site.store.search(request)
        let base = site.configuration.publicBaseURL
        var newest = form
        newest.pageNumber = 1
        newest.sort = "date"
        return Feed(
            selfURL: SiteURL.searchFeed(form).absolute(base), htmlURL: SiteURL.search(newest).absolute(base),
            title: "检索：\(form.q)", paperName: "Broadsheet",
            updated: results.hits.first.map { timestamp($0.date) } ?? "1970-01-01T00:00:00Z",
            entries: results.hits.map { h in
                Entry(url: SiteURL.article(id: h.id).absolute(base), title: h.headline, updated: timestamp(h.date), authors: [],
                      section: h.paper.name, summary: h.snippets.first?.plainText ?? "")
            })
    }

    struct SitemapURL { var loc: String; var lastmod: String? }
    struct Sitemap { var urls: [SitemapURL] }

    /// The sitemap protocol allows 50,000 URLs per file.
    static let sitemapLimit = 50_000

    /// `/sitemap.xml`: a sitemap index of the papers' file and one file per paper and month,
    /// so no file comes near the protocol's 50,000 URLs however large the archive grows.
    static func sitemapIndex(_ site: Site) async throws -> Sitemap {
        let base = site.configuration.publicBaseURL
        var files = [SitemapURL(loc: SiteURL.sitemapPapers.absolute(base), lastmod: nil)]
        for paper in try await site.store.papers() {
            var last: [String: String] = [:]  // month → its latest edition
            for e in try await site.store.editions(paper: paper.paper.slug) {
                let month = String(e.date.description.prefix(7))
                last[month] = max(last[month] ?? "", e.date.description)
            }
            for (month, lastmod) in last.sorted(by: { $0.key < $1.key }) {
                files.append(SitemapURL(loc: SiteURL.sitemapMonth(slug: paper.paper.slug, month: month).absolute(base), lastmod: lastmod))
            }
        }
        return Sitemap(urls: files)
    }

    static func sitemapPapers(_ site: Site) async throws -> Sitemap {
        let base = site.configuration.publicBaseURL
        var urls = [SitemapURL(loc: SiteURL.home.absolute(base), lastmod: nil)]
        for paper in try await site.store.papers() {
            urls.append(SitemapURL(loc: SiteURL.paper(slug: paper.paper.slug).absolute(base), lastmod: paper.lastDate?.description))
        }
        return Sitemap(urls: urls)
    }

    /// `month` as in the URL, `2019-10.xml`.
    static func sitemapMonth(_ site: Site, slug: String, month file: String) async throws -> Sitemap {
        let month = file.hasSuffix(".xml") ? String(file.dropLast(4)) : ""
        guard month.wholeMatch(of: #/[0-9]{4}-[0-9]{2}/#) != nil else { throw WebError.notFound("没有这个站点地图") }
        _ = try await site.paper(slug: slug)
        let base = site.configuration.publicBaseURL
        var urls: [SitemapURL] = []
        for summary in try await site.store.editions(paper: slug) where summary.date.description.hasPrefix(month + "-") {
            guard let edition = try await site.store.edition(paper: slug, date: summary.date) else { continue }
            let lastmod = summary.date.description
            urls.append(SitemapURL(loc: SiteURL.edition(slug: slug, date: summary.date).absolute(base), lastmod: lastmod))
            for page in edition.pages {
                urls.append(SitemapURL(loc: SiteURL.page(slug: slug, date: summary.date, page: page.page.number).absolute(base), lastmod: lastmod))
            }
            for article in edition.readingOrder {
                urls.append(SitemapURL(loc: SiteURL.article(id: article.id).absolute(base), lastmod: lastmod))
            }
        }
        guard !urls.isEmpty else { throw WebError.notFound("没有这个站点地图") }
        return Sitemap(urls: Array(urls.prefix(sitemapLimit)))
    }

    struct OpenSearch { var base: String }
}
