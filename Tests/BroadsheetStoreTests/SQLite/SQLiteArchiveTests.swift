import BroadsheetCore
import BroadsheetSearch
import Foundation
import GRDB
import Testing

@testable import BroadsheetStore

/// What only the SQLite backend has: its file, its migrations, its packing.
@Suite("SQLite archive")
struct SQLiteArchiveTests {
    @Test("a v1 archive is migrated to v2 on open and reads back the same articles, searchable")
    func migratesV1() async throws {
        // Given the articles of a real import
        let dir = StoreFixtures.TempDir()
        let source = try SQLiteArchive(path: dir.path + "/source.sqlite")
        dir.write("in/20191003-01-05.txt", StoreFixtures.crawlText(["引题", "两个版面", "", "　　这是一篇足够长的报道，用来检验同一篇文章在两个版面上各印一次时会被合并为一篇。"]))
        dir.write("in/20191003-03-05.txt", StoreFixtures.crawlText(["引题", "两个版面", "", "　　这是一篇足够长的报道，用来检验同一篇文章在两个版面上各印一次时会被合并为一篇。"]))
        _ = try await Importer(store: source).run(paths: [StoreFixtures.seedPath], options: .init())
        _ = try await Importer(store: source).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        let articles = try await source.exportArticles().collect()
        #expect(articles.count == 2)

        // And a file with schema v1 (its shipped migrations) holding them the way v1 stored them
        let path = dir.path + "/v1.sqlite"
        try Self.writeV1(articles, path: path)

        // When it is opened
        let migrated = try SQLiteArchive(path: path, readOnly: true)

        // Then every article reads back as it was, the edition has its pages, and search works
        #expect(try await migrated.exportArticles().collect() == articles)
        let edition = try #require(try await migrated.edition(paper: "zjrb", date: IssueDate("2019-11-25")!))
        #expect(edition.pages.map(\.page.number) == [1, 5])
        #expect(try await migrated.matchingIDs(SearchRequest(parsing: "台州红云")) == ["zjrb-20102773"])
        #expect(try await migrated.matchingIDs(SearchRequest(parsing: "版面")) == ["rmrb-20191003-01-05"])
        #expect(try await migrated.revision() >= 1)
        #expect(try await migrated.resolve(id: "rmrb-20191003-03-05") == ArticleAddress(id: "rmrb-20191003-01-05", page: 3))
        // And a later import into it still stitches against what was migrated
        let writable = try SQLiteArchive(path: path)
        let report = try await Importer(store: writable).run(paths: [StoreFixtures.seedPath], options: .init())
        #expect(report.store.unchanged == 1)
    }

