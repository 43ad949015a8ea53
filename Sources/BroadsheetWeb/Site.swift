import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// Everything a controller needs to answer a request: the archive (read-only), the templates,
/// the configuration and the cache of rendered pages.
struct Site: Sendable {
    let store: any ArchiveStore
    let resources: WebResources
    let configuration: WebConfiguration
    let cache: PageCache

    func chrome(title: String, description: String? = nil, jsonLD: String? = nil, feeds: [Chrome.FeedLink] = [], query: String = "") -> Chrome {
        Chrome(title: title, description: description, jsonLD: jsonLD, feeds: feeds, query: query, maxQuery: configuration.maxQueryLength)
    }

    /// An HTML response rendered from `template`.
    func html(_ template: String, _ context: Any, status: HTTPResponse.Status = .ok) -> Response {
        Self.response(resources.render(template, context), contentType: "text/html; charset=utf-8", status: status)
    }

    /// Serves `key` from the page cache, rendering and storing it on a miss. The page is keyed
    /// by the archive's revision, read first, so it is never older than the archive; the
    /// revision is also its `ETag` (a client holding the current one got its 304 from
    /// `FreshnessMiddleware` before this ran). Only successful pages are cached; errors are
    /// thrown through and rendered by the error middleware.
    /// `variant` is what of the query changes the page (`year=1950`), kept apart in the cache.
    func cachedHTML(
        _ request: Request, variant: String? = nil, _ render: () async throws -> (template: String, context: Any)
    ) async throws -> Response {
        let key = request.uri.path + (variant.map { "?" + $0 } ?? "")
        let revision = try await store.revision()
        let etag = "W/\"r\(revision)\""
        let buffer: ByteBuffer
        if let hit = cache.page(key, revision: revision) {
            buffer = hit
        } else {
            let (template, context) = try await render()
            buffer = ByteBuffer(string: resources.render(template, context))
            cache.store(key, buffer, revision: revision)
        }
        var response = Self.response(buffer, contentType: "text/html; charset=utf-8")
        response.headers[.eTag] = etag
        return response
    }

    /// A CSV file to download.
    static func csvAttachment(_ text: String, filename: String) -> Response {
        var response = response(text, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return response
    }

    static func response(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        response(ByteBuffer(string: text), contentType: contentType, status: status)
    }

    static func response(_ buffer: ByteBuffer, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    // MARK: Looking up what a URL names; each miss is the reader's 404.

    func paper(slug: String) async throws -> PaperSummary {
        guard PaperSlug.isValid(slug), let paper = try await store.paper(slug: slug) else {
            throw WebError.notFound("没有这份报纸：\(slug)")
        }
        return paper
    }

    static func date(_ text: String) throws -> IssueDate {
        // Only the ISO form with dashes is a URL of this site; `20191125` would be a second URL
        // for the same edition.
        guard text.utf8.count == 10, let date = IssueDate(text) else {
            throw WebError.notFound("不是一个有效的日期：\(text)")
        }
        return date
    }

    static func pageNumber(_ text: String) throws -> Int {
        guard text.utf8.count <= 4, let n = Int(text), n > 0 else { throw WebError.notFound("没有这一版：\(text)") }
        return n
    }

    func edition(slug: String, date: IssueDate) async throws -> EditionDetail {
        guard let edition = try await store.edition(paper: slug, date: date) else {
            throw WebError.notFound("\(slug) 没有 \(date.chinese) 这一期")
        }
        return edition
    }

    /// The article `id` names; an id that now leads elsewhere (a record merged into another
    /// article, the end of an id) is a redirect to `url(address)` there.
    func article(id: String, url: (ArticleAddress) -> SiteURL = { SiteURL.article(id: $0.id) }) async throws -> Article {
        guard id.utf8.count <= 128, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw WebError.notFound("没有这篇文章：\(id)")
        }
        if let article = try await store.article(id: id) {
            if let w = try await store.withdrawal(id: article.id) {
                throw WebError.gone("这篇文章已撤稿：\(w.reason)", hint: "撤稿时间 \(w.at)（UTC）。")
            }
            return article
        }
        if let address = try await store.resolve(id: id), address.id != id {
            throw WebError.moved(to: url(address).path)
        }
        throw WebError.notFound("没有这篇文章：\(id)")
    }
}

extension Parameters {
    /// A route parameter that the route pattern guarantees; an empty string where absent.
    func text(_ name: String) -> String {
        get(name).flatMap { $0.removingPercentEncoding } ?? ""
    }
}
