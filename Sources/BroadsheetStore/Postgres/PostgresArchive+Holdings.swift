#if PostgreSQL
import PostgresNIO

extension PostgresArchive {
    public func holdings() async throws -> ArchiveHoldings {
        try await read { conn in
            let rows = try await conn.rows("""
                SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM source), (SELECT count(*) FROM token),
                       (SELECT count(*) FROM audit_log), (SELECT count(*) FROM withdrawal),
                       (SELECT count(*) FROM edition WHERE publish_at IS NOT NULL), (SELECT count(*) FROM article_version),
                       (SELECT count(*) FROM media)
                """)
            let c = try rows[0].decode((Int, Int, Int, Int, Int, Int, Int, Int).self)
            var h = ArchiveHoldings()
            (h.articles, h.sources, h.tokens, h.auditEntries) = (c.0, c.1, c.2, c.3)
            (h.withdrawals, h.embargoedEditions, h.articleVersions, h.mediaFiles) = (c.4, c.5, c.6, c.7)
            return h
        }
    }
}
#endif
