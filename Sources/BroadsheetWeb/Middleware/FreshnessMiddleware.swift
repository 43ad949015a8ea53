import Foundation
import Hummingbird
import Synchronization

/// Every page and API answer is a function of the archive's revision: each successful GET gets
/// `ETag: W/"rN"`, `Last-Modified` (when this server first saw revision N, or started) and
/// `Cache-Control: public, no-cache` — a CDN in front may keep it but asks again every time, so
/// a published, corrected or withdrawn article is right on the very next request. A client
/// holding the current ETag (or a date not older) gets a 304 without the page being rendered.
/// Static files and page images (named by their digest, never changed) have their own
/// validators; the audit log is private (`no-store`).
struct FreshnessMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext
    let site: Site
    let clock = RevisionClock()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get || request.method == .head,
              !path.hasPrefix("/static/"), !path.hasPrefix("/media/"), !path.hasPrefix("/iiif/image/"),
              path != SiteURL.healthz.path, path != SiteURL.metrics.path else {
            return try await next(request, context)
        }
        if path == SiteURL.Route.apiLog {
            var response = try await next(request, context)
            response.headers[.cacheControl] = "private, no-store"
            return response
        }
        let revision = try await site.store.revision()
        let etag = "W/\"r\(revision)\""
        let modified = clock.modified(at: revision)
        let lastModified = Self.httpDate(modified)
        func fresh() -> Bool {
            if let tags = request.headers[.ifNoneMatch] {
                return tags.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag || $0.trimmingCharacters(in: .whitespaces) == "*" }
            }
            if let since = request.headers[.ifModifiedSince].flatMap(Self.parseHTTPDate) {
                return modified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
            }
            return false
        }
        if fresh() {
            return Response(status: .notModified, headers: [.eTag: etag, .lastModified: lastModified, .cacheControl: "public, no-cache"])
        }
        var response = try await next(request, context)
        if (200..<300).contains(response.status.code) {
            if response.headers[.eTag] == nil { response.headers[.eTag] = etag }
            if response.headers[.lastModified] == nil { response.headers[.lastModified] = lastModified }
            if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "public, no-cache" }
        }
        return response
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// RFC 9110's IMF-fixdate: `Mon, 30 Nov 2026 00:45:09 GMT`.
    static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var t = tm()
        gmtime_r(&seconds, &t)
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", days[Int(t.tm_wday)], t.tm_mday, months[Int(t.tm_mon)],
                      Int(t.tm_year) + 1900, t.tm_hour, t.tm_min, t.tm_sec)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900); t.tm_mon = Int32(month); t.tm_mday = Int32(day)
        t.tm_hour = Int32(clock[0]); t.tm_min = Int32(clock[1]); t.tm_sec = Int32(clock[2])
        return Date(timeIntervalSince1970: TimeInterval(timegm(&t)))
    }
}

/// When this server first saw each revision: the `Last-Modified` of everything rendered from it.
final class RevisionClock: Sendable {
    private let state = Mutex<(revision: Int64, since: Date)>((.min, Date()))

    func modified(at revision: Int64) -> Date {
        state.withLock { s in
            if s.revision != revision {
                // The first revision seen keeps the start time; a later one is now, and at least
                // a second after the one before (HTTP dates count whole seconds).
                s = (revision, s.revision == .min ? s.since : max(Date(), s.since.addingTimeInterval(1)))
            }
            return s.since
        }
    }
}
