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

    @Test("the initial lexemes schema step 5 makes in SQL for older articles are the ones Swift makes at import, in every CJK script")
    func initialsInSQL() async throws {
        // Given an article in ideographs of three blocks, 〇, hangul, hiragana and katakana,
        // with a katakana middle dot and Latin beside them
        let dir = StoreFixtures.TempDir()
        let store = try await Backend.postgres(Backend.postgresServer!).open(URL(fileURLWithPath: dir.path), "initials") as! PostgresArchive
        dir.write("in/20191004-01-01.txt", StoreFixtures.crawlText([
            "", "文字与书写", "", "　　㐀字、𠀀字与〇号；한국어、ひらがな、カタカナ・ソフト，还有GDP。"]))
        _ = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        let (made, differing) = try await store.read { conn in
            let made = try await conn.rows("""
                SELECT u.lexeme FROM article_search s, unnest(s.tokens) u WHERE u.lexeme LIKE '#%' ORDER BY 1
                """).map { try $0.decode(String.self) }
            // The list without its initials, given the initials again by the step's function
            let differing = try await conn.value("""
                SELECT count(*) FROM (SELECT tokens, ts_delete(tokens, ARRAY(SELECT lexeme FROM unnest(tokens) WHERE lexeme LIKE '#%')) AS bare
                FROM article_search) t WHERE tokens IS DISTINCT FROM bare || broadsheet_initials(bare)
                """, as: Int.self)
            return (made, differing)
        }
        // Then Swift made an initial for each of those scripts and none for the dot or Latin
        for c in ["#㐀", "#𠀀", "#〇", "#한", "#ひ", "#カ", "#文"] { #expect(made.contains(c), "\(c) in \(made)") }
        #expect(!made.contains("#・") && !made.contains("#g"))
        // And the function makes exactly the same ones from the rest of the list
        #expect(differing == 0)
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
