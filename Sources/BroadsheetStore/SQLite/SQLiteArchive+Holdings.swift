import GRDB

extension SQLiteArchive {
    public func holdings() async throws -> ArchiveHoldings {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM source), (SELECT count(*) FROM token),
                       (SELECT count(*) FROM audit_log), (SELECT count(*) FROM withdrawal),
                       (SELECT count(*) FROM edition WHERE publish_at IS NOT NULL), (SELECT count(*) FROM article_version),
                       (SELECT count(*) FROM media)
                """)!
            var h = ArchiveHoldings()
            (h.articles, h.sources, h.tokens, h.auditEntries) = (row[0], row[1], row[2], row[3])
            (h.withdrawals, h.embargoedEditions, h.articleVersions, h.mediaFiles) = (row[4], row[5], row[6], row[7])
            return h
        }
    }
}
