import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// The JSON API under `/api/v1/`, described by `Resources/openapi.json`. Articles are the
/// ninjs-shaped documents of the JSONL export (`ArticleJSONL.document`), so the API and the
/// export never disagree on a field.
enum APIController {
    struct Links: Codable, Equatable { var api: String; var html: String }
    struct PaperRef: Codable, Equatable { var name: String; var slug: String }

    struct PaperJSON: Codable, Equatable {
        var name: String
        var slug: String
        var firstDate: String?
        var lastDate: String?
        var editions: Int
        var articles: Int
        var links: Links
    }
    struct PapersJSON: Codable, Equatable { var papers: [PaperJSON] }

    struct EditionSummaryJSON: Codable, Equatable { var date: String; var pages: Int; var articles: Int; var links: Links }
    struct EditionsJSON: Codable, Equatable { var paper: PaperRef; var editions: [EditionSummaryJSON] }

    struct ArticleSummaryJSON: Codable, Equatable {
        var id: String
        var kicker: String?
        var headline: String
        var subtitle: String?
        var order: Int
        var continuation: Bool
        var pages: [Int]
        var regions: [[[Int]]]?
        var links: Links
    }
    struct PageJSON: Codable, Equatable {
        var paper: PaperRef
        var date: String
        var number: Int
        var label: String
        var name: String?
        var image: String?
        var imageWidth: Int?
        var imageHeight: Int?
        var thumbnail: String?
        var pdf: String?
        var iiif: String?
        var articles: [ArticleSummaryJSON]
        var links: Links
    }
    struct EditionJSON: Codable, Equatable { var paper: PaperRef; var date: String; var pages: [PageJSON]; var links: Links }

    struct ErrorJSON: Codable, Equatable {
        struct Body: Codable, Equatable { var status: Int; var message: String; var hint: String? }
        var error: Body
    }

    // MARK: Queries: from the store to the documented JSON shapes.

    static func paper(_ p: PaperSummary) -> PaperJSON {
        PaperJSON(name: p.paper.name, slug: p.paper.slug, firstDate: p.firstDate?.description, lastDate: p.lastDate?.description,
                  editions: p.editions, articles: p.articles,
                  links: Links(api: SiteURL.apiPaper(slug: p.paper.slug).path, html: SiteURL.paper(slug: p.paper.slug).path))
    }

    static func papers(_ site: Site) async throws -> PapersJSON {
        PapersJSON(papers: try await site.store.papers().map(paper))
    }

    static func editions(_ site: Site, slug: String) async throws -> EditionsJSON {
        let p = try await site.paper(slug: slug)
        return EditionsJSON(paper: .init(name: p.paper.name, slug: p.paper.slug), editions: try await site.store.editions(paper: slug).map {
            EditionSummaryJSON(date: $0.date.description, pages: $0.pages, articles: $0.articles,
                               links: Links(api: SiteURL.apiEdition(slug: slug, date: $0.date).path, html: SiteURL.edition(slug: slug, date: $0.date).path))
        })
    }

    static func page(_ edition: EditionDetail, _ page: PageDetail) -> PageJSON {
        let slug = edition.paper.slug
        let image = page.image.flatMap { MediaStore.isDigest($0.reference) ? $0 : nil }
        return PageJSON(
            paper: .init(name: edition.paper.name, slug: slug), date: edition.date.description, number: page.page.number,
            label: page.page.label, name: page.page.name,
            image: image.map { SiteURL.media(sha256: $0.reference, path: "derived/\(MediaStore.Derivative.large.rawValue)").path },
            imageWidth: image?.width, imageHeight: image?.height,
            thumbnail: image.map { SiteURL.media(sha256: $0.reference, path: "derived/\(MediaStore.Derivative.thumbnail.rawValue)").path },
            pdf: page.pdf.map { SiteURL.media(sha256: $0, path: "original.pdf").path },
            iiif: image.map { SiteURL.iiifImage(sha256: $0.reference).path },
            articles: page.articles.map {
                ArticleSummaryJSON(id: $0.id, kicker: $0.kicker, headline: $0.headline, subtitle: $0.subtitle, order: $0.order,
                                   continuation: $0.isContinuation, pages: $0.pages,
                                   regions: $0.regions.isEmpty ? nil : $0.regions.map { $0.points.map { [$0.x, $0.y] } },
                                   links: Links(api: SiteURL.apiArticle(id: $0.id).path,
                                                html: $0.isContinuation ? SiteURL.articlePart(id: $0.id, page: page.page.number).path : SiteURL.article(id: $0.id).path))
            },
            links: Links(api: SiteURL.apiPage(slug: slug, date: edition.date, page: page.page.number).path,
                         html: SiteURL.page(slug: slug, date: edition.date, page: page.page.number).path))
    }

    static func edition(_ site: Site, slug: String, date: IssueDate) async throws -> EditionJSON {
        _ = try await site.paper(slug: slug)
        let e = try await site.edition(slug: slug, date: date)
        return EditionJSON(paper: .init(name: e.paper.name, slug: e.paper.slug), date: date.description, pages: e.pages.map { page(e, $0) },
                           links: Links(api: SiteURL.apiEdition(slug: slug, date: date).path, html: SiteURL.edition(slug: slug, date: date).path))
    }

    static func page(_ site: Site, slug: String, date: IssueDate, number: Int) async throws -> PageJSON {
        _ = try await site.paper(slug: slug)
        let e = try await site.edition(slug: slug, date: date)
        guard let p = e.pages.first(where: { $0.page.number == number }) else {
            throw WebError.notFound("\(slug) \(date) 没有第\(number)版")
        }
        return page(e, p)
    }

    // MARK: Encoding

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Site.response(ByteBuffer(bytes: try encoder.encode(value)), contentType: "application/json; charset=utf-8", status: status)
    }

    static func errorResponse(status: HTTPResponse.Status, message: String, hint: String?) -> Response {
        let body = ErrorJSON(error: .init(status: status.code, message: message, hint: hint))
        return (try? json(body, status: status)) ?? Response(status: status)
    }
}
