#if PostgreSQL
import BroadsheetCore
@testable import BroadsheetStore
import Foundation
import Testing

/// A PostgreSQL server of the test's own (`.ci/pg-cluster.sh` on a free port, its state in a
/// temporary folder), which it may stop and start without disturbing the shared one.
struct PrivateCluster {
    let state: String
    let port: Int
    let server: PostgresLocation

    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".ci/pg-cluster.sh").path

    init() async throws {
        let port = Self.freePort(), state = FileManager.default.temporaryDirectory.appendingPathComponent("bs-fault-\(UUID().uuidString).state").path
        (self.port, self.state) = (port, state)
        let out = try await Self.run("start", port: port, state: state)
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("BROADSHEET_TEST_POSTGRES=") }),
              let server = PostgresLocation(url: String(line.dropFirst("BROADSHEET_TEST_POSTGRES=".count))) else {
            throw Failed(output: out)
        }
        self.server = server
    }

    struct Failed: Error { var output: String }

    @discardableResult
    func run(_ command: String) async throws -> String { try await Self.run(command, port: port, state: state) }

    /// Runs the script; waits for it without blocking a thread. Spawned and reaped here, not
    /// by Foundation's `Process`, which on Linux does not see it end when it leaves a server
    /// running (the server inherits what `Process` watches).
    static func run(_ command: String, port: Int, state: String) async throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bs-fault-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let env = ProcessInfo.processInfo.environment.merging(["PGPORT": "\(port)", "PG_CLUSTER_STATE": state]) { $1 }
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/bash", script, command].map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { (k: String, v: String) in strdup("\(k)=\(v)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, envp) == 0 else { throw Failed(output: "cannot run \(script)") }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 { try await Task.sleep(for: .milliseconds(20)) }
        let out = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Failed(output: out) }
        return out
    }

    /// `body` with a cluster of its own, removed afterwards whatever happens.
    static func with(_ body: (PrivateCluster) async throws -> Void) async throws {
        let cluster = try await PrivateCluster()
        do {
            try await body(cluster)
        } catch {
            await cluster.remove()
            throw error
        }
        await cluster.remove()
    }

    func stopPrimary() async throws { try await run("stop-primary") }
    func startPrimary() async throws { try await run("start-primary") }
    func remove() async { _ = try? await run("stop") }

    /// A loopback port nothing listens on now (the kernel's pick for port 0).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { a in
                _ = bind(fd, a, length)
                _ = getsockname(fd, a, &length)
            }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// The server going away under a running archive, on a cluster of each test's own: calls fail
/// within the deadline and with words that say so, and succeed again soon after it is back.
/// Needs `BROADSHEET_TEST_POSTGRES` (only as the sign that PostgreSQL's binaries are here).
@Suite("PostgreSQL faults: server stopped and restarted", .serialized, .enabled(if: Backend.postgresServer != nil, "BROADSHEET_TEST_POSTGRES is not set"))
struct PostgresFaultTests {
    static func article(_ n: Int) -> Article {
        Article(id: "f\(n)", paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate("2019-11-25")!, headline: "故障\(n)",
                blocks: [.paragraph("正文\(n)")], placements: [Placement(page: PageRef(number: 1), order: n, blockStart: 0, blockEnd: 1)])
    }

    /// An archive of 20 articles on `cluster`, whose calls wait at most `deadline` for a connection.
    static func archive(on cluster: PrivateCluster, deadline: Duration = .seconds(2)) async throws -> PostgresArchive {
        var location = try await PostgresArchive.createDatabase(named: "faults", server: cluster.server)
        location.connectTimeout = deadline
        let archive = try await PostgresArchive(location: location)
        _ = try await archive.importContent(records: [], articles: (1...20).map(article))
        return archive
    }

