#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
@testable import BroadsheetStore
import Foundation
import Testing

/// The primary and its replica, from the environment (without the command that stops it).
enum LagEnvironment {
    static let servers: (primary: PostgresLocation, replica: PostgresLocation)? = {
        let env = ProcessInfo.processInfo.environment
        guard let p = env["BROADSHEET_TEST_POSTGRES"].flatMap(PostgresLocation.init(url:)),
              let r = env["BROADSHEET_TEST_POSTGRES_REPLICA"].flatMap(PostgresLocation.init(url:)) else { return nil }
        return (p, r)
    }()
}

/// A real streaming replica held behind: read-your-writes through `ReplicatedArchive` while it
/// lags. Needs `BROADSHEET_TEST_POSTGRES` and `BROADSHEET_TEST_POSTGRES_REPLICA`
/// (`.ci/pg-cluster.sh start --replica` prints both). It pauses the replica's replay, which
/// holds every database on it back, so no other suite may read from that replica meanwhile
/// (`.ci/run` gives the replica's URL only to this suite and the failover one, run after it).
@Suite("PostgreSQL replica lagging: read-your-writes", .enabled(if: LagEnvironment.servers != nil,
                                                               "BROADSHEET_TEST_POSTGRES and _POSTGRES_REPLICA are not both set"))
struct PostgresReplicaLagTests {
    @Test("replay paused on the replica: a write is read back from the primary, the lag shows, and once replayed reads go back to the replica")
    func readYourWritesWhileLagging() async throws {
        let (server, replicaServer) = LagEnvironment.servers!
        let name = "bs_lag_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let primary = try await PostgresArchive(location: try await PostgresArchive.createDatabase(named: name, server: server))
        defer { Task { try? await PostgresArchive.dropDatabase(named: name, server: server) } }
        let replica = try await ReplicaFailoverTests.eventually { try await PostgresArchive(location: replicaServer.database(name), readOnly: true) }
        let archive = ReplicatedArchive(primary: primary, replicas: [.init(name: replicaServer.description, store: replica)])
        _ = try await archive.importContent(records: [], articles: (1...3).map(ReplicaFailoverTests.article))
        let revision = try await primary.revision()
        _ = try await ReplicaFailoverTests.eventually {
            await archive.checkHealth()
            guard archive.status()[0].revision == revision else { throw ReplicaFailoverTests.NotYet() }
        }

        // Given the replica's replay paused (resumed whatever happens next)
        try await Self.replay(replicaServer, "pg_wal_replay_pause()")
        defer { Task { try? await Self.replay(replicaServer, "pg_wal_replay_resume()") } }

        // When a write goes through the archive, and another straight to the primary
        _ = try await archive.importContent(records: [], articles: [ReplicaFailoverTests.article(4)])
        _ = try await primary.importContent(records: [], articles: [ReplicaFailoverTests.article(5)])
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await replica.article(id: "r4") == nil)

        // Then both are read back (from the primary: revision() raises the fence to the second)
        let reads = archive.primaryReads
        #expect(try await archive.article(id: "r4")?.headline == "复制4")
        _ = try await archive.revision()
        #expect(try await archive.article(id: "r5")?.headline == "复制5")
        #expect(try await archive.search(SearchRequest(parsing: "副本")).total == 5)
        #expect(archive.primaryReads == reads + 3)
        await archive.checkHealth()
        #expect(archive.status()[0].up && archive.status()[0].lagRevisions > 0)

        // And once replay resumes, the replica catches up and answers reads again
        try await Self.replay(replicaServer, "pg_wal_replay_resume()")
        let newest = try await primary.revision()
        _ = try await ReplicaFailoverTests.eventually {
            await archive.checkHealth()
            guard archive.status()[0].revision == newest else { throw ReplicaFailoverTests.NotYet() }
        }
        let replicaReads = archive.status()[0].reads
        #expect(try await archive.article(id: "r5")?.headline == "复制5")
        #expect(archive.status()[0].reads == replicaReads + 1 && archive.status()[0].lagRevisions == 0)
        await replica.close()
        await primary.close()
    }

    /// Runs `SELECT call` on the replica server (pausing or resuming its replay).
    static func replay(_ server: PostgresLocation, _ call: String) async throws {
        try await PostgresArchive.withConnection(server) { conn in
            _ = try await conn.simpleQuery("SELECT \(call)").get()
        }
    }
}
#endif
