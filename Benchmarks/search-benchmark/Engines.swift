import BroadsheetCore
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

/// Runs `body` and returns its wall time in seconds.
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
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

/// The archive tables the search module reads, with the store's names, filled in bulk.
enum BenchDatabase {
    static func configuration() -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in try SearchIndex.prepare(db) }
        return config
    }

    /// Creates `path` holding the corpus rows (no index); returns the seconds it took.
    static func load(_ corpus: BenchCorpus, path: String) throws -> Double {
        try? FileManager.default.removeItem(atPath: path)
        let queue = try DatabaseQueue(path: path, configuration: configuration())
        return try time {
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE paper (slug TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE);
                    CREATE TABLE page (edition_id INTEGER NOT NULL, number INTEGER NOT NULL, label TEXT NOT NULL,
                                       name TEXT, image TEXT, PRIMARY KEY (edition_id, number));
                    CREATE TABLE article (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, edition_id INTEGER NOT NULL,
                        paper TEXT NOT NULL, date TEXT NOT NULL, kicker TEXT, headline TEXT NOT NULL, subtitle TEXT,
                        body TEXT NOT NULL, first_page INTEGER NOT NULL, first_order INTEGER NOT NULL,
                        native INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL);
                    CREATE TABLE placement (article_rowid INTEGER NOT NULL, edition_id INTEGER NOT NULL, page INTEGER NOT NULL,
                        ord INTEGER NOT NULL, block_start INTEGER NOT NULL, block_end INTEGER NOT NULL);
                    CREATE INDEX placement_article ON placement(article_rowid);
                    INSERT INTO paper VALUES ('rmrb', '人民日报');
                    """)
                let a = try db.makeStatement(sql: """
                    INSERT INTO article(rowid, id, edition_id, paper, date, headline, body, first_page, first_order, doc)
                    VALUES (?, ?, 0, 'rmrb', ?, ?, ?, ?, 1, '{}')
                    """)
                let p = try db.makeStatement(sql: "INSERT INTO placement VALUES (?, 0, ?, 1, 0, 1)")
                for it in corpus.items {
                    try a.execute(arguments: [it.id, String(it.id), it.date, it.headline, it.body, it.page])
                    try p.execute(arguments: [it.id, it.page])
                }
            }
        }
    }
}

/// Broadsheet's index and query path, or SQLite's own trigram tokenizer on the same rows.
struct SQLiteEngine {
    enum Kind { case broadsheet, trigram }
    let kind: Kind
    let path: String
    let queue: DatabaseQueue

    init(kind: Kind, path: String) throws {
        self.kind = kind
        self.path = path
        queue = try DatabaseQueue(path: path, configuration: BenchDatabase.configuration())
    }

    var name: String {
        switch kind {
        case .broadsheet: return "broadsheet"
        case .trigram: return "sqlite-trigram"
        }
    }

    /// Builds the index; returns seconds and the bytes of the index's own tables.
    func build() throws -> (Double, Int) {
        let tables = kind == .trigram ? ["article_tri"] : [SearchIndex.tableName, SearchIndex.characterTableName]
        let seconds = try time {
            try queue.write { db in
                switch kind {
                case .broadsheet:
                    try SearchIndex.createTable(db)
                case .trigram:
                    try db.execute(sql: """
                        CREATE VIRTUAL TABLE article_tri USING fts5(headline, body, content='article', content_rowid='rowid',
                            tokenize='trigram');
                        INSERT INTO article_tri(article_tri) VALUES('rebuild');
                        INSERT INTO article_tri(article_tri) VALUES('optimize');
                        """)
                }
            }
        }
        // Pages of the FTS5 shadow tables (data, idx, docsize, config) of every index: the
        // indexes alone, not the article text they point at.
        let bytes = try queue.read { db in
            try tables.reduce(0) { sum, table in
                sum + (try Int.fetchOne(db, sql: "SELECT sum(pgsize) FROM dbstat WHERE name LIKE ?", arguments: [table + "_%"]) ?? 0)
            }
        }
        return (seconds, bytes)
    }

    func top20(_ q: String) throws {
        try queue.read { db in
            switch kind {
            case .broadsheet:
                _ = try ArticleSearch.run(db, SearchRequest(query: "\"\(q)\"", limit: 20, includeFacets: false))
            case .trigram:
                _ = try Row.fetchAll(db, sql: """
                    SELECT a.id, a.headline, snippet(article_tri, 1, '<b>', '</b>', '…', 20)
                    FROM article_tri JOIN article a ON a.rowid = article_tri.rowid
                    WHERE article_tri MATCH ? ORDER BY bm25(article_tri, 8.0, 1.0) LIMIT 20
                    """, arguments: [Self.phrase(q)])
            }
        }
    }

    func count(_ q: String) throws -> Int {
        try queue.read { db in
            switch kind {
            case .broadsheet:
                return try ArticleSearch.count(db, query: "\"\(q)\"")
            case .trigram:
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM article_tri WHERE article_tri MATCH ?", arguments: [Self.phrase(q)]) ?? 0
            }
        }
    }

    func ids(_ q: String) throws -> Set<Int> {
        try queue.read { db in
            switch kind {
            case .broadsheet:
                return Set(try ArticleSearch.allIDs(db, SearchRequest(query: "\"\(q)\"")).compactMap { Int($0) })
            case .trigram:
                return Set(try Int.fetchAll(db, sql: "SELECT rowid FROM article_tri WHERE article_tri MATCH ?", arguments: [Self.phrase(q)]))
            }
        }
    }

    static func phrase(_ q: String) -> String { "\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
