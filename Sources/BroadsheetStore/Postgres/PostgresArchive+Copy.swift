#if PostgreSQL
import BroadsheetCore
import Foundation
import PostgresNIO

/// A copy's records (`ArchiveRecords`) on PostgreSQL: the SQL of `SQLiteArchive+Copy.swift`.
/// A withdrawn article keeps its search tokens here (search leaves it out by the `withdrawal`
/// table), so copying a withdrawal is its row.
extension PostgresArchive {
    public func records() async throws -> ArchiveRecords {
        try await read { conn in
            // One snapshot, so that the records agree with each other while imports go on.
            try await conn.withTransaction(logger: Self.logger) { conn in
                try await conn.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return try await Self.records(conn)
            }
        }
    }

    public func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport {
        // `importBatches`, with the records written after the batches and before `finish`
        // enters the import in the audit log.
        let report = try await write { conn in
            var writer = PostgresEditionWriter(conn: conn)
            while let batch = try source.next() {
                try await writer.importBatch(records: batch.records, articles: batch.articles, scans: batch.pages, actor: actor, progress: nil)
            }
            try await Self.write(records, conn)
            return try await writer.finish(actor: actor, publishAt: nil)
        }
        await refreshStatistics(after: report)
        return report
    }

    static func records(_ conn: PostgresConnection) async throws -> ArchiveRecords {
        var r = ArchiveRecords()
        r.tokens = try await conn.rows("SELECT name, digest, created, revoked FROM token ORDER BY name").map { row in
            let (name, digest, created, revoked) = try row.decode((String, String, String, String?).self)
            return ArchiveRecords.Token(name: name, digest: digest, created: created, revoked: revoked)
        }
        r.auditLog = try await conn.rows("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id").map { row in
            let a = try row.decode((Int64, String, String, String, String, String).self)
            return AuditEntry(id: a.0, at: a.1, actor: a.2, action: a.3, subject: a.4, detail: a.5)
        }
        r.withdrawals = try await conn.rows("SELECT article_id, at, reason, actor FROM withdrawal ORDER BY article_id").map { row in
            let (id, at, reason, actor) = try row.decode((String, String, String, String).self)
            return Withdrawal(id: id, at: at, reason: reason, actor: actor)
        }
        r.editions = try await conn.rows("""
            SELECT p.slug, p.name, e.date, e.publish_at FROM edition e JOIN paper p ON p.slug = e.paper
            WHERE e.publish_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM page g WHERE g.edition_id = e.id AND (g.image IS NOT NULL OR g.pdf IS NOT NULL))
               OR EXISTS (SELECT 1 FROM page_file f WHERE f.edition_id = e.id)
               OR EXISTS (SELECT 1 FROM page_region r WHERE r.edition_id = e.id)
            ORDER BY p.slug, e.date
            """).map { row in
            let (slug, name, date, publishAt) = try row.decode((String, String, String, String?).self)
            return ArchiveRecords.Edition(paper: Paper(name: name, slug: slug), date: date, publishAt: publishAt)
        }
        r.versions = try await conn.rows("SELECT article_id, seq, replaced, actor, doc FROM article_version ORDER BY article_id, seq").map { row in
            let (id, seq, replaced, actor, doc) = try row.decode((String, Int, String, String, Data).self)
            return ArchiveRecords.Version(articleID: id, seq: seq, replaced: replaced, actor: actor, doc: doc)
        }
        r.media = try await conn.rows("SELECT sha256, name, type, bytes, width, height FROM media ORDER BY sha256").map { row in
            let (sha256, name, type, bytes, width, height) = try row.decode((String, String, String, Int, Int?, Int?).self)
            return MediaFile(sha256: sha256, name: name, type: type, bytes: bytes, width: width, height: height)
        }
        r.pages = try await conn.rows("""
            SELECT e.paper, e.date, g.number, g.label, g.name, g.image, g.image_width, g.image_height, g.pdf
            FROM page g JOIN edition e ON e.id = g.edition_id WHERE g.image IS NOT NULL OR g.pdf IS NOT NULL
            ORDER BY e.paper, e.date, g.number
            """).map { row in
            let p = try row.decode((String, String, Int, String, String?, String?, Int?, Int?, String?).self)
            return ArchiveRecords.Page(paper: p.0, date: p.1, number: p.2, label: p.3, name: p.4, image: p.5, imageWidth: p.6, imageHeight: p.7, pdf: p.8)
        }
        r.pageFiles = try await conn.rows("""
            SELECT e.paper, e.date, f.page, f.sha256 FROM page_file f JOIN edition e ON e.id = f.edition_id
            ORDER BY e.paper, e.date, f.page, f.sha256
            """).map { row in
            let (paper, date, page, sha256) = try row.decode((String, String, Int, String).self)
            return ArchiveRecords.PageFile(paper: paper, date: date, page: page, sha256: sha256)
        }
        r.pageRegions = try await conn.rows("""
            SELECT e.paper, e.date, r.page, r.record_id, r.regions FROM page_region r JOIN edition e ON e.id = r.edition_id
            ORDER BY e.paper, e.date, r.page, r.record_id
            """).map { row in
            let (paper, date, page, recordID, regions) = try row.decode((String, String, Int, String, String).self)
            return ArchiveRecords.PageRegion(paper: paper, date: date, page: page, recordID: recordID, regions: regions)
        }
        return r
    }

