#if PostgreSQL
import BroadsheetCore
@testable import BroadsheetStore
import Foundation
import Synchronization
import Testing

/// What only the PostgreSQL archive needs beyond the contract suite: the import as one
/// transaction, and errors that say what went wrong with the server.
@Suite("PostgreSQL archive", .enabled(if: Backend.postgresServer != nil, "BROADSHEET_TEST_POSTGRES is not set"))
struct PostgresArchiveTests {
    private func fresh() async throws -> PostgresArchive {
        try await Backend.postgres(Backend.postgresServer!).open(URL(fileURLWithPath: "/"), "tx") as! PostgresArchive
    }

    private func article(_ id: String, date: String = "2019-11-25") -> Article {
        Article(id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(date)!, kicker: nil, headline: "标题\(id)",
                subtitle: nil, blocks: [.paragraph("正文\(id)")],
                placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)])
    }

    struct BadBatch: Error {}

    final class Counter: Sendable {
        private let count = Mutex(0)
        func next() -> Int { count.withLock { n in n += 1; return n } }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    @Test("a batch that fails after others were written leaves nothing: the import is one transaction")
    func importIsOneTransaction() async throws {
        // Given an empty archive and an import whose second batch fails
        let store = try await fresh()
        let revision = try await store.revision()
        let batches = Counter()
        let source = ImportBatchSource {
            let n = batches.next()
            switch n {
            case 1: return ImportBatch(articles: [article("a1"), article("a2")])
            case 2: throw BadBatch()
            default: return nil
            }
        }
        // When it runs, it fails
        await #expect(throws: BadBatch.self) {
            _ = try await store.importBatches(source, expected: 2, actor: "test", publishAt: nil)
        }
        // Then the first batch's articles, papers and editions are not there, nor a revision
        #expect(try await store.exportArticles().collect().isEmpty)
        #expect(try await store.papers().isEmpty)
        #expect(try await store.revision() == revision)
        #expect(try await store.auditLog(limit: 10).isEmpty)
    }

    @Test("the revision kept between notices follows writes from another process at once, and its own writes immediately")
    func revisionFollowsOtherWriters() async throws {
        // Given two archives on one database, as a server and an import command would be
        let server = try await fresh()
        let other = try await PostgresArchive(location: server.location)
        defer { Task { await other.close() } }
        // Once the server listens for notices (its revision then stays without a query)
        let clock = ContinuousClock()
        var deadline = clock.now.advanced(by: .seconds(5))
        while server.revisions.current(now: AccessToken.now()).revision == nil && clock.now < deadline {
            _ = try await server.revision()
            try await Task.sleep(for: .milliseconds(20))
        }
        let before = try await server.revision()
        #expect(server.revisions.current(now: AccessToken.now()).revision == before)
        // When the other one imports, the server's revision grows without a write of its own
        _ = try await other.importContent(records: [], articles: [article("n1")])
        deadline = clock.now.advanced(by: .seconds(2))
        while try await server.revision() == before && clock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let after = try await server.revision()
        #expect(after > before)
        #expect(try await server.article(id: "n1") != nil)
        // And its own write is read back at once, before any notice could come
        _ = try await server.importContent(records: [], articles: [article("n2", date: "2019-11-26")])
        #expect(try await server.revision() > after)
    }

    @Test("the connection killed in the middle of an import (pg_terminate_backend): a clear error, nothing of it stored")
    func importConnectionKilled() async throws {
        // Given an archive holding one import
        let store = try await fresh()
        _ = try await store.importContent(records: [], articles: [article("a1")])
        let before = try await StoreFixtures.snapshot(store)
        let revision = try await store.revision()

        // When a second import's connection is ended by the server after two of its batches
        let reached = Flag(), killed = Flag()
        let batches = Counter()
        let source = ImportBatchSource {
            let n = batches.next()
            if n == 3 {
                reached.set()
                // (`next` is synchronous: wait here, up to 10 s, until the session is gone)
                for _ in 0..<200 where !killed.isSet { Thread.sleep(forTimeInterval: 0.05) }
            }
            return n <= 4 ? ImportBatch(articles: [article("b\(n)", date: "2019-11-2\(6 + n % 2)")]) : nil
        }
        let importing = Task { try await store.importBatches(source, expected: 4, actor: "test", publishAt: nil) }
        while !reached.isSet { try await Task.sleep(for: .milliseconds(20)) }
        let ended = try await PostgresArchive.withConnection(store.location) { conn in
            try await conn.rows("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = \(store.location.database) AND pid <> pg_backend_pid()
                """).count
        }
        killed.set()
        #expect(ended >= 1)

        // Then the import fails saying the connection was lost
        do {
            _ = try await importing.value
            Issue.record("the import succeeded though its connection was ended")
        } catch let StoreError.connectionLost(host, port, reason) {
            #expect(host == store.location.host && port == store.location.port)
            #expect(!reason.isEmpty)
        }
        // And the archive holds what it held, at the same revision; and takes calls again
        #expect(try await StoreFixtures.snapshot(store) == before)
        #expect(try await store.revision() == revision)
    }

    @Test("an article id taken by another edition rolls back the whole import")
    func conflictRollsBack() async throws {
        let store = try await fresh()
        _ = try await store.importContent(records: [], articles: [article("a1")])
        let before = try await StoreFixtures.snapshot(store)
        await #expect(throws: StoreError.self) {
            _ = try await store.importContent(records: [], articles: [article("b1", date: "2019-11-26"), article("a1", date: "2019-11-27")])
        }
        #expect(try await StoreFixtures.snapshot(store) == before)
    }

    @Test("a server that is not there: host, port and reason")
    func unreachable() async throws {
        var location = Backend.postgresServer!
        location.port = 1
        do {
            _ = try await PostgresArchive(location: location)
            Issue.record("opened an archive on port 1")
        } catch let StoreError.serverUnreachable(host, port, reason) {
            #expect(host == location.host && port == 1 && !reason.isEmpty)
        }
    }

    @Test("credentials refused")
    func refused() async throws {
        var location = Backend.postgresServer!
        location.password = "wrong-\(UUID().uuidString)"
        do {
            _ = try await PostgresArchive(location: location)
            Issue.record("opened an archive with a wrong password")
        } catch let StoreError.credentialsRefused(user, _, _) {
            #expect(user == location.user)
        }
    }

    @Test("a schema from a newer version is refused, a database of other tables is no archive")
    func newerSchema() async throws {
        let store = try await fresh()
        try await store.write { conn in
            try await conn.run("INSERT INTO broadsheet_schema(version, name) VALUES (\(PostgresMigrations.latest + 1), 'from the future')")
        }
        await #expect(throws: StoreError.newerSchema(store.location.description)) {
            _ = try await PostgresArchive(location: store.location)
        }
        let other = try await PostgresArchive.createDatabase(named: "bs_foreign_\(UUID().uuidString.prefix(8).lowercased())", server: Backend.postgresServer!)
        try await PostgresArchive.withConnection(other) { conn in try await conn.run("CREATE TABLE something (x integer)") }
        await #expect(throws: StoreError.notAnArchive(other.description)) {
            _ = try await PostgresArchive(location: other)
        }
    }

    @Test("URLs: user, password, host, port and database; defaults as libpq's")
    func urls() {
        #expect(PostgresLocation(url: "postgres://u:p%40ss@db.example:6000/arch") == PostgresLocation(host: "db.example", port: 6000, user: "u", password: "p@ss", database: "arch"))
        #expect(PostgresLocation(url: "postgresql://localhost") == PostgresLocation(host: "localhost", user: "postgres", database: "postgres"))
        #expect(PostgresLocation(url: "./broadsheet.sqlite") == nil)
        #expect("\(PostgresLocation(url: "postgres://u:secret@h/d")!)" == "postgres://u@h:5432/d")
    }
}
#endif
