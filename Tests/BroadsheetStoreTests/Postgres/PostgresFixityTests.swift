#if PostgreSQL
import BroadsheetCore
@testable import BroadsheetStore
import Foundation
import PostgresNIO
import Testing

/// `verify` on PostgreSQL: originals against their digests, the search index against the stored text.
@Suite("PostgreSQL archive: fixity", .enabled(if: Backend.postgresServer != nil, "BROADSHEET_TEST_POSTGRES is not set"))
struct PostgresFixityTests {
    /// The sample and two crawl records, imported as `FixityTests` imports them on SQLite.
    static func archive(_ dir: StoreFixtures.TempDir) async throws -> PostgresArchive {
        let store = try await Backend.postgres(Backend.postgresServer!).open(URL(fileURLWithPath: dir.path), "fixity") as! PostgresArchive
        dir.write("in/20191003-01-01.txt", FixityTests.shortCrawl)
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["引题", "第二篇", "", "　　这是一篇足够长的报道，它的原文会被原样保存，用来检验校验。"]))
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        _ = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        return store
    }

    static func change(_ store: PostgresArchive, _ sql: String) async throws {
        _ = try await store.write { conn in try await conn.run(PostgresQuery(unsafeSQL: sql)) }
    }

    @Test("a one-character query finds its article in every CJK script, from the initial's posting list; a middle dot and Latin have none")
    func initials() async throws {
        // Given an article in ideographs of three blocks, 〇, hangul, hiragana and katakana,
        // with a katakana middle dot and Latin beside them
        let dir = StoreFixtures.TempDir()
        let store = try await Backend.postgres(Backend.postgresServer!).open(URL(fileURLWithPath: dir.path), "initials") as! PostgresArchive
        dir.write("in/20191004-01-01.txt", StoreFixtures.crawlText([
            "", "文字与书写", "", "　　㐀字、𠀀字与〇号；한국어、ひらがな、カタカナ・ソフト，还有GDP。"]))
        _ = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        let made = try await store.read { conn in
            try await conn.rows("SELECT DISTINCT token FROM search_posting WHERE token LIKE '#%' ORDER BY 1").map { try $0.decode(String.self) }
        }
        // Then the index holds an initial for each of those scripts and none for the dot or Latin
        for c in ["#㐀", "#𠀀", "#〇", "#한", "#ひ", "#カ", "#文"] { #expect(made.contains(c), "\(c) in \(made)") }
        #expect(!made.contains("#・") && !made.contains("#g") && !made.contains("#G"))
        // And each one-character query finds the article
        for c in ["㐀", "𠀀", "〇", "한", "ひ", "カ", "文"] {
            #expect(try await store.search(c).total == 1, "\(c)")
        }
        await store.close()
    }

    @Test("the index written as articles come and go holds, entry for entry, the one rebuilt from the stored texts")
    func incrementalEqualsRebuilt() async throws {
        // Given an archive whose second edition is imported, then imported again changed (its
        // articles are replaced: their entries cut out, the new ones appended)
        let dir = StoreFixtures.TempDir()
        let store = try await Self.archive(dir)
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["引题", "第二篇", "", "　　这是一篇改过的报道，旧的句子不见了，新的词语取而代之。"]))
        _ = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        // Every entry of the index: token, rowid and payload, in order.
        func snapshot() async throws -> [String] {
            try await store.read { conn in
                var out: [String] = []
                for row in try await conn.rows("SELECT token, data FROM search_posting ORDER BY token, last") {
                    let (token, data) = try row.decode((String, Data).self)
                    let entries = try #require(PostingList.entries([UInt8](data)))
                    out += entries.map { "\(token) \($0.rowid) \($0.payload.map { String($0, radix: 16) }.joined(separator: "."))" }
                }
                return out
            }
        }
        let written = try await snapshot()
        // When the index is rebuilt from the stored articles
        _ = try await store.write { conn in try await PostgresSearchIndex.rebuild(conn) }
        // Then it holds the same entries, and the old text is gone from it
        #expect(try await snapshot() == written)
        #expect(written.count > 100)
        #expect(try await store.search("足够长").total == 0)
        #expect(try await store.search("取而代之").total == 1)
        #expect(try await store.verify().problems == [])
        await store.close()
    }

    @Test("a fresh archive verifies clean; a changed original and a token removed from the search index are each named with their article")
    func verify() async throws {
        // Given an archive of three articles, each from one original
        let dir = StoreFixtures.TempDir()
        let store = try await Self.archive(dir)
        let clean = try await store.verify()
        #expect(clean.problems == [])
        #expect(clean.originals == 3)
        #expect(clean.articles == 3)
        // When one original's bytes change, and another article loses a token from the index
        try await Self.change(store, "UPDATE source SET data = data || '\\x0a'::bytea WHERE name LIKE '%20191003-01-01%'")
        try await Self.change(store, "DELETE FROM search_posting WHERE token = '篇足'")
        // Then verify names both, and nothing else
        let v = try await store.verify()
        #expect(v.problems.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.digestMismatch, .indexMismatch])
        let digest = try #require(v.problems.first { $0.kind == .digestMismatch })
        #expect(digest.articleID == "rmrb-20191003-01-01")
        let index = try #require(v.problems.first { $0.kind == .indexMismatch })
        #expect(index.articleID == "rmrb-20191003-02-01")
        #expect(index.detail.contains("search_posting"))
        await store.close()
    }

    @Test("a withdrawn article keeps its index entries on PostgreSQL and verifies clean")
    func withdrawn() async throws {
        let dir = StoreFixtures.TempDir()
        let store = try await Self.archive(dir)
        _ = try await store.withdraw(id: "rmrb-20191003-02-01", reason: "测试", actor: "cli:test")
        #expect(try await store.verify().problems == [])
        await store.close()
    }
}
#endif
