import Crypto
import Foundation

/// Who may write through the web: a named token, kept only as its digest.
public struct TokenInfo: Sendable, Hashable, Codable {
    public var name: String
    /// ISO 8601, UTC.
    public var created: String
    /// When it was revoked; nil while it is valid.
    public var revoked: String?

    public init(name: String, created: String, revoked: String?) {
        self.name = name
        self.created = created
        self.revoked = revoked
    }
}

/// One write to the archive: who, what, when.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    /// ISO 8601, UTC.
    public var at: String
    /// `token:NAME`, or `cli:USER` for the command line.
    public var actor: String
    /// `import`, `withdraw`, `restore`, `token-create`, `token-revoke`.
    public var action: String
    /// The article id, token name, or what was imported.
    public var subject: String
    /// The import report, the reason of a withdrawal.
    public var detail: String

    public init(id: Int64, at: String, actor: String, action: String, subject: String, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// An earlier version of an article, kept when an import changed its text (a correction).
public struct ArticleVersion: Sendable, Hashable, Codable {
    /// 0 for the first version the article had, counting up.
    public var seq: Int
    /// When it was replaced (ISO 8601, UTC), and by whom.
    public var replaced: String
    public var actor: String

    public init(seq: Int, replaced: String, actor: String) {
        self.seq = seq
        self.replaced = replaced
        self.actor = actor
    }
}

/// What an embargo hides, shown to a token holder before its time.
public struct EmbargoPreview<Content: Sendable>: Sendable {
    public var content: Content
    /// ISO 8601, UTC.
    public var publishAt: String

    public init(content: Content, publishAt: String) {
        self.content = content
        self.publishAt = publishAt
    }
}

/// An article taken off the site: kept whole, answered with 410 and its reason.
public struct Withdrawal: Sendable, Hashable, Codable {
    public var id: String
    public var at: String
    public var reason: String
    public var actor: String

    public init(id: String, at: String, reason: String, actor: String) {
        self.id = id
        self.at = at
        self.reason = reason
        self.actor = actor
    }
}

/// Bearer tokens: random, shown once, stored as a SHA-256 digest.
public enum AccessToken {
    /// A new token: 32 random bytes, URL-safe base64 without padding, prefixed `bst_`.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "bst_" + base64
    }

    /// The digest a token is stored and looked up as (hex SHA-256 of its UTF-8).
    public static func digest(_ token: String) -> String {
        SourceDigest.hex(SHA256.hash(data: Array(token.utf8)))
    }

    /// The actor name audit entries carry for a token.
    public static func actor(_ name: String) -> String { "token:" + name }

    /// The actor for the command line: `cli:` and the user running it.
    public static var commandLineActor: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown")
    }

    /// Now, as the archive writes times: ISO 8601 in UTC, to the second.
    /// Written by hand from the calendar fields: a formatter costs a calendar and an ICU
    /// pattern every time it is made, which an import did once an edition.
    public static func now() -> String {
        var seconds = time_t(Date().timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday))T\(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))Z"
    }
}

/// Publish times of embargoed imports.
public enum PublishTime {
    /// `2019-11-25T00:00+08:00`, `2019-11-25T00:00:00+08:00` or `…Z` as the archive stores
    /// it, in UTC: `2019-11-24T16:00:00Z`. Any RFC 3339 date-time is taken (fractions of a
    /// second, which are dropped; `t` and `z` in lower case), as the API's document promises.
    /// Nil when `text` is not such a time (an offset or Z is required: a bare local time would
    /// mean different moments on different servers).
    public static func parse(_ text: String) -> String? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        // Seconds are optional: 2019-11-25T00:00+08:00 → 2019-11-25T00:00:00+08:00.
        if let t = s.firstIndex(of: "T") {
            let time = s[s.index(after: t)...]
            let clock = time.prefix { $0.isNumber || $0 == ":" }
            if clock.count == 5 { s.insert(contentsOf: ":00", at: clock.endIndex) }
        }
        let reader = ISO8601DateFormatter()
        reader.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = reader.date(from: s) ?? fractional.date(from: s) else { return nil }
        let writer = ISO8601DateFormatter()
        writer.formatOptions = [.withInternetDateTime]
        writer.timeZone = TimeZone(identifier: "UTC")
        return writer.string(from: date)
    }
}
