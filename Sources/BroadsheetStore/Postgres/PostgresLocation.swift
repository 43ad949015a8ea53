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
    /// Longest wait for a connection, to open one or to get one from the pool, before the
    /// server is reported unreachable: the URL's `connect_timeout` (seconds, as libpq's),
    /// 5 s without it.
    public var connectTimeout: Duration

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, connectTimeout: Duration = .seconds(5)) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
    }

    /// True when `text` names a PostgreSQL server rather than a file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` URL; nil for anything else. The user defaults to `postgres`, the
    /// port to 5432, the database to the user's name, as libpq does; `?connect_timeout=SECONDS`
    /// sets `connectTimeout` (other parameters are ignored).
    public init?(url text: String) {
        guard Self.isURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else { return nil }
        var timeout = Duration.seconds(5)
        if let value = url.queryItems?.first(where: { $0.name == "connect_timeout" })?.value {
            guard let seconds = Double(value), seconds > 0, seconds <= 3600 else { return nil }
            timeout = .milliseconds(Int(seconds * 1000))
        }
        let user = url.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        var database = url.path
        if database.hasPrefix("/") { database.removeFirst() }
        database = database.removingPercentEncoding ?? database
        self.init(host: host, port: url.port ?? 5432, user: user,
                  password: url.password.flatMap { $0.removingPercentEncoding },
                  database: database.isEmpty ? user : database, connectTimeout: timeout)
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