    /// `count` reads at once, so that the pool holds several connections.
    static func reads(_ archive: PostgresArchive, _ count: Int) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 1...count { group.addTask { try await archive.article(id: "f\((n - 1) % 20 + 1)") != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    static func seconds(_ d: Duration) -> String {
        String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }

    @Test("stopped while serving: the call in flight fails at once, the next within the deadline, the rest at once; after the restart calls succeed within 2 s")
    func stoppedAndRestarted() async throws {
        try await PrivateCluster.with { cluster in
            let archive = try await Self.archive(on: cluster)
            #expect(try await Self.reads(archive, 8) == 8)

            // Given a statement in flight when the server stops
            let inFlight = Task {
                let started = ContinuousClock.now
                do {
                    _ = try await archive.read { conn in try await conn.run("SELECT pg_sleep(30)") }
                    return (nil as StoreError?, ContinuousClock.now - started)
                } catch {
                    return (error as? StoreError, ContinuousClock.now - started)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let stopped = ContinuousClock.now
            try await cluster.stopPrimary()
            print("fault: pg_ctl stop -m fast took \(Self.seconds(ContinuousClock.now - stopped))")

            // Then it fails with the connection lost, not a hang and not an unknown error
            let (lost, tookInFlight) = await inFlight.value
            #expect(lost?.isUnavailable == true, "\(String(describing: lost))")

            // And the calls that follow fail within the deadline (2 s here), then at once
            var first = ContinuousClock.now
            await #expect(throws: StoreError.self) { _ = try await archive.papers() }
            let tookFirst = ContinuousClock.now - first
            #expect(tookFirst < .seconds(3))
            try await Task.sleep(for: .milliseconds(600))
            var slowest = Duration.zero
            for _ in 1...10 {
                first = ContinuousClock.now
                do {
                    _ = try await archive.papers()
                    Issue.record("a read succeeded with the server stopped")
                } catch let StoreError.serverUnreachable(host, port, reason) {
                    #expect(host == "127.0.0.1" && port == cluster.port && !reason.isEmpty)
                }
                slowest = max(slowest, ContinuousClock.now - first)
            }
            #expect(slowest < .milliseconds(500))

            // And opening the archive anew fails at once, naming host and port
            first = ContinuousClock.now
            do {
                _ = try await PostgresArchive(location: archive.location)
                Issue.record("opened an archive on a stopped server")
            } catch let StoreError.serverUnreachable(host, port, _) {
                #expect(host == "127.0.0.1" && port == cluster.port)
            }
            let tookOpen = ContinuousClock.now - first
            #expect(tookOpen < .seconds(2))

            // When the server is back
            try await Task.sleep(for: .seconds(3))
            try await cluster.startPrimary()
            let back = ContinuousClock.now
            var failures = 0
            while true {
                do {
                    _ = try await archive.papers()
                    break
                } catch {
                    failures += 1
                    #expect(ContinuousClock.now - back < .seconds(10), "still failing: \(error)")
                    if ContinuousClock.now - back > .seconds(10) { return }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let recovered = ContinuousClock.now - back
            // Then calls succeed again within 2 s, and every one of a burst
            #expect(recovered < .seconds(2))
            #expect(try await Self.reads(archive, 16) == 16)
            print("""
                fault: in-flight statement failed after \(Self.seconds(tookInFlight)); the first call with the server down after \
                \(Self.seconds(tookFirst)) (deadline 2 s), the next ones in at most \(Self.seconds(slowest)); opening failed in \
                \(Self.seconds(tookOpen)); after the restart, calls succeeded again \(Self.seconds(recovered)) after pg_ctl start \
                returned (\(failures) failed meanwhile, polled every 50 ms)
                """)
            await archive.close()
        }
    }

    @Test("a quick restart with idle connections in the pool: no call after it fails")
    func restartLeavesNoDeadConnections() async throws {
        try await PrivateCluster.with { cluster in
            let archive = try await Self.archive(on: cluster)
            // Given a pool of several idle connections
            #expect(try await Self.reads(archive, 8) == 8)

            // When the server restarts with no call meanwhile
            try await cluster.stopPrimary()
            try await cluster.startPrimary()

            // Then the calls after it all succeed: no dead connection is handed out
            let started = ContinuousClock.now
            #expect(try await Self.reads(archive, 16) == 16)
            #expect(try await archive.papers().first?.articles == 20)
            print("fault: 16 reads at once right after a restart: all succeeded in \(Self.seconds(ContinuousClock.now - started))")
            await archive.close()
        }
    }
}
#endif
