#if PostgreSQL
import BroadsheetCore
@testable import BroadsheetStore
import Foundation
import PostgresNIO
import Testing

/// `verify` on PostgreSQL: originals against their digests, token lists against the stored text.
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

    @Test("a fresh archive verifies clean; a changed original and a changed token list are each named with their article")
    func verify() async throws {
        // Given an archive of three articles, each from one original
        let dir = StoreFixtures.TempDir()
        let store = try await Self.archive(dir)
        let clean = try await store.verify()
        #expect(clean.problems == [])
        #expect(clean.originals == 3)
        #expect(clean.articles == 3)
        // When one original's bytes change, and another article's token list loses a token
        try await Self.change(store, "UPDATE source SET data = data || '\\x0a'::bytea WHERE name LIKE '%20191003-01-01%'")
        try await Self.change(store, """
            UPDATE article_search SET tokens = ts_delete(tokens, '篇足'::text) WHERE rowid = (SELECT rowid FROM article WHERE id = 'rmrb-20191003-02-01')
            """)
        // Then verify names both, and nothing else
        let v = try await store.verify()
        #expect(v.problems.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.digestMismatch, .indexMismatch])
        let digest = try #require(v.problems.first { $0.kind == .digestMismatch })
        #expect(digest.articleID == "rmrb-20191003-01-01")
        let index = try #require(v.problems.first { $0.kind == .indexMismatch })
        #expect(index.articleID == "rmrb-20191003-02-01")
        #expect(index.detail.contains("holds"))
        await store.close()
    }

    @Test("a withdrawn article keeps its token list on PostgreSQL and verifies clean")
    func withdrawn() async throws {
        let dir = StoreFixtures.TempDir()
        let store = try await Self.archive(dir)
        _ = try await store.withdraw(id: "rmrb-20191003-02-01", reason: "测试", actor: "cli:test")
        #expect(try await store.verify().problems == [])
        await store.close()
    }
}
#endif
