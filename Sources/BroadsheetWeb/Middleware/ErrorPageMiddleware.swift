import Hummingbird
import Logging

/// Turns every error into a page a reader can act on: 404 for unknown papers, dates, pages and
/// articles, 400 with what is wrong for bad queries, 500 with nothing but an apology otherwise.
/// The underlying error (which may hold SQL or a file path) goes to the log, never to the client.
/// Under `/api/` the same outcome is a JSON object `{"error": {"status", "message"}}`.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let site: Site

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
        } catch let error as WebError {
            return respond(request, status: error.status, message: error.message, hint: error.hint)
        } catch let error as any HTTPResponseError {
            // The router's own errors: no route (404), wrong method (405), bad encoding (400).
            let message: String
            switch error.status {
            case .notFound: message = "没有这个页面：\(request.uri.path)"
            case .methodNotAllowed: message = "这个地址只能读取（GET）。"
            case .contentTooLarge: message = "请求内容太大。"
            default: message = "请求无法处理（\(error.status.code)）。"
            }
            return respond(request, status: error.status, message: message, hint: nil)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "uri": "\(request.uri.path)"])
            return respond(request, status: .internalServerError, message: "服务器内部错误，请稍后再试。", hint: nil)
        }
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
        default: heading = "\(status.code) · \(status.reasonPhrase)"
        }
        var chrome = site.chrome(title: heading)
        if request.uri.path == SiteURL.search(SearchForm()).path {
            chrome.query = request.uri.queryParameters.get("q").map { String($0.prefix(site.configuration.maxQueryLength)) } ?? ""
        }
        return site.html("error", View(chrome: chrome, heading: heading, message: message, hint: hint), status: status)
    }
}
