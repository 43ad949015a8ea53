import BroadsheetCore
import Foundation
import GRDB

/// The import transaction: every edition touched is stitched again from all its sources, so
/// parts that arrive in different imports still join, and a changed file replaces its article.
enum EditionWriter {
    typealias EditionKey = EditionMerge.EditionKey
    typealias Session = EditionMerge.Session

    /// One import in one batch.
    static func importContent(
        _ db: Database, records: [ParsedRecord], articles: [Article], pages scans: [PageScanInput] = [], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> StoreImportReport {
        var session = Session()
        // A load that at least doubles the archive indexes faster with FTS5's incremental
        // merging off and one merge at the end.
        let stored = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article") ?? 0
        func run() throws {
            try importBatch(db, records: records, articles: articles, pages: scans, actor: actor, session: &session, progress: progress)
        }
        if records.count + articles.count >= max(1000, stored) {
            try SearchIndex.bulkLoad(db, run)
        } else {
            try run()
        }
        return try finish(db, &session, actor: actor, publishAt: publishAt)
    }

    /// One import whose content comes in batches, each read when the one before is written, so
    /// memory holds one batch however large the import; one transaction all the same.
    /// `expected`: about how many records and articles come, to choose the bulk-load mode.
    /// `beforeFinishing` writes more in the same transaction once every batch is in, before the
    /// import's revision and audit entry (a copy's records: `SQLiteArchive.importCopy`).
    static func importBatches(
        _ db: Database, _ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?,
        beforeFinishing: (@Sendable (Database) throws -> Void)? = nil
    ) throws -> StoreImportReport {
        var session = Session()
        let stored = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article") ?? 0
        func run() throws {
            while let batch = try source.next() {
                try importBatch(db, records: batch.records, articles: batch.articles, pages: batch.pages, actor: actor,
                                session: &session, progress: nil)
            }
        }
        if expected >= max(1000, stored) {
            try SearchIndex.bulkLoad(db, run)
        } else {
            try run()
        }
        try beforeFinishing?(db)
        return try finish(db, &session, actor: actor, publishAt: publishAt)
    }

    private static func importBatch(
        _ db: Database, records: [ParsedRecord], articles: [Article], pages scans: [PageScanInput], actor: String,
        session: inout Session, progress: (@Sendable (Int, Int) -> Void)?
    ) throws {
        var report = session.report
        defer { session.report = report }
        // Records name their paper; its slug is the archive's, the one asked for, or the derived
        // one, or the first free one after it (河南日报 hnrb, 湖南日报 hnrb2) when that is taken.
        var slugOf: [String: String] = [:]  // name → slug
        for (name, requested) in EditionMerge.Grouped.named(records: records, scans: scans) where slugOf[name] == nil {
            let (slug, assigned) = try paperSlug(db, name: name, requested: requested, taken: Set(slugOf.values))
            if assigned { report.slugsAssigned[name] = slug }
            slugOf[name] = slug
        }
        let grouped = try EditionMerge.Grouped(records: records, articles: articles, scans: scans, slugOf: slugOf)
        let papers = grouped.papers
        for (slug, name) in papers.sorted(by: { $0.key < $1.key }) {
            if let stored = try String.fetchOne(db, sql: "SELECT name FROM paper WHERE slug = ?", arguments: [slug]) {
                guard stored == name else { throw StoreError.paperNameConflict(slug: slug, stored: stored, incoming: name) }
            } else {
                try db.execute(sql: "INSERT INTO paper(slug, name) VALUES (?, ?)", arguments: [slug, name])
            }
        }
        let keys = grouped.keys
        // New articles are indexed after every other write of the import: FTS5 flushes its
        // pending terms to a new segment whenever another statement opens a savepoint (any
        // insert checked by a foreign key does), so indexing article by article between the
        // row inserts wrote a segment per article and merged them over and over.
        var toIndex: [(Int64, SearchIndex.Fields)] = []
        for (n, key) in keys.enumerated() {
            let counts = try importEdition(
                db, key: key, paper: Paper(name: papers[key.slug]!, slug: key.slug),
                records: grouped.records[key] ?? [], natives: grouped.natives[key] ?? [], scans: grouped.scans[key] ?? [], actor: actor,
                keepVersions: !session.written.contains(key), report: &report, toIndex: &toIndex)
            session.record(key, counts: counts)
            progress?(n + 1, keys.count)
        }
        for (rowid, fields) in toIndex { try SearchIndex.add(db, rowid: rowid, fields) }
    }

    /// The embargo, the revision and the audit entry of the whole import; its report.
    private static func finish(_ db: Database, _ session: inout Session, actor: String, publishAt: String?) throws -> StoreImportReport {
        let report = session.finalReport
        let keys = session.keys.sorted()
        var embargoed = 0
        if let publishAt {
            for key in keys {
                try db.execute(sql: "UPDATE edition SET publish_at = ? WHERE paper = ? AND date = ? AND publish_at IS NOT ?",
                               arguments: [publishAt, key.slug, key.date.description, publishAt])
                embargoed += db.changesCount
            }
        }
        if report.editions > 0 || embargoed > 0 {
            try db.execute(sql: "UPDATE archive_state SET revision = revision + 1")
            let (subject, detail) = session.audit(report, publishAt: publishAt)
            try SchemaV5.audit(db, actor: actor, action: "import", subject: subject, detail: detail)
        }
        return report
    }

    /// The slug of the paper named `name`: the archive's, else `requested`, else the derived one
    /// or the first free one after it; `assigned` when it is the last, which the report says.
    private static func paperSlug(
        _ db: Database, name: String, requested: String?, taken: Set<String>
    ) throws -> (slug: String, assigned: Bool) {
        if let stored = try String.fetchOne(db, sql: "SELECT slug FROM paper WHERE name = ?", arguments: [name]) {
            if let requested, requested != stored { throw StoreError.paperSlugMismatch(name: name, stored: stored, requested: requested) }
            return (stored, false)
        }
        func free(_ slug: String) throws -> Bool {
            try !taken.contains(slug) && String.fetchOne(db, sql: "SELECT name FROM paper WHERE slug = ?", arguments: [slug]) == nil
        }
        if let requested {
            guard try free(requested) else {
                let owner = try String.fetchOne(db, sql: "SELECT name FROM paper WHERE slug = ?", arguments: [requested]) ?? "another paper of this import"
                throw StoreError.paperNameConflict(slug: requested, stored: owner, incoming: name)
            }
            return (requested, false)
        }
        let derived = PaperSlug.make(from: name)
        if try free(derived) { return (derived, false) }
        var n = 2
        while try !free("\(derived)\(n)") { n += 1 }
        return ("\(derived)\(n)", true)
    }

    /// The edition's articles and pages after the write; nil when nothing changed.
    /// `keepVersions`: keep an article's text from before as an earlier version where it changes
    /// (not when this import wrote the edition already, in an earlier batch).
    private static func importEdition(
        _ db: Database, key: EditionKey, paper: Paper, records: [ParsedRecord], natives: [Article], scans: [PageScanInput], actor: String,
        keepVersions: Bool, report: inout StoreImportReport, toIndex: inout [(Int64, SearchIndex.Fields)]
    ) throws -> (articles: Int, pages: Int)? {
        let date = key.date.description
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO edition(paper, date) VALUES (?, ?)").execute(arguments: [key.slug, date])
        let editionID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM edition WHERE paper = ? AND date = ?"), arguments: [key.slug, date])!

        var stored: [String: EditionMerge.StoredSource] = [:]
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.key, s.format, s.name, s.data, CASE WHEN a.native = 1 THEN a.id END AS native_id
            FROM source s LEFT JOIN article a ON a.rowid = s.article_rowid
            WHERE s.edition_id = ? ORDER BY s.rowid
            """), arguments: [editionID])
        for row in rows {
            let format = SourceRecord.Format(rawValue: row["format"]) ?? .crawl
            let s = SourceRecord(format: format, name: row["name"], key: row["key"], text: try PackedText.unpack(row["data"]))
            stored[s.key] = EditionMerge.StoredSource(source: s, nativeArticle: row["native_id"])
        }

        var changed = false
        for scan in scans where try PageScans.write(db, scan, editionID: editionID, slug: key.slug) {
            changed = true
            report.pageImages += 1
        }
        let merge = EditionMerge(stored: stored, records: records)
        report.unchanged += merge.unchanged
        report.updated += merge.updated
        if !merge.incoming.isEmpty { changed = true }
        let droppedNatives = merge.droppedNatives
        var incomingNatives: [String: Article] = [:]
        for a in natives {
            if let existing = try ArchiveQueries.articles(db, where: "a.id = ? AND a.native = 1", [a.id]).first,
               existing == (try ArchiveQueries.asStored(a, db, editionID: editionID)) {
                report.unchanged += 1
                continue
            }
            incomingNatives[a.id] = a
            changed = true
        }
        guard changed else { return nil }

        let (stitched, stitchReport, addresses) = try merge.stitch(stored: stored, incomingNatives: incomingNatives, paper: paper)
        report.stitching.add(stitchReport)

        // Remove the derived articles of this edition and the natives being replaced.
        let replaced = Array(droppedNatives) + Array(incomingNatives.keys)
        let oldRows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT rowid, id, kicker, headline, subtitle, doc FROM article WHERE edition_id = ? AND (native = 0 OR id IN (SELECT value FROM json_each(?)))
            """), arguments: [editionID, replaced.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(replaced), as: UTF8.self)])
        let oldRowids = oldRows.map { $0["rowid"] as Int64 }
        // Withdrawn articles are not in the search index: nothing to take out, nothing to put back.
        let withdrawn = Set(try String.fetchAll(db.cachedStatement(sql: """
            SELECT w.article_id FROM withdrawal w JOIN article a ON a.id = w.article_id WHERE a.edition_id = ?
            """), arguments: [editionID]))
        for row in oldRows where !withdrawn.contains(row["id"] as String) {
            let fields = SearchIndex.Fields(
                headline: row["headline"], kicker: row["kicker"], subtitle: row["subtitle"], body: try StoredDocument.searchText(row["doc"]))
            try SearchIndex.remove(db, rowid: row["rowid"], fields)
        }
        // What each article was before, to keep as an earlier version where its text changes.
        var before: [String: Data] = [:]
        for row in oldRows { before[row["id"]] = row["doc"] }
        if !oldRowids.isEmpty {
            let list = oldRowids.map(String.init).joined(separator: ",")
            try db.execute(sql: "DELETE FROM source WHERE article_rowid IN (\(list))")
            try db.execute(sql: "DELETE FROM placement WHERE article_rowid IN (\(list))")
            try db.execute(sql: "DELETE FROM credit WHERE article_rowid IN (\(list))")
            try db.execute(sql: "DELETE FROM article WHERE rowid IN (\(list))")
        }
        // Pages first (placements refer to them): each page an article now stands on is added
        // if new, and gains a name if it had none; pages with no article left and no image go.
        for page in EditionMerge.pages(of: stitched + incomingNatives.values) {
            try db.cachedStatement(sql: """
                INSERT INTO page(edition_id, number, label, name) VALUES (?, ?, ?, ?)
                ON CONFLICT(edition_id, number) DO UPDATE SET name = coalesce(page.name, excluded.name)
                """).execute(arguments: [editionID, page.number, page.label, page.name])
        }
        let regionMap = try PageScans.regions(db, editionID: editionID)
        let now = AccessToken.now()
        for a in stitched + Array(incomingNatives.values) {
            guard keepVersions, let old = before[a.id], old != StoredDocument.pack(a) else { continue }
            try db.cachedStatement(sql: """
                INSERT INTO article_version(article_id, seq, replaced, actor, doc)
                VALUES (?, (SELECT count(*) FROM article_version WHERE article_id = ?), ?, ?, ?)
                """).execute(arguments: [a.id, a.id, now, actor, old])
        }
        for a in stitched {
            let rowid = try insert(db, article: a, editionID: editionID, native: false, addresses: addresses, regions: regionMap)
            if !withdrawn.contains(a.id) { toIndex.append((rowid, SearchIndex.Fields(a))) }
        }
        for a in incomingNatives.values.sorted(by: { $0.id < $1.id }) {
            let rowid = try insert(db, article: a, editionID: editionID, native: true, addresses: [:], regions: regionMap)
            if !withdrawn.contains(a.id) { toIndex.append((rowid, SearchIndex.Fields(a))) }
        }
        try db.cachedStatement(sql: """
            DELETE FROM page WHERE edition_id = ? AND image IS NULL
              AND number NOT IN (SELECT page FROM placement WHERE edition_id = ?)
            """).execute(arguments: [editionID, editionID])
        let pageCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM page WHERE edition_id = ?"), arguments: [editionID]) ?? 0
        // The edition as it now stands: natives an earlier batch of this import wrote stay, unwritten.
        let articleCount = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM article WHERE edition_id = ?"), arguments: [editionID]) ?? 0
        return (articleCount, pageCount)
    }

    /// Stores `a` (not yet indexed for search); returns its rowid.
    private static func insert(
        _ db: Database, article a: Article, editionID: Int64, native: Bool, addresses: [String: (id: String, page: Int)],
        regions regionMap: [Int: [String: [Region]]]
    ) throws -> Int64 {
        let first = a.placements.first!
        do {
            try db.cachedStatement(sql: """
                INSERT INTO article(id, edition_id, paper, date, kicker, headline, subtitle, first_page, first_order, native, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [a.id, editionID, a.paper.slug, a.date.description, a.kicker, a.headline, a.subtitle,
                                 first.page.number, first.order, native, StoredDocument.pack(a)])
        } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
            let other = try String.fetchOne(db, sql: "SELECT date FROM article WHERE id = ?", arguments: [a.id]) ?? "?"
            throw StoreError.articleIDConflict(id: a.id, date: other)
        }
        let rowid = db.lastInsertedRowID
        try SchemaV3.insertCredits(db, CreditReader.read(a), rowid: rowid)
        // Regions the page scans give for this article's records, where the input had none.
        let recordIDs = [a.id] + a.sources.compactMap { addresses[$0.key]?.id }
        for (seq, var p) in a.placements.enumerated() {
            p.regions = EditionMerge.regions(p, recordIDs: recordIDs, scans: regionMap)
            try db.cachedStatement(sql: """
                INSERT INTO placement(article_rowid, seq, edition_id, page, ord, block_start, block_end, regions)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [rowid, seq, editionID, p.page.number, p.order, p.blockStart, p.blockEnd, RegionsColumn.encode(p.regions)])
        }
        for (seq, s) in a.sources.enumerated() {
            try db.cachedStatement(sql: """
                INSERT INTO source(key, edition_id, article_rowid, format, name, data, seq, record_id, record_page, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET edition_id = excluded.edition_id, article_rowid = excluded.article_rowid,
                    format = excluded.format, name = excluded.name, data = excluded.data, seq = excluded.seq,
                    record_id = excluded.record_id, record_page = excluded.record_page, sha256 = excluded.sha256
                """).execute(arguments: [s.key, editionID, rowid, s.format.rawValue, s.name, PackedText.pack(s.text), seq,
                                         addresses[s.key]?.id, addresses[s.key]?.page, SourceDigest.sha256(s.text)])
        }
        return rowid
    }
}
