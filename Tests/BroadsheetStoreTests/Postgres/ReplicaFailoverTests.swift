#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

/// The primary, its replica and how to stop it, from the environment.
enum ReplicaEnvironment {
    static let urls: (primary: PostgresLocation, replica: PostgresLocation, stop: String)? = {
        let env = ProcessInfo.processInfo.environment
        guard let p = env["BROADSHEET_TEST_POSTGRES"].flatMap(PostgresLocation.init(url:)),
              let r = env["BROADSHEET_TEST_POSTGRES_REPLICA"].flatMap(PostgresLocation.init(url:)),
              let stop = env["BROADSHEET_TEST_REPLICA_STOP"], !stop.isEmpty else { return nil }
        return (p, r, stop)
    }()
}

/// A real streaming replica: import on the primary, read on the replica, stop the replica, and
/// reads still succeed. Needs `BROADSHEET_TEST_POSTGRES` and `BROADSHEET_TEST_POSTGRES_REPLICA`
/// (`.ci/pg-cluster.sh start --replica` prints both) and `BROADSHEET_TEST_REPLICA_STOP`, a shell
/// command that stops the replica (`.ci/pg-cluster.sh stop-replica`). It stops the replica, so
/// it runs on its own, after the suites that use the cluster (`.ci/run`).
@Suite("PostgreSQL replica failover", .enabled(if: ReplicaEnvironment.urls != nil,
                                               "BROADSHEET_TEST_POSTGRES, _POSTGRES_REPLICA and _REPLICA_STOP are not all set"))
struct ReplicaFailoverTests {
    static func article(_ n: Int) -> Article {
        Article(id: "r\(n)", paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate("2019-11-25")!, headline: "复制\(n)",
                blocks: [.paragraph("副本正文\(n)")], placements: [Placement(page: PageRef(number: 1), order: n, blockStart: 0, blockEnd: 1)])
    }

    @Test("import on the primary, read on the replica; stop the replica, and reads still succeed")
    func importReadStop() async throws {
        let (server, replicaServer, stop) = ReplicaEnvironment.urls!
        let name = "bs_replica_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let primary = try await PostgresArchive(location: try await PostgresArchive.createDatabase(named: name, server: server))
        defer { Task { try? await PostgresArchive.dropDatabase(named: name, server: server) } }
        // The new database reaches the replica by streaming, like everything else.
        let replica = try await Self.eventually { try await PostgresArchive(location: replicaServer.database(name), readOnly: true) }
        let archive = ReplicatedArchive(primary: primary, replicas: [.init(name: replicaServer.description, store: replica)])

        // Given an import on the primary, through the archive
        _ = try await archive.importContent(records: [], articles: (1...50).map(Self.article))
        let revision = try await primary.revision()

        // When the replica has replayed it, reads go there
        let started = ContinuousClock.now
        _ = try await Self.eventually {
            await archive.checkHealth()
            guard archive.status()[0].revision == revision else { throw NotYet() }
        }
        let replay = ContinuousClock.now - started
        #expect(try await archive.article(id: "r7")?.headline == "复制7")
        #expect(try await archive.search(SearchRequest(parsing: "副本")).total == 50)
        #expect(archive.status()[0].reads == 2 && archive.primaryReads == 0)
        print("replica caught up with a 50-article import within \(replay) (health checks 0.1 s apart)")

        // Then stopped, reads still succeed: the first on the replica fails over to the primary
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", stop]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        // (health checks every second, as `serve` runs them)
        let monitor = Task {
            while !Task.isCancelled {
                await archive.checkHealth()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        defer { monitor.cancel() }
        var slowest = Duration.zero
        let read = ContinuousClock.now
        for n in 1...10 {
            let one = ContinuousClock.now
            #expect(try await archive.article(id: "r\(n)")?.headline == "复制\(n)")
            slowest = max(slowest, ContinuousClock.now - one)
        }
        #expect(try await archive.search(SearchRequest(parsing: "副本")).total == 50)
        print("10 article reads and a search with the replica stopped: \(ContinuousClock.now - read), the slowest read \(slowest)")
        #expect(archive.status()[0].up == false && archive.status()[0].failures >= 1)
        await archive.checkHealth()
        #expect(archive.status()[0].up == false)
        await replica.close()
        await primary.close()
    }

    struct NotYet: Error {}

    /// `body`'s value once it stops throwing, trying every 0.1 s for up to 20 s.
    static func eventually<T>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            do {
                return try await body()
            } catch where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
#endif
