#if PostgreSQL
import PostgresNIO

/// What an archive takes on the server's disk (`pg_database_size`, `pg_relation_size`).
public struct PostgresDiskUsage: Sendable {
    /// The whole database: tables, indexes, TOAST, free space.
    public var database: Int
    /// What search reads: `search_posting` whole (the posting lists, their TOAST, the key index).
    public var searchIndex: Int
    /// The article table with its TOAST (the documents), without indexes.
    public var articles: Int
}

extension PostgresArchive {
    public func diskUsage() async throws -> PostgresDiskUsage {
        try await read { conn in
            let row = try await conn.rows("""
                SELECT pg_database_size(current_database()), pg_total_relation_size('search_posting'), pg_table_size('article')
                """)[0]
            let (database, index, articles) = try row.decode((Int, Int, Int).self)
            return PostgresDiskUsage(database: database, searchIndex: index, articles: articles)
        }
    }
}
#endif
