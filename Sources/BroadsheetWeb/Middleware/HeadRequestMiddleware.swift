import Hummingbird

/// Answers HEAD like GET without the body, so link checkers and caches that probe with HEAD
/// see the same status and headers a reader would.
///
/// It wraps the router's responder rather than being router middleware: the router resolves the
/// method before its middleware runs, so a HEAD request would never reach a GET route.
struct HeadAsGetResponder<Base: HTTPResponder>: HTTPResponder {
    typealias Context = Base.Context
    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        // Keep the length GET would send; HTTP lets a HEAD response announce it without the bytes.
        response.body = ResponseBody(contentLength: response.body.contentLength) { _ in }
        return response
    }
}