    @Test("a v2 archive gains the credits of the articles it holds when opened")
    func migratesV2() async throws {
        // Given an archive whose article credits a reporter, taken back to schema v2 (v3 only
        // adds the credit table)
        let dir = StoreFixtures.TempDir()
        let path = dir.path + "/v2.sqlite"
        dir.write("in/20191008-01-05.txt", StoreFixtures.crawlText(["", "国庆假期消费旺", "", "　　本报北京10月7日电  （记者王昊男）国庆假期，消费火热。"]))
        _ = try await Importer(store: try SQLiteArchive(path: path)).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "DROP TABLE credit; DELETE FROM grdb_migrations WHERE identifier = 'v3-credits'")
        }
        try await queue.close()

        // When it is opened, then its credits are there
        let migrated = try SQLiteArchive(path: path)
        #expect(try await migrated.matchingIDs(SearchRequest(parsing: "byline:王昊男")) == ["rmrb-20191008-01-05"])
        #expect(try await migrated.matchingIDs(SearchRequest(parsing: "place:北京")) == ["rmrb-20191008-01-05"])
    }

    /// The v1 layout, as the shipped v1 writer filled it: body column, document with placements,
    /// placement rows in article order, sources as text, external-content indexes.
    static func writeV1(_ articles: [Article], path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in SearchIndex.prepare(db) }
        let queue = try DatabaseQueue(path: path, configuration: config)
        try ArchiveMigrations.migrator().migrate(queue, upTo: "v1-search")
        try queue.write { db in
            for a in articles {
                try db.execute(sql: "INSERT OR IGNORE INTO paper(slug, name) VALUES (?, ?)", arguments: [a.paper.slug, a.paper.name])
                try db.execute(sql: "INSERT OR IGNORE INTO edition(paper, date) VALUES (?, ?)", arguments: [a.paper.slug, a.date.description])
                let edition = try Int64.fetchOne(db, sql: "SELECT id FROM edition WHERE paper = ? AND date = ?", arguments: [a.paper.slug, a.date.description])!
                for p in a.placements {
                    try db.execute(sql: "INSERT OR IGNORE INTO page(edition_id, number, label, name) VALUES (?, ?, ?, ?)",
                                   arguments: [edition, p.page.number, p.page.label, p.page.name])
                }
                var doc = ArticleJSONL.document(a)
                doc.originals = []
                try db.execute(sql: """
                    INSERT INTO article(id, edition_id, paper, date, kicker, headline, subtitle, body, first_page, first_order, native, doc)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """, arguments: [a.id, edition, a.paper.slug, a.date.description, a.kicker, a.headline, a.subtitle, a.bodyText,
                                     a.placements[0].page.number, a.placements[0].order, ArticleJSONL.json(doc)])
                let rowid = db.lastInsertedRowID
                for p in a.placements {
                    try db.execute(sql: "INSERT INTO placement VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [rowid, edition, p.page.number, p.order, p.blockStart, p.blockEnd])
                }
                for (seq, s) in a.sources.enumerated() {
                    try db.execute(sql: "INSERT INTO source(key, edition_id, article_rowid, format, name, text, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [s.key, edition, rowid, s.format.rawValue, s.name, s.text, seq])
                }
            }
            try db.execute(sql: """
                INSERT INTO article_fts(article_fts) VALUES('rebuild');
                INSERT INTO article_chars(article_chars) VALUES('rebuild');
                """)
        }
    }

    @Test("an import by another connection (as by another process) is seen at once, with a new revision")
    func anotherWriterIsSeen() async throws {
        let dir = StoreFixtures.TempDir()
        let path = dir.path + "/archive.sqlite"
        let writer = try SQLiteArchive(path: path)
        let reader = try SQLiteArchive(path: path, readOnly: true)
        let before = try await reader.revision()
        _ = try await Importer(store: writer).run(paths: [StoreFixtures.seedPath], options: .init())
        #expect(try await reader.revision() > before)
        #expect(try await reader.article(id: "zjrb-20102773") != nil)
    }

    @Test("texts are packed and unpacked byte for byte", arguments: [
        "", "短", String(repeating: "台州红云　\r\n", count: 200), "🀄️ mixed ＡＢＣ abc\u{0}\u{7F}", String(repeating: "a", count: 63),
    ])
    func packing(_ text: String) throws {
        let packed = PackedText.pack(text)
        #expect(try PackedText.unpack(packed) == text)
        #expect(Array(try PackedText.unpack(packed).utf8) == Array(text.utf8))
        if text.utf8.count > 1000 { #expect(packed.count < text.utf8.count / 2) }
    }

    @Test("a stored document gives its body without the rest, and the whole document back")
    func storedDocument() throws {
        let long = (1...400).map { "第\($0)段，台州红云。" }
        let article = Article(
            id: "doc", paper: Paper(name: "人民日报"), date: IssueDate("2019-11-25")!, kicker: "引题", headline: "标题",
            blocks: long.map(Block.paragraph) + [.jump(Jump(direction: .continuesOn, pageLabel: "5", pageNumber: 5, text: "（下转第五版）"))],
            placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 401)])
        let packed = StoredDocument.pack(article)
        #expect(try StoredDocument.searchText(packed) == article.searchText)
        #expect(article.searchText.hasSuffix("（下转第五版）"))
        var expected = ArticleJSONL.document(article)
        expected.placements = []
        #expect(try StoredDocument.unpack(packed) == expected)
        // A prefix read stops early but gives exactly the bytes asked for.
        let text = String(repeating: "一二三四五六七八九十", count: 500)
        let head = try PackedText.unpackBytes(PackedText.pack(text)) { _ in 30 }
        #expect(head == Array(text.utf8.prefix(30)))
    }

    @Test("damaged packed text is an error, not garbage")
    func damaged() {
        #expect(throws: PackedText.Damaged.self) { _ = try PackedText.unpack(Data([7, 1, 2])) }
        var packed = PackedText.pack(String(repeating: "台州红云", count: 100))
        packed[packed.count - 3] ^= 0xFF
        #expect(throws: PackedText.Damaged.self) { _ = try PackedText.unpack(packed) }
    }

    @Test("opening a file that is not an archive, or a missing one read-only, says so")
    func notAnArchive() throws {
        let dir = StoreFixtures.TempDir()
        let junk = dir.write("junk.sqlite", Array("this is not a database, just some text that is long enough".utf8))
        #expect(throws: StoreError.notAnArchive(junk)) { _ = try SQLiteArchive(path: junk, readOnly: true) }
        #expect(throws: StoreError.missingArchive(dir.path + "/none.sqlite")) { _ = try SQLiteArchive(path: dir.path + "/none.sqlite", readOnly: true) }
        // A file with no tables (a first import killed before its schema committed) holds no
        // archive yet, like no file, and an import makes it one.
        let empty = dir.write("empty.sqlite", [UInt8]())
        #expect(throws: StoreError.missingArchive(empty)) { _ = try SQLiteArchive(path: empty, readOnly: true) }
        _ = try SQLiteArchive(path: empty)
        _ = try SQLiteArchive(path: empty, readOnly: true)
        // Another program's SQLite file is refused and left alone, even when opened for writing.
        let other = dir.path + "/other.sqlite"
        try DatabaseQueue(path: other).inDatabase { db in try db.execute(sql: "CREATE TABLE notes(text TEXT)") }
        #expect(throws: StoreError.notAnArchive(other)) { _ = try SQLiteArchive(path: other) }
        let tables = try DatabaseQueue(path: other).read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables == ["notes"])
    }

    @Test("an archive from a newer version is refused, not modified")
    func newerSchema() async throws {
        let dir = StoreFixtures.TempDir()
        let path = dir.path + "/archive.sqlite"
        _ = try SQLiteArchive(path: path)
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.newerSchema(path)) { _ = try SQLiteArchive(path: path) }
        #expect(throws: StoreError.newerSchema(path)) { _ = try SQLiteArchive(path: path, readOnly: true) }
    }
}
