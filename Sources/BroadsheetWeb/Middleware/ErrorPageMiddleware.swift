import BroadsheetSearch
import BroadsheetStore
import Hummingbird
import Logging

/// Turns every error into a page a reader can act on: 404 for unknown papers, dates, pages and
/// articles, 400 with what is wrong for bad queries, 503 with `Retry-After` while the database
/// server does not answer (down, restarting), 500 with nothing but an apology otherwise.
/// The underlying error (which may hold SQL or a file path) goes to the log, never to the client.
/// Under `/api/` the same outcome is a JSON object `{"error": {"status", "message"}}`.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let site: Site
    /// What a 503 asks the client to wait: about as long as a restarted server takes.
    static let retryAfterSeconds = 5

    struct View {
        var chrome: Chrome
        var heading: String
        var message: String
        var hint: String?
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch WebError.moved(let url) {
            return Response(status: .movedPermanently, headers: [.location: url, .contentLength: "0"])
        } catch WebError.notFound(let message) {
            // A paper named by its name or its slug in other case (/papers/人民日报, /papers/RMRB)
            // is the same paper: answer with its URL.
            if let url = try? await paperRedirect(request.uri.path) {
                return Response(status: .movedPermanently, headers: [.location: url, .contentLength: "0"])
            }
            return respond(request, status: .notFound, message: message, hint: nil)
        } catch let error as WebError {
            var response = respond(request, status: error.status, message: error.message, hint: error.hint)
            if case .unauthorized = error { response.headers[.wwwAuthenticate] = "Bearer realm=\"broadsheet\"" }
            if case .methodNotAllowed(_, let allow) = error { response.headers[.allow] = allow }
            return response
        } catch let error as SearchQueryError {
            // Controllers word a bad query themselves; one that slips through is still the
            // reader's to fix, not the server's fault.
            return respond(request, status: .badRequest, message: "检索式有误：\(error.chinese)", hint: "检索语法见检索页下方的说明。")
        } catch let error as any HTTPResponseError {
            // The router's own errors: no route (404), wrong method (405), bad encoding (400).
            let message: String
            switch error.status {
            case .notFound: message = "没有这个页面：\(request.uri.path)"
            case .methodNotAllowed: message = "这个地址不接受这种请求方法（\(request.method)）。"
            case .contentTooLarge: message = "请求内容太大。"
            default: message = "请求无法处理（\(error.status.code)）。"
            }
            return respond(request, status: error.status, message: message, hint: nil)
        } catch let error as StoreError where error.isUnavailable {
            // Not the request's fault, nor a bug: the server is away and will likely be back.
            context.logger.warning("database unavailable", metadata: ["error": "\(error)", "uri": "\(request.uri.path)"])
            var response = respond(request, status: .serviceUnavailable, message: "数据库暂时无法连接，请稍后再试。", hint: nil)
            response.headers[.retryAfter] = "\(Self.retryAfterSeconds)"
            return response
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "uri": "\(request.uri.path)"])
            return respond(request, status: .internalServerError, message: "服务器内部错误，请稍后再试。", hint: nil)
        }
    }

    /// The path with its paper segment replaced by the slug of the paper it names, if it names
    /// one in another way than by its slug.
    func paperRedirect(_ path: String) async throws -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let i = parts.firstIndex(of: "papers"), i + 1 < parts.count, i <= 3 else { return nil }
        let named = parts[i + 1].removingPercentEncoding ?? parts[i + 1]
        guard let paper = try await site.store.papers().first(where: { $0.paper.name == named || $0.paper.slug == named.lowercased() }),
              paper.paper.slug != named else { return nil }
        var replaced = parts
        replaced[i + 1] = paper.paper.slug
        return replaced.joined(separator: "/")
    }

    func respond(_ request: Request, status: HTTPResponse.Status, message: String, hint: String?) -> Response {
        if request.uri.path.hasPrefix("/api/") {
            return APIController.errorResponse(status: status, message: message, hint: hint)
        }
        let heading: String
        switch status {
        case .notFound: heading = "404 · 找不到"
        case .badRequest: heading = "400 · 请求有误"
        case .internalServerError: heading = "500 · 出错了"
        case .serviceUnavailable: heading = "503 · 暂时不可用"
        case .gone: heading = "410 · 已撤稿"
        case .unauthorized: heading = "401 · 需要令牌"
        case .methodNotAllowed: heading = "405 · 请求方法不对"
        default: heading = "\(status.code) · \(status.reasonPhrase)"
        }
        var chrome = site.chrome(title: heading)
        if request.uri.path == SiteURL.search(SearchForm()).path {
            chrome.query = request.uri.queryParameters.get("q").map { String($0.prefix(site.configuration.maxQueryLength)) } ?? ""
        }
        return site.html("error", View(chrome: chrome, heading: heading, message: message, hint: hint), status: status)
    }
}
