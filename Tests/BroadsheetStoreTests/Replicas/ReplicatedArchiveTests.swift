import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

/// `ReplicatedArchive` over real SQLite archives standing in for a primary and its replicas: a
/// "replica" replays a write when the test imports the same into it.
@Suite("Replicated archive: routing and failover")
struct ReplicatedArchiveTests {
    static func article(_ id: String) -> Article {
        Article(id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate("2019-11-25")!, headline: "标题\(id)",
                blocks: [.paragraph("正文\(id)")], placements: [Placement(page: PageRef(number: 1), order: Int(id.dropFirst())!, blockStart: 0, blockEnd: 1)])
    }

    /// A primary and `count` replicas holding the same article a1, at the same revision.
    static func cluster(_ dir: StoreFixtures.TempDir, replicas count: Int) async throws -> (SQLiteArchive, [SQLiteArchive]) {
        let primary = try SQLiteArchive(path: dir.url.appendingPathComponent("primary.sqlite").path)
        var replicas: [SQLiteArchive] = []
        for n in 0..<count { replicas.append(try SQLiteArchive(path: dir.url.appendingPathComponent("replica\(n).sqlite").path)) }
        for store in [primary] + replicas { _ = try await store.importContent(records: [], articles: [article("a1")]) }
        return (primary, replicas)
    }

    @Test("reads are spread over the replicas that are up to date; the primary reads none")
    func spread() async throws {
        let dir = StoreFixtures.TempDir()
        let (primary, replicas) = try await Self.cluster(dir, replicas: 2)
        let archive = ReplicatedArchive(primary: primary, replicas: replicas.enumerated().map { .init(name: "r\($0.offset)", store: $0.element) })
        await archive.checkHealth()

        for _ in 0..<4 { #expect(try await archive.article(id: "a1")?.headline == "标题a1") }

        #expect(archive.status().map(\.reads) == [2, 2])
        #expect(archive.status().allSatisfy { $0.up && $0.lagRevisions == 0 })
        #expect(archive.primaryReads == 0)
    }

    @Test("after a write, reads go to the primary until a replica has replayed it; the lag is measured")
    func readYourWrites() async throws {
        // Given a replica at the primary's revision
        let dir = StoreFixtures.TempDir()
        let (primary, replicas) = try await Self.cluster(dir, replicas: 1)
        let archive = ReplicatedArchive(primary: primary, replicas: [.init(name: "r0", store: replicas[0])])
        await archive.checkHealth()

        // When a write goes through the archive, the replica not having it yet
        _ = try await archive.importContent(records: [], articles: [Self.article("a2")])

        // Then it is read back (from the primary), and the replica shows its lag
        #expect(try await archive.article(id: "a2") != nil)
        #expect(archive.primaryReads == 1 && archive.status()[0].reads == 0)
        await archive.checkHealth()
        #expect(archive.status()[0].lagRevisions > 0)
        #expect(try await archive.stats().papers.first?.articles == 2)
        #expect(archive.primaryReads == 2)

        // And once the replica has replayed it, reads go there again
        _ = try await replicas[0].importContent(records: [], articles: [Self.article("a2")])
        await archive.checkHealth()
        #expect(archive.status()[0].lagRevisions == 0 && archive.status()[0].lagSeconds == 0)
        #expect(try await archive.article(id: "a2") != nil)
        #expect(archive.status()[0].reads == 1)
    }

    @Test("a write by another process on the primary is fenced too, as soon as revision() is asked")
    func revisionRaisesTheFence() async throws {
        let dir = StoreFixtures.TempDir()
        let (primary, replicas) = try await Self.cluster(dir, replicas: 1)
        let archive = ReplicatedArchive(primary: primary, replicas: [.init(name: "r0", store: replicas[0])])
        await archive.checkHealth()

        _ = try await primary.importContent(records: [], articles: [Self.article("a2")])
        let revision = try await archive.revision()

        #expect(revision == (try await primary.revision()))
        #expect(try await archive.article(id: "a2") != nil)
        #expect(archive.primaryReads == 1)
    }

    @Test("a replica that goes down is skipped: no read fails, the others and the primary answer")
    func failover() async throws {
        // Given two replicas, both up
        let dir = StoreFixtures.TempDir()
        let (primary, replicas) = try await Self.cluster(dir, replicas: 2)
        let archive = ReplicatedArchive(primary: primary, replicas: replicas.enumerated().map { .init(name: "r\($0.offset)", store: $0.element) })
        await archive.checkHealth()

        // When one is closed (its database gone from under it) before the health check sees it
        try replicas[1].close()

        // Then every read still succeeds, and the closed one is marked down after its first failure
        for _ in 0..<6 { #expect(try await archive.article(id: "a1") != nil) }
        let status = archive.status()
        #expect(status[1].up == false && status[1].failures == 1 && status[1].reads == 0)
        #expect(status[0].reads == 6)

        // And with every replica down, the primary answers
        try replicas[0].close()
        #expect(try await archive.search(SearchRequest(parsing: "正文")).total == 1)
        await archive.checkHealth()
        #expect(archive.status().allSatisfy { !$0.up })
        #expect(try await archive.papers().count == 1)
        #expect(archive.primaryReads == 2)
    }
}
