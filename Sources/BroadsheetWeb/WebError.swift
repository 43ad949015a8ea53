import Hummingbird

/// The web module's one error type. Each case carries the reader-facing sentence; nothing from
/// the store (SQL, file paths) ever reaches a response, see `ErrorPageMiddleware`.
public enum WebError: Error, Sendable, Equatable {
    /// An unknown paper, date, page or article: 404.
    case notFound(String)
    /// A request the reader can fix, such as a malformed query: 400, with a hint how.
    case badRequest(String, hint: String? = nil)
    /// A URI, query or body over the limits: 414 or 413.
    case tooLarge(String, status: HTTPResponse.Status)
    /// What the URL named lives at another URL now (a merged article's id): 301 there.
    case moved(to: String)
    /// A write without a valid token: 401 (`WWW-Authenticate: Bearer`).
    case unauthorized(String)
    /// A withdrawn article: 410, with the reason.
    case gone(String, hint: String? = nil)
    /// A known path asked with a method none of its routes answers: 405, with `Allow`.
    case methodNotAllowed(String, allow: String)

    var status: HTTPResponse.Status {
        switch self {
        case .notFound: return .notFound
        case .badRequest: return .badRequest
        case .tooLarge(_, let status): return status
        case .moved: return .movedPermanently
        case .unauthorized: return .unauthorized
        case .gone: return .gone
        case .methodNotAllowed: return .methodNotAllowed
        }
    }

    var message: String {
        switch self {
        case .notFound(let m), .badRequest(let m, _), .tooLarge(let m, _), .unauthorized(let m), .gone(let m, _): return m
        case .moved(let url): return "已移至 \(url)"
        case .methodNotAllowed(let method, let allow): return "这个地址不接受 \(method) 请求，只接受 \(allow)。"
        }
    }

    var hint: String? {
        if case .badRequest(_, let hint) = self { return hint }
        if case .gone(_, let hint) = self { return hint }
        return nil
    }
}
