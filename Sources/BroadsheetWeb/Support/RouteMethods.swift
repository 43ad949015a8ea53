import Hummingbird
import Synchronization

/// The methods each route pattern answers, recorded as `buildRouter` adds the routes.
///
/// Hummingbird's router answers a known path asked with another method exactly as an unknown
/// path (404). HTTP wants 405 with `Allow` there (RFC 9110 §15.5.6), and `OPTIONS` answered
/// with the same list; this table lets `AllowedMethodsMiddleware` tell the two apart. It is
/// filled by the same calls that add the routes, so it cannot list a method no route answers.
final class RouteMethods: Sendable {
    private let routes = Mutex<[(pattern: [Substring], method: HTTPRequest.Method)]>([])

    /// Notes that `pattern` (`/papers/:paper`, `/static/:file`) answers `method`.
    func record(_ pattern: String, _ method: HTTPRequest.Method) {
        let segments = pattern.split(separator: "/")
        routes.withLock { $0.append((segments, method)) }
    }

    /// Every method some route answers at `path`, in a fixed order, with HEAD beside GET
    /// (`HeadAsGetResponder`) and OPTIONS; empty when no route has this path.
    func allowed(at path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        let methods = routes.withLock { routes in
            Set(routes.filter { Self.matches($0.pattern, segments) }.map(\.method))
        }
        if methods.isEmpty { return [] }
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        let answered = methods.union(methods.contains(.get) ? [.head] : [])
        return order.filter(answered.contains) + [.options]
    }

    /// As the router reads a pattern: a `:name` or `*` segment stands for any one segment, a
    /// final `**` for all that follow (at least one).
    private static func matches(_ pattern: [Substring], _ segments: [Substring]) -> Bool {
        if pattern.last == "**" {
            return segments.count >= pattern.count && matches(Array(pattern.dropLast()), Array(segments.prefix(pattern.count - 1)))
        }
        return pattern.count == segments.count && zip(pattern, segments).allSatisfy { p, s in p.hasPrefix(":") || p == "*" || p == s }
    }
}
