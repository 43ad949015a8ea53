#if PostgreSQL
import PostgresNIO

/// SQL text and its bound values built together: `bind` appends a value and returns its
/// placeholder (`$3`), so a condition and its arguments never drift apart.
struct SQL {
    var text: String
    var binds = PostgresBindings()

    init(_ text: String = "") { self.text = text }

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Binds `value`, NULL for nil, and returns its placeholder.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    static func += (sql: inout SQL, text: String) { sql.text += text }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}

extension PostgresConnection {
    /// Every row of `query`.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await self.query(query, logger: PostgresArchive.logger).collect()
    }

    func rows(_ sql: SQL) async throws -> [PostgresRow] {
        try await rows(sql.query)
    }

    /// Runs a statement; how many rows it returned (a `RETURNING` clause counts the rows changed).
    @discardableResult
    func run(_ query: PostgresQuery) async throws -> Int {
        try await rows(query).count
    }

    @discardableResult
    func run(_ sql: SQL) async throws -> Int {
        try await rows(sql.query).count
    }

    /// The first column of the first row, nil when there is none.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) async throws -> T? {
        guard let row = try await rows(query).first else { return nil }
        return try row.decode(T.self)
    }
}
#endif
