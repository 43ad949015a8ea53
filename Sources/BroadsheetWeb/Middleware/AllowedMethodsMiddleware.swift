import Hummingbird

/// Turns the router's 404 for a known path asked with a method it does not answer into 405
/// with `Allow`, and answers `OPTIONS` on a known path with 204 and the same `Allow`. Unknown
/// paths stay 404.
struct AllowedMethodsMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let routes: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // Only the router throws HTTPError(.notFound); a handler's miss is WebError.notFound.
            let allowed = routes.allowed(at: request.uri.path)
            guard !allowed.isEmpty else { throw error }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            if request.method == .options {
                return Response(status: .noContent, headers: [.allow: allow])
            }
            throw WebError.methodNotAllowed(request.method.rawValue, allow: allow)
        }
    }
}
