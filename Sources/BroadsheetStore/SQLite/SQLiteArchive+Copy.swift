import BroadsheetCore
import Foundation
import GRDB

/// A copy's records (`ArchiveRecords`): read as stored, written as they were, in the copy's
/// transaction. The SQL mirrors `PostgresArchive+Copy.swift`.
extension SQLiteArchive {
    public func records() async throws -> ArchiveRecords {
        try await writer.read { db in try Self.records(db) }
    }

    public func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport {
        try await importBatches(source, expected: expected, actor: actor, publishAt: nil) { db in
            try Self.write(records, db)
        }
    }

    /// Every record of one read transaction, so they agree with each other.
    static func records(_ db: Database) throws -> ArchiveRecords {
        var r = ArchiveRecords()
        r.tokens = try Row.fetchAll(db, sql: "SELECT name, digest, created, revoked FROM token ORDER BY name").map {
            ArchiveRecords.Token(name: $0["name"], digest: $0["digest"], created: $0["created"], revoked: $0["revoked"])
        }
        r.auditLog = try Row.fetchAll(db, sql: "SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id").map {
            AuditEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
        }
        r.withdrawals = try Row.fetchAll(db, sql: "SELECT article_id, at, reason, actor FROM withdrawal ORDER BY article_id").map {
            Withdrawal(id: $0["article_id"], at: $0["at"], reason: $0["reason"], actor: $0["actor"])
        }
        r.editions = try Row.fetchAll(db, sql: """
            SELECT p.slug, p.name, e.date, e.publish_at FROM edition e JOIN paper p ON p.slug = e.paper
            WHERE e.publish_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM page g WHERE g.edition_id = e.id AND (g.image IS NOT NULL OR g.pdf IS NOT NULL))
               OR EXISTS (SELECT 1 FROM page_file f WHERE f.edition_id = e.id)
               OR EXISTS (SELECT 1 FROM page_region r WHERE r.edition_id = e.id)
            ORDER BY p.slug, e.date
            """).map { ArchiveRecords.Edition(paper: Paper(name: $0["name"], slug: $0["slug"]), date: $0["date"], publishAt: $0["publish_at"]) }
        r.versions = try Row.fetchAll(db, sql: "SELECT article_id, seq, replaced, actor, doc FROM article_version ORDER BY article_id, seq").map {
            ArchiveRecords.Version(articleID: $0["article_id"], seq: $0["seq"], replaced: $0["replaced"], actor: $0["actor"], doc: $0["doc"])
        }
        r.media = try Row.fetchAll(db, sql: "SELECT sha256, name, type, bytes, width, height FROM media ORDER BY sha256").map {
            MediaFile(sha256: $0["sha256"], name: $0["name"], type: $0["type"], bytes: $0["bytes"], width: $0["width"], height: $0["height"])
        }
        r.pages = try Row.fetchAll(db, sql: """
            SELECT e.paper, e.date, g.number, g.label, g.name, g.image, g.image_width, g.image_height, g.pdf
            FROM page g JOIN edition e ON e.id = g.edition_id WHERE g.image IS NOT NULL OR g.pdf IS NOT NULL
            ORDER BY e.paper, e.date, g.number
            """).map {
            ArchiveRecords.Page(paper: $0["paper"], date: $0["date"], number: $0["number"], label: $0["label"], name: $0["name"],
                                image: $0["image"], imageWidth: $0["image_width"], imageHeight: $0["image_height"], pdf: $0["pdf"])
        }
        r.pageFiles = try Row.fetchAll(db, sql: """
            SELECT e.paper, e.date, f.page, f.sha256 FROM page_file f JOIN edition e ON e.id = f.edition_id
            ORDER BY e.paper, e.date, f.page, f.sha256
            """).map { ArchiveRecords.PageFile(paper: $0["paper"], date: $0["date"], page: $0["page"], sha256: $0["sha256"]) }
        r.pageRegions = try Row.fetchAll(db, sql: """
            SELECT e.paper, e.date, r.page, r.record_id, r.regions FROM page_region r JOIN edition e ON e.id = r.edition_id
            ORDER BY e.paper, e.date, r.page, r.record_id
            """).map {
            ArchiveRecords.PageRegion(paper: $0["paper"], date: $0["date"], page: $0["page"], recordID: $0["record_id"], regions: $0["regions"])
        }
        return r
    }