    /// Writes `records` into an archive whose articles were just copied (see `SQLiteArchive.write(_:_:)`).
    static func write(_ r: ArchiveRecords, _ conn: PostgresConnection) async throws {
        guard !r.isEmpty else { return }
        for e in r.editions {
            try await conn.run("INSERT INTO paper(slug, name) VALUES (\(e.paper.slug), \(e.paper.name)) ON CONFLICT DO NOTHING")
            try await conn.run("INSERT INTO edition(paper, date) VALUES (\(e.paper.slug), \(e.date)) ON CONFLICT DO NOTHING")
            try await conn.run("UPDATE edition SET publish_at = \(e.publishAt) WHERE paper = \(e.paper.slug) AND date = \(e.date)")
        }
        for m in r.media {
            try await conn.run("""
                INSERT INTO media(sha256, name, type, bytes, width, height) VALUES (\(m.sha256), \(m.name), \(m.type), \(m.bytes), \(m.width), \(m.height))
                """)
        }
        for p in r.pages {
            try await conn.run("""
                INSERT INTO page(edition_id, number, label, name, image, image_width, image_height, pdf)
                VALUES ((SELECT id FROM edition WHERE paper = \(p.paper) AND date = \(p.date)), \(p.number), \(p.label), \(p.name),
                        \(p.image), \(p.imageWidth), \(p.imageHeight), \(p.pdf))
                ON CONFLICT (edition_id, number) DO UPDATE SET label = excluded.label, name = excluded.name, image = excluded.image,
                    image_width = excluded.image_width, image_height = excluded.image_height, pdf = excluded.pdf
                """)
        }
        for f in r.pageFiles {
            try await conn.run("""
                INSERT INTO page_file(edition_id, page, sha256)
                VALUES ((SELECT id FROM edition WHERE paper = \(f.paper) AND date = \(f.date)), \(f.page), \(f.sha256))
                """)
        }
        for g in r.pageRegions {
            try await conn.run("""
                INSERT INTO page_region(edition_id, page, record_id, regions)
                VALUES ((SELECT id FROM edition WHERE paper = \(g.paper) AND date = \(g.date)), \(g.page), \(g.recordID), \(g.regions))
                """)
        }
        for v in r.versions {
            try await conn.run("""
                INSERT INTO article_version(article_id, seq, replaced, actor, doc) VALUES (\(v.articleID), \(v.seq), \(v.replaced), \(v.actor), \(v.doc))
                """)
        }
        for w in r.withdrawals {
            try await conn.run("INSERT INTO withdrawal(article_id, at, reason, actor) VALUES (\(w.id), \(w.at), \(w.reason), \(w.actor))")
        }
        for t in r.tokens {
            try await conn.run("INSERT INTO token(name, digest, created, revoked) VALUES (\(t.name), \(t.digest), \(t.created), \(t.revoked))")
        }
        // With their ids, and the sequence moved past them: the copy's own entry follows.
        for a in r.auditLog {
            try await conn.run("""
                INSERT INTO audit_log(id, at, actor, action, subject, detail) VALUES (\(a.id), \(a.at), \(a.actor), \(a.action), \(a.subject), \(a.detail))
                """)
        }
        if !r.auditLog.isEmpty {
            try await conn.run("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), (SELECT max(id) FROM audit_log))")
        }
        try await conn.run("UPDATE archive_state SET revision = revision + 1")
    }
}
#endif
