import Hummingbird

/// Bounds what a client can make the server hold or parse: the URI, the search query and the
/// request body. The reader takes no uploads, so any announced body over the limit is refused
/// before a handler runs.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let maxURILength: Int
    let maxQueryLength: Int
    let maxBodySize: Int
    /// For `POST /api/v1/imports`, which takes whole files.
    let maxImportSize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.utf8.count > maxURILength {
            throw WebError.tooLarge("地址太长（最多 \(maxURILength) 字节）。", status: .uriTooLong)
        }
        let limit = request.uri.path == SiteURL.Route.apiImports ? maxImportSize : maxBodySize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw WebError.tooLarge("请求内容太大（最多 \(limit) 字节）。", status: .contentTooLarge)
        }
        // Code points, as the OpenAPI document's maxLength counts: counted as Swift characters, a
        // letter with many combining marks would pass as one.
        if let q = request.uri.queryParameters.get("q"), q.unicodeScalars.count > maxQueryLength {
            throw WebError.badRequest("检索式太长：\(q.unicodeScalars.count) 个字符，最多 \(maxQueryLength) 个。", hint: "请缩短检索词。")
        }
        return try await next(request, context)
    }
}
