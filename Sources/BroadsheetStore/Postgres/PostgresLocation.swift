import Foundation

/// Where a PostgreSQL archive lives: `postgres://user:password@host:port/database` (or
/// `postgresql://`). Parsed in every build, so a binary built without the `PostgreSQL` trait
/// can still tell a URL from a path and say what to do.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// True when `text` names a PostgreSQL server rather than a file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL; nil for anything else. The user defaults to `postgres`, the
    /// port to 5432, the database to the user's name, as libpq does.
    public init?(url text: String) {
        guard Self.isURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else { return nil }
        let user = url.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        var database = url.path
        if database.hasPrefix("/") { database.removeFirst() }
        database = database.removingPercentEncoding ?? database
        self.init(host: host, port: url.port ?? 5432, user: user,
                  password: url.password.flatMap { $0.removingPercentEncoding },
                  database: database.isEmpty ? user : database)
    }

    /// The same server, another database.
    public func database(_ name: String) -> PostgresLocation {
        var other = self
        other.database = name
        return other
    }

    /// The URL with the password left out: what messages and logs show.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)"
    }
}
