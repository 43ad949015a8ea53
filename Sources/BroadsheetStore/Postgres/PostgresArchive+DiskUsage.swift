#if PostgreSQL
import PostgresNIO

/// What an archive takes on the server's disk (`pg_database_size`, `pg_relation_size`).
public struct PostgresDiskUsage: Sendable {
    /// The whole database: tables, indexes, TOAST, free space.
    public var database: Int
    /// The search index alone (the GIN index over `article.tokens`).
    public var searchIndex: Int
    /// The article table with its TOAST (documents and token vectors), without indexes.
    public var articles: Int
}

extension PostgresArchive {
    public func diskUsage() async throws -> PostgresDiskUsage {
        try await read { conn in
            let row = try await conn.rows("""
                SELECT pg_database_size(current_database()), pg_relation_size('article_tokens'), pg_table_size('article')
                """)[0]
            let (database, index, articles) = try row.decode((Int, Int, Int).self)
            return PostgresDiskUsage(database: database, searchIndex: index, articles: articles)
        }
    }
}
#endif
