import BenchSupport
import BroadsheetCore
import BroadsheetStore
import BroadsheetSearch
import Foundation
import GRDB

/// What one engine reports for one corpus.
struct EngineReport {
    var name: String
    var buildSeconds: Double
    var indexBytes: Int
    /// Per query: latency samples in seconds.
    var top20: [Double] = []
    var countAll: [Double] = []
    /// Query → ids found (for recall).
    var found: [String: Set<Int>] = [:]
    var note = ""
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

func directorySize(_ path: String, excluding: (String) -> Bool = { _ in false }) -> Int {
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: path) else { return 0 }
    var total = 0
    while let rel = walker.nextObject() as? String {
        if !excluding(rel) { total += fileSize(path + "/" + rel) }
    }
    return total
}

/// The bytes of the FTS5 shadow tables (data, idx, docsize, config) of `tables`: the indexes
/// alone, not the text they point at.
func indexBytes(_ path: String, tables: [String]) throws -> Int {
    let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
    return try queue.read { db in
        try tables.reduce(0) { sum, table in
            sum + (try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", arguments: [table + "_%"]) ?? 0)
        }
    }
}

#if PostgreSQL
/// Broadsheet on PostgreSQL: a real `PostgresArchive` in a database of its own on the server
/// `--postgres` names, filled by the store's own import (one transaction, fed in batches) and
/// searched through the store, as the SQLite engine is.
struct PostgresEngine {
    let store: PostgresArchive

    /// True when the archive was opened as an earlier run left it (`--reuse-postgres`).
    let reused: Bool

    /// Drops and creates the database `name` on `server`, and opens an archive in it; with
    /// `reuse`, opens the archive already there when it holds `articles` articles.
    init(server: String, name: String, reuse: Bool = false, articles: Int = 0) async throws {
        guard let location = PostgresLocation(url: server) else { fatalError("--postgres: not a postgres:// URL: \(server)") }
        if reuse, let kept = try? await PostgresArchive(location: location.database(name), readOnly: true),
           (try? await kept.stats())?.years.reduce(0, { $0 + $1.articles }) == articles {
            await kept.close()
            store = try await PostgresArchive(location: location.database(name))
            reused = true
            return
        }
        try await PostgresArchive.dropDatabase(named: name, server: location)
        store = try await PostgresArchive(location: try await PostgresArchive.createDatabase(named: name, server: location))
        reused = false
    }

    /// Imports the corpus; returns seconds, the search index's bytes and the database's.
    func build(_ corpus: BenchCorpus) async throws -> (seconds: Double, index: Int, database: Int) {
        let articles = corpus.items.map(BenchArchive.article)
        let batches = stride(from: 0, to: articles.count, by: 5_000).map { Array(articles[$0..<min($0 + 5_000, articles.count)]) }
        let feed = BatchFeed(batches)
        let seconds = try await timeAsync {
            _ = try await store.importBatches(ImportBatchSource { feed.next().map { ImportBatch(articles: $0) } },
                                              expected: articles.count, actor: "benchmark", publishAt: nil)
        }
        let (index, database) = try await sizes()
        return (seconds, index, database)
    }

    /// The search index's bytes and the database's.
    func sizes() async throws -> (index: Int, database: Int) {
        let usage = try await store.diskUsage()
        return (usage.searchIndex, usage.database)
    }

    var queries: StoreQueries { StoreQueries(store: store) }
}

/// Batches handed out one `next()` at a time (the import calls it one call after another).
final class BatchFeed: @unchecked Sendable {
    private var batches: [[Article]]
    init(_ batches: [[Article]]) { self.batches = batches.reversed() }
    func next() -> [Article]? { batches.popLast() }
}
#endif

/// Broadsheet: a real archive (`SQLiteArchive`, schema from the store's migrator), filled by
/// the store's own import of the corpus as articles, searched through the store.
struct BroadsheetEngine {
    let path: String
    let store: SQLiteArchive
    /// True when the archive was opened as an earlier run left it (`--reuse 1`).
    let reused: Bool

    /// A new, empty archive at `path`; with `reuse`, the one there when it holds `articles`.
    init(path: String, reuse: Bool = false, articles: Int = 0) async throws {
        self.path = path
        if reuse, FileManager.default.fileExists(atPath: path), let kept = try? SQLiteArchive(path: path),
           (try? await kept.stats())?.years.reduce(0, { $0 + $1.articles }) == articles {
            (store, reused) = (kept, true)
            return
        }
        (store, reused) = (try BenchArchive.create(path: path), false)
    }

    /// The bytes of the indexes.
    var indexSize: Int { get throws { try indexBytes(path, tables: ["article_fts", "article_chars"]) } }

    /// Imports the corpus (documents, placements, pages and both indexes); returns seconds and
    /// the bytes of the indexes.
    func build(_ corpus: BenchCorpus) async throws -> (Double, Int) {
        let seconds = try await BenchArchive.fill(store, with: corpus)
        return (seconds, try indexBytes(path, tables: ["article_fts", "article_chars"]))
    }

    var queries: StoreQueries { StoreQueries(store: store) }
}

/// The benchmark's three questions asked through an archive's own search, whichever backend.
struct StoreQueries {
    let store: any ArchiveStore

    static func request(_ q: String, limit: Int) -> SearchRequest {
        // Benchmark queries are phrases without quotes: always valid.
        try! SearchRequest(parsing: "\"\(q)\"", limit: limit, includeFacets: false)
    }

    func top20(_ q: String) async throws {
        _ = try await store.search(Self.request(q, limit: 20))
    }

    func count(_ q: String) async throws -> Int {
        try await store.search(Self.request(q, limit: 0)).total
    }

    func ids(_ q: String) async throws -> Set<Int> {
        Set(try await store.matchingIDs(Self.request(q, limit: 0)).compactMap { Int($0.dropFirst()) })
    }
}

/// SQLite's own trigram tokenizer on a table of the same rows: a peer with its own schema.
struct TrigramEngine {
    let path: String
    let queue: DatabaseQueue

    init(path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        self.path = path
        queue = try DatabaseQueue(path: path)
    }

    /// Loads the rows and builds the index; returns the seconds of the index build alone and
    /// the bytes of the index.
    func build(_ corpus: BenchCorpus) throws -> (Double, Int) {
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE doc (rowid INTEGER PRIMARY KEY, headline TEXT NOT NULL, body TEXT NOT NULL)")
            let insert = try db.makeStatement(sql: "INSERT INTO doc(rowid, headline, body) VALUES (?, ?, ?)")
            for it in corpus.items { try insert.execute(arguments: [it.id, it.headline, it.body]) }
        }
        let seconds = try time {
            try queue.write { db in
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE doc_tri USING fts5(headline, body, content='doc', content_rowid='rowid', tokenize='trigram');
                    INSERT INTO doc_tri(doc_tri) VALUES('rebuild');
                    INSERT INTO doc_tri(doc_tri) VALUES('optimize');
                    """)
            }
        }
        return (seconds, try indexBytes(path, tables: ["doc_tri"]))
    }

    func top20(_ q: String) throws {
        _ = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.rowid, d.headline, snippet(doc_tri, 1, '<b>', '</b>', '…', 20)
                FROM doc_tri JOIN doc d ON d.rowid = doc_tri.rowid
                WHERE doc_tri MATCH ? ORDER BY bm25(doc_tri, 8.0, 1.0) LIMIT 20
                """, arguments: [Self.phrase(q)])
        }
    }

    func count(_ q: String) throws -> Int {
        try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM doc_tri WHERE doc_tri MATCH ?", arguments: [Self.phrase(q)]) ?? 0
        }
    }

    func ids(_ q: String) throws -> Set<Int> {
        try queue.read { db in
            Set(try Int.fetchAll(db, sql: "SELECT rowid FROM doc_tri WHERE doc_tri MATCH ?", arguments: [Self.phrase(q)]))
        }
    }

    static func phrase(_ q: String) -> String { "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
