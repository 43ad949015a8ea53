import BroadsheetCore
import BroadsheetSearch
import Foundation
import GRDB

/// The archive in one SQLite file (WAL), through GRDB. Its fixity check and backup are in
/// `SQLiteArchive+Maintenance.swift`.
///
/// Owns the database connections and runs the migrator when it opens; every write is one
/// transaction that keeps the invariants (articles derived from their sources, pages and
/// placements in step with articles, the search index in step with articles, the revision
/// grown). Reads go through GRDB's async access, so a slow query waits on GRDB's own queues,
/// never on a thread of the cooperative pool.
public final class SQLiteArchive: ArchiveStore {
    let writer: any DatabaseWriter
    /// Where the archive lives; nil in memory.
    public let path: String?
    /// A connection of its own for `revision()`, which every page request asks. See there.
    private let revisionReader: DatabaseQueue?
    /// Every article's month and place in date order, for trends and concordances.
    private let dateOrders = RevisionCache<Int, DateOrder>()
    private let paperList = RevisionCache<Int, [PaperSummary]>()
    private let editionLists = RevisionCache<String, [EditionSummary]>()
    private let frequencies = RevisionCache<String, Int>.documentFrequencies()

    /// Opens the archive at `path`: creates it unless `readOnly`, and brings an archive written
    /// by an earlier version up to the current schema (that one write happens even when
    /// opening read-only, so a server can be pointed at an old archive).
    public init(path: String, readOnly: Bool = false) throws {
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw StoreError.missingArchive(path)
        }
        let migrator = ArchiveMigrations.migrator()
        do {
            var pool = try DatabasePool(path: path, configuration: Self.configuration(readOnly: readOnly))
            switch try pool.read({ db in try ArchiveMigrations.state(db, migrator) }) {
            case .newer: throw StoreError.newerSchema(path)
            case .foreign: throw StoreError.notAnArchive(path)
            // A database with no tables yet (an empty file, or a first import killed before
            // its schema committed) holds no archive, the same as no file: a later import
            // makes it one.
            case .empty where readOnly: throw StoreError.missingArchive(path)
            case .current: break
            case .empty, .older:
                if readOnly {
                    try pool.close()
                    try Self.upgrade(path: path, migrator: migrator)
                    pool = try DatabasePool(path: path, configuration: Self.configuration(readOnly: true))
                } else {
                    try migrator.migrate(pool)
                }
            }
            writer = pool
            revisionReader = try DatabaseQueue(path: path, configuration: Self.configuration(readOnly: true))
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notAnArchive(path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull(path)
        }
        self.path = path
    }

