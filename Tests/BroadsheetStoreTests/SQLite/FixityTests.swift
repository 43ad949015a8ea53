import BroadsheetCore
import Foundation
import GRDB
import Synchronization
import Testing

@testable import BroadsheetStore

/// `verify` and `backup`: what only the SQLite file has.
@Suite("SQLite archive: fixity and backup")
struct FixityTests {
    /// A short crawl record: under 64 bytes, so it is stored plain, not deflated.
    static let shortCrawl = StoreFixtures.crawlText(["", "短讯", "", "　　今日晴。"])

    /// An archive file holding the sample (deflated original) and two crawl records.
    static func archive(_ dir: StoreFixtures.TempDir) async throws -> (SQLiteArchive, String) {
        let path = dir.path + "/a.sqlite"
        let store = try SQLiteArchive(path: path)
        dir.write("in/20191003-01-01.txt", shortCrawl)
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["引题", "第二篇", "", "　　这是一篇足够长的报道，它的原文会被压缩保存，用来检验校验。"]))
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        _ = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        return (store, path)
    }

    /// Flips the bits of the byte at `offset` of a source's stored (packed) data, in SQL.
    static func flipByte(_ path: String, key: String, offset: Int) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            var data = try #require(try Data.fetchOne(db, sql: "SELECT data FROM source WHERE key = ?", arguments: [key]))
            data[data.startIndex + offset] ^= 0xff
            try db.execute(sql: "UPDATE source SET data = ? WHERE key = ?", arguments: [data, key])
        }
        try queue.close()
    }

    static func key(_ path: String, name: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try #require(try queue.read { db in try String.fetchOne(db, sql: "SELECT key FROM source WHERE name = ?", arguments: [name]) })
    }

    @Test("a fresh archive verifies clean, every original and article counted")
    func clean() async throws {
        let dir = StoreFixtures.TempDir()
        let (store, _) = try await Self.archive(dir)
        let v = try await store.verify()
        #expect(v.problems == [])
        #expect(v.originals == 3)
        #expect(v.articles == 3)
        #expect(v.indexedTokens > 100)
        #expect(v.indexedCharacters > 50)
    }

    @Test("a withdrawn article, out of the indexes on purpose, verifies clean; restored, too")
    func withdrawnVerifies() async throws {
        let dir = StoreFixtures.TempDir()
        let (store, _) = try await Self.archive(dir)
        let id = try #require(try await store.exportArticles().collect().first?.id)
        _ = try await store.withdraw(id: id, reason: "测试", actor: "cli:test")
        #expect(try await store.verify().problems == [])
        _ = try await store.restore(id: id, actor: "cli:test")
        #expect(try await store.verify().problems == [])
    }

    @Test("digests are the SHA-256 of the input's bytes, stored at import")
    func digestStored() async throws {
        let dir = StoreFixtures.TempDir()
        let (_, path) = try await Self.archive(dir)
        let queue = try DatabaseQueue(path: path)
        let digest = try await queue.read { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM source WHERE name = 'zjrb-20191125-20102773.txt'")
        }
        try queue.close()
        // `sha256sum Samples/zjrb-20191125-20102773.txt`
        #expect(digest == "a23ec0e133d749a1aeb5da1e7aa6244efb718a1dbefa76fdb9408de707d9528a")
    }

    @Test("the v4 migration gives inputs stored before it their digests")
    func migrationFillsDigests() async throws {
        // Given an archive taken back to schema v3 (v4 only adds the column)
        let dir = StoreFixtures.TempDir()
        let (_, path) = try await Self.archive(dir)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE source DROP COLUMN sha256; DELETE FROM grdb_migrations WHERE identifier = 'v4-fixity'")
        }
        try queue.close()

        // When it is opened, then every input has its digest and the archive verifies
        let migrated = try SQLiteArchive(path: path, readOnly: true)
        #expect(try await migrated.verify().problems == [])
        let check = try DatabaseQueue(path: path)
        let digest = try await check.read { db in
            try String.fetchOne(db, sql: "SELECT sha256 FROM source WHERE name = 'zjrb-20191125-20102773.txt'")
        }
        #expect(digest == "a23ec0e133d749a1aeb5da1e7aa6244efb718a1dbefa76fdb9408de707d9528a")
        #expect(try await check.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source WHERE sha256 IS NULL") } == 0)
        try check.close()
    }

    @Test("one byte flipped in a plain stored original is a digest mismatch, named by article and source")
    func flippedPlainByte() async throws {
        // Given an archive whose short original is stored plain (tag byte 0, then its bytes)
        let dir = StoreFixtures.TempDir()
        let (store, path) = try await Self.archive(dir)
        let key = try Self.key(path, name: "20191003-01-01.txt")

        // When one byte of its text is flipped
        try Self.flipByte(path, key: key, offset: 5)

        // Then verify finds that original, and nothing else
        let v = try await store.verify()
        #expect(v.problems.map(\.kind) == [.digestMismatch])
        #expect(v.problems.first?.articleID == "rmrb-20191003-01-01")
        #expect(v.problems.first?.sourceKeys == [key])
    }

    @Test("one byte flipped inside a deflated original is found, named by article and source")
    func flippedDeflatedByte() async throws {
        let dir = StoreFixtures.TempDir()
        let (store, path) = try await Self.archive(dir)
        let key = try Self.key(path, name: "zjrb-20191125-20102773.txt")

        // A byte in the middle of the zlib stream (after the tag and the length)
        let size = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT length(data) FROM source WHERE key = ?", arguments: [key]) }
        try Self.flipByte(path, key: key, offset: try #require(size) / 2)

        let v = try await store.verify()
        #expect(v.problems.count == 1)
        #expect([.unreadableOriginal, .digestMismatch].contains(try #require(v.problems.first).kind))
        #expect(v.problems.first?.articleID == "zjrb-20102773")
        #expect(v.problems.first?.sourceKeys == [key])
    }

    @Test("a search index entry removed is found, named by article and source")
    func removedIndexEntry() async throws {
        // Given an archive
        let dir = StoreFixtures.TempDir()
        let (store, path) = try await Self.archive(dir)
        let key = try Self.key(path, name: "20191003-02-01.txt")

        // When the article's entry in the bigram index loses its headline's tokens (indexed
        // again with the headline empty, the rest as it was)
        let queue = try DatabaseQueue(path: path, configuration: {
            var c = Configuration()
            c.prepareDatabase { db in SearchIndex.prepare(db) }
            return c
        }())
        try await queue.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT rowid, headline, kicker, subtitle, doc FROM article WHERE id = 'rmrb-20191003-02-01'"))
            let body = try StoredDocument.searchText(row["doc"])
            try db.execute(sql: "INSERT INTO article_fts(article_fts, rowid, headline, kicker, subtitle, body) VALUES('delete', ?, ?, ?, ?, ?)",
                           arguments: [row["rowid"], row["headline"], row["kicker"], row["subtitle"], body])
            try db.execute(sql: "INSERT INTO article_fts(rowid, headline, kicker, subtitle, body) VALUES (?, '', ?, ?, ?)",
                           arguments: [row["rowid"], row["kicker"], row["subtitle"], body])
        }
        try queue.close()

        // Then verify names that article and its source, in the bigram index only
        let v = try await store.verify()
        #expect(v.problems.map(\.kind) == [.indexMismatch])
        #expect(v.problems.first?.articleID == "rmrb-20191003-02-01")
        #expect(v.problems.first?.sourceKeys == [key])
        #expect(v.problems.first?.detail.contains("article_fts") == true)
    }

    @Test("an article missing from the character index, or a row indexed that is no article, is found")
    func characterIndexAndOrphans() async throws {
        let dir = StoreFixtures.TempDir()
        let (store, path) = try await Self.archive(dir)
        let queue = try DatabaseQueue(path: path, configuration: {
            var c = Configuration()
            c.prepareDatabase { db in SearchIndex.prepare(db) }
            return c
        }())
        try await queue.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT rowid, headline, kicker, subtitle, doc FROM article WHERE id = 'zjrb-20102773'"))
            let fields = SearchIndex.Fields(headline: row["headline"], kicker: row["kicker"], subtitle: row["subtitle"], body: try StoredDocument.searchText(row["doc"]))
            try db.execute(sql: "INSERT INTO article_chars(article_chars, rowid, headline, kicker, subtitle, body) VALUES('delete', ?, ?, ?, ?, ?)",
                           arguments: [row["rowid"]] + fields.arguments)
            try SearchIndex.add(db, rowid: 9_999, SearchIndex.Fields(headline: "孤儿", kicker: nil, subtitle: nil, body: "没有文章的索引行"))
        }
        try queue.close()

        let v = try await store.verify()
        let missing = v.problems.filter { $0.kind == .indexMismatch }
        #expect(missing.map(\.articleID) == ["zjrb-20102773"])
        #expect(missing.first?.detail.contains("article_chars") == true)
        #expect(v.problems.filter { $0.kind == .indexOrphan }.count == 2)  // one per index
        #expect(v.problems.count == 3)
    }

    @Test("an index that no longer matches its table is reported by SQLite's integrity check")
    func integrityCheck() async throws {
        // Given an archive whose index on article dates no longer matches the table: its
        // declared columns changed under it, what a torn write of the schema page leaves
        let dir = StoreFixtures.TempDir()
        let (_, path) = try await Self.archive(dir)
        let queue = try DatabaseQueue(path: path)
        try await queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE INDEX article_date ON article(date, paper)' WHERE name = 'article_date'")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try queue.close()

        // Then verify reports what integrity_check says
        let v = try await SQLiteArchive(path: path, readOnly: true).verify()
        #expect(v.problems.contains { $0.kind == .integrity && $0.detail.contains("article_date") })
    }

    @Test("a backup is a copy that verifies and reads back the same articles")
    func backup() async throws {
        let dir = StoreFixtures.TempDir()
        let (store, _) = try await Self.archive(dir)
        let destination = dir.path + "/copy.sqlite"

        let revision = try await store.backup(to: destination)

        let copy = try SQLiteArchive(path: destination, readOnly: true)
        #expect(try await copy.verify().problems == [])
        #expect(try await StoreFixtures.snapshot(copy) == StoreFixtures.snapshot(store))
        #expect(revision == (try await store.revision()))
        #expect(!FileManager.default.fileExists(atPath: destination + ".partial"))
        // And it never overwrites
        await #expect(throws: StoreError.backupExists(destination)) { try await store.backup(to: destination) }
    }

    @Test("an import committed in the middle of a backup leaves the copy whole: the archive before it or after it")
    func writeDuringBackup() async throws {
        // Given an archive and its state before and after an import of one more edition
        let dir = StoreFixtures.TempDir()
        let (store, path) = try await Self.archive(dir)
        dir.write("more/20191004-01-01.txt", StoreFixtures.crawlText(["", "又一天", "", "　　第二天的报道写在这里，篇幅足够长，可以压缩，也能被检索到。"]))
        let before = try await StoreFixtures.snapshot(store)

        // When a backup copies a page at a time and, after its first page, another connection
        // imports that edition and commits
        let step = FirstStep()
        let other = try SQLiteArchive(path: path)
        let more = dir.path + "/more"
        let destination = dir.path + "/copy.sqlite"
        try await store.backup(to: destination, pagesPerStep: 1) {
            guard step.isFirst() else { return }
            // The backup's thread waits for the import: a real write, committed mid-backup.
            let done = DispatchSemaphore(value: 0)
            Task {
                do { _ = try await Importer(store: other).run(paths: [more], options: .init(paperName: "人民日报")) }
                catch { step.fail(error) }
                done.signal()
            }
            done.wait()
            if let error = step.failure { throw error }
        }
        let after = try await StoreFixtures.snapshot(store)

        // Then the import landed in the archive, and the copy verifies and is exactly one of the
        // two states (SQLite's backup reads one snapshot: the state before)
        #expect(!step.isFirst())
        #expect(before != after)
        let copy = try SQLiteArchive(path: destination, readOnly: true)
        #expect(try await copy.verify().problems == [])
        let copied = try await StoreFixtures.snapshot(copy)
        #expect(copied == before || copied == after)
        print("backup with an import committed mid-way holds the state \(copied == before ? "before" : "after") it")
    }

    /// Which backup step is the first, and what the import made there threw; shared with the
    /// backup's thread.
    final class FirstStep: Sendable {
        private let state = Mutex<(seen: Bool, error: (any Error)?)>((false, nil))
        func isFirst() -> Bool { state.withLock { s in defer { s.seen = true }; return !s.seen } }
        func fail(_ error: any Error) { state.withLock { $0.error = error } }
        var failure: (any Error)? { state.withLock { $0.error } }
    }

    @Test("a disk-full error names the archive and says nothing was written")
    func diskFullWords() {
        let message = StoreError.diskFull("/mnt/small/a.sqlite").description
        #expect(message.hasPrefix("disk full"))
        #expect(message.contains("/mnt/small/a.sqlite"))
    }
}