    /// Writes `records` into an archive whose articles were just copied (and which held nothing
    /// else): editions a scan or an embargo needs are made if the articles did not bring them.
    static func write(_ r: ArchiveRecords, _ db: Database) throws {
        guard !r.isEmpty else { return }
        let editionID = "(SELECT id FROM edition WHERE paper = ? AND date = ?)"
        for e in r.editions {
            try db.execute(sql: "INSERT OR IGNORE INTO paper(slug, name) VALUES (?, ?)", arguments: [e.paper.slug, e.paper.name])
            try db.execute(sql: "INSERT OR IGNORE INTO edition(paper, date) VALUES (?, ?)", arguments: [e.paper.slug, e.date])
            try db.execute(sql: "UPDATE edition SET publish_at = ? WHERE paper = ? AND date = ?", arguments: [e.publishAt, e.paper.slug, e.date])
        }
        for m in r.media {
            try db.cachedStatement(sql: "INSERT INTO media(sha256, name, type, bytes, width, height) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [m.sha256, m.name, m.type, m.bytes, m.width, m.height])
        }
        for p in r.pages {
            try db.cachedStatement(sql: """
                INSERT INTO page(edition_id, number, label, name, image, image_width, image_height, pdf) VALUES (\(editionID), ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(edition_id, number) DO UPDATE SET label = excluded.label, name = excluded.name, image = excluded.image,
                    image_width = excluded.image_width, image_height = excluded.image_height, pdf = excluded.pdf
                """).execute(arguments: [p.paper, p.date, p.number, p.label, p.name, p.image, p.imageWidth, p.imageHeight, p.pdf])
        }
        for f in r.pageFiles {
            try db.cachedStatement(sql: "INSERT INTO page_file(edition_id, page, sha256) VALUES (\(editionID), ?, ?)")
                .execute(arguments: [f.paper, f.date, f.page, f.sha256])
        }
        for g in r.pageRegions {
            try db.cachedStatement(sql: "INSERT INTO page_region(edition_id, page, record_id, regions) VALUES (\(editionID), ?, ?, ?)")
                .execute(arguments: [g.paper, g.date, g.page, g.recordID, g.regions])
        }
        for v in r.versions {
            try db.cachedStatement(sql: "INSERT INTO article_version(article_id, seq, replaced, actor, doc) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [v.articleID, v.seq, v.replaced, v.actor, v.doc])
        }
        for w in r.withdrawals {
            try db.cachedStatement(sql: "INSERT INTO withdrawal(article_id, at, reason, actor) VALUES (?, ?, ?, ?)")
                .execute(arguments: [w.id, w.at, w.reason, w.actor])
            // The import indexed the article; a withdrawn one is not in search (see `withdraw`).
            if let row = try Row.fetchOne(db, sql: "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = ?", arguments: [w.id]) {
                let fields = SearchIndex.Fields(
                    headline: row["headline"], kicker: row["kicker"], subtitle: row["subtitle"], body: try StoredDocument.searchText(row["doc"]))
                try SearchIndex.remove(db, rowid: row["rowid"], fields)
            }
        }
        for t in r.tokens {
            try db.cachedStatement(sql: "INSERT INTO token(name, digest, created, revoked) VALUES (?, ?, ?, ?)")
                .execute(arguments: [t.name, t.digest, t.created, t.revoked])
        }
        // With their ids: the copy's own entry, written after these, follows them.
        for a in r.auditLog {
            try db.cachedStatement(sql: "INSERT INTO audit_log(id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [a.id, a.at, a.actor, a.action, a.subject, a.detail])
        }
        try db.execute(sql: "UPDATE archive_state SET revision = revision + 1")
    }
}