    private static func upgrade(path: String, migrator: DatabaseMigrator) throws {
        let pool = try DatabasePool(path: path, configuration: configuration(readOnly: false))
        try migrator.migrate(pool)
        try pool.close()
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        self.path = nil
        self.revisionReader = nil
        try ArchiveMigrations.migrator().migrate(writer)
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        // Other processes open the same file (a server beside an import, two servers): wait
        // for their locks, such as a first reader's WAL recovery, instead of failing at once.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Only a new, empty file takes these, and only through a writable connection (a
            // pool's readers are read-only). 16 KB pages hold a few packed documents each where
            // 4 KB pages held one and wasted the rest; incremental vacuum lets a bulk load hand
            // back the pages FTS5's final merge frees.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA auto_vacuum = INCREMENTAL")
            }
            // Pages are read into SQLite's cache, not mapped: mapping the file made every page
            // a server had read count as its resident memory (4 GB after ten minutes over a
            // million articles), and reading them was no faster (the same search and article
            // requests took 2.28 s mapped, 2.33 s read).
            try db.execute(sql: "PRAGMA mmap_size = 0")
            SearchIndex.prepare(db)
        }
        return config
    }

    /// Folds the write-ahead log into the file, empties it, and closes the archive's
    /// connections; unusable afterwards. GRDB keeps a pool's log file across closes (so
    /// read-only connections can open the archive), at its largest size: after an import that
    /// is everything the import wrote (30 MB beside a 21 MB archive for one month of the crawl),
    /// which a small disk may not have room for.
    public func close() throws {
        try revisionReader?.close()
        // TRUNCATE waits for readers (a server) to finish; busy, the log is left for later.
        try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try writer.close()
    }

    /// A fresh archive in memory, for tests.
    public static func inMemory() throws -> SQLiteArchive {
        try SQLiteArchive(writer: DatabaseQueue(configuration: configuration(readOnly: false)))
    }

    // MARK: Writing

    public func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        do {
            return try await writer.write { db in
                try EditionWriter.importContent(db, records: records, articles: articles, pages: pages, actor: actor, publishAt: publishAt, progress: progress)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            // SQLite rolls the transaction back; what is left to say is why, in words.
            throw StoreError.diskFull(path ?? "the archive in memory")
        }
    }

    /// Records and articles from which an import is given a large page cache.
    static let largeImport = 5_000

    public func importBatches(_ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?) async throws -> StoreImportReport {
        try await importBatches(source, expected: expected, actor: actor, publishAt: publishAt, beforeFinishing: nil)
    }

    /// `importBatches`, with `beforeFinishing` written in the same transaction after the batches.
    func importBatches(
        _ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?, beforeFinishing: (@Sendable (Database) throws -> Void)?
    ) async throws -> StoreImportReport {
        do {
            return try await writer.write { db in
                // A large import inserts into every B-tree and index at random keys: with
                // SQLite's default 2 MB page cache the same pages leave for the log and come
                // back thousands of times. 256 MB while it runs, the default again after.
                let large = expected >= Self.largeImport
                if large { try db.execute(sql: "PRAGMA cache_size = -262144") }
                defer { if large { try? db.execute(sql: "PRAGMA cache_size = -2000") } }
                return try EditionWriter.importBatches(
                    db, source, expected: expected, actor: actor, publishAt: publishAt, beforeFinishing: beforeFinishing)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull(path ?? "the archive in memory")
        }
    }

    // MARK: Reading

    /// The one read that does not hop to GRDB's queues: the web layer asks it before every
    /// cached page, and the hop costs several times the read (a one-row SELECT on a dedicated
    /// read-only connection, a few microseconds, which never waits for a writer in WAL mode).
    public func revision() async throws -> Int64 {
        if let revisionReader { return try Self.revision(revisionReader) }
        return try await writer.read { db in try ArchiveQueries.revision(db) }
    }

    /// Synchronous by signature, so the call above takes GRDB's blocking access, in autocommit
    /// mode: `read`'s transaction and query-only toggling would cost more than the SELECT (the
    /// connection is read-only anyway).
    private static func revision(_ reader: DatabaseQueue) throws -> Int64 {
        try reader.inDatabase { db in try ArchiveQueries.revision(db) }
    }

    public func papers() async throws -> [PaperSummary] {
        try await writer.read { db in try self.paperList(db) }
    }

    public func paper(slug: String) async throws -> PaperSummary? {
        try await papers().first { $0.paper.slug == slug }
    }

    public func editions(paper: String) async throws -> [EditionSummary] {
        try await writer.read { db in try self.editionList(db, paper: paper) }
    }

    // The per-revision values, read through their memos.
    private func paperList(_ db: Database) throws -> [PaperSummary] {
        try paperList.getWaiting(try ArchiveQueries.revision(db), 0) { try ArchiveQueries.papers(db) }
    }

    private func editionList(_ db: Database, paper: String) throws -> [EditionSummary] {
        try editionLists.getWaiting(try ArchiveQueries.revision(db), paper) { try ArchiveQueries.editions(db, paper: paper) }
    }

    private func dateOrder(_ db: Database) throws -> DateOrder {
        try dateOrders.getWaiting(try ArchiveQueries.revision(db), 0) { try DateOrder.read(db) }
    }

    public func edition(paper: String, date: IssueDate) async throws -> EditionDetail? {
        try await writer.read { db in try ArchiveQueries.edition(db, paper: paper, date: date) }
    }

    public func article(id: String) async throws -> Article? {
        try await writer.read { db in try ArchiveQueries.articles(db, where: "a.id = ? AND \(ArchiveQueries.released)", [id]).first }
    }

    public func resolve(id: String) async throws -> ArticleAddress? {
        try await writer.read { db in try ArchiveQueries.resolve(db, id: id) }
    }

    public func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] {
        try await writer.read { db in try ArchiveQueries.articles(db, selection, after: cursor, limit: limit) }
    }

    public func stats() async throws -> ArchiveStats {
        try await writer.read { db in try ArchiveQueries.stats(db) }
    }

    public func search(_ request: SearchRequest) async throws -> SearchResults {
        try await writer.read { db in try SQLiteSearch.run(db, request) { try self.dateOrder(db) } }
    }

    public func matchingIDs(_ request: SearchRequest) async throws -> [String] {
        try await writer.read { db in try SQLiteSearch.ids(db, request) }
    }

    public func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String? {
        try await writer.read { db in
            guard let data = try Data.fetchOne(db, sql: """
                SELECT s.data FROM source s JOIN edition e ON e.id = s.edition_id
                WHERE e.paper = ? AND e.date = ? AND s.format = ? AND s.record_page = ? AND \(ArchiveQueries.published) LIMIT 1
                """, arguments: [paper, date.description, SourceRecord.Format.altoPage.rawValue, page]) else { return nil }
            return try PackedText.unpack(data)
        }
    }

    public func related(to id: String, limit: Int) async throws -> [RelatedArticle] {
        try await writer.read { [frequencies] db in try SQLiteRelated.find(db, id: id, limit: limit, frequencies: frequencies) }
    }

    // MARK: Serving

    /// The date order and the paper and edition lists of the current revision (at a million
    /// articles, a second for the first and two for a paper's editions, read cold).
    public func prepareReads() async throws {
        try await writer.read { db in
            _ = try self.dateOrder(db)
            for p in try self.paperList(db) { _ = try self.editionList(db, paper: p.paper.slug) }
        }
    }

    // MARK: Research tools

    public func monthCounts(_ request: SearchRequest) async throws -> [String: Int] {
        try await writer.read { db in
            try SearchPlan(request, db)
                .monthCounts(db, order: self.dateOrder(db))
        }
    }

    public func matchingTexts(_ request: SearchRequest, offset: Int, limit: Int) async throws -> MatchedTexts {
        try await writer.read { db in
            let plan = try SearchPlan(request, db)
            let (total, rowids) = try plan.dateOrdered(db, order: self.dateOrder(db), offset: max(0, offset), limit: max(0, limit))
            return MatchedTexts(total: total, texts: try SearchPlan.texts(db, rowids))
        }
    }
}
