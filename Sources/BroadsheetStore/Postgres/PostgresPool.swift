#if PostgreSQL
import Logging
import PostgresNIO
import Synchronization

/// The archive's connections to its server: a PostgresNIO `PostgresClient` pool, and what the
/// pool does not do by itself when the server goes away.
///
/// - Getting a connection takes at most the location's `connectTimeout`: past it the call fails
///   with `StoreError.serverUnreachable` rather than waiting the pool's own minute out.
/// - A lost connection or a missed deadline starts a probe that connects on its own every
///   `probeInterval`. While the probe finds the server down, calls fail at once with what the
///   network said. Once the server answers again the pool is replaced by a fresh one: the old
///   one spaces its connection attempts out (100 ms × 1.25ⁿ, up to a minute), so after an
///   outage of half a minute it would take 8 s or more to notice the server is back.
/// - A pool replaced is shut down when its last lease ends, so no query in flight is cut off.
final class PostgresPool: Sendable {
    let location: PostgresLocation
    let probeInterval: Duration
    private let configuration: PostgresClient.Configuration
    private let state: Mutex<State>

    private struct State {
        var current: Generation
        /// What the probe last heard while the server does not answer; nil while it does.
        var down: String?
        var probing = false
        var probe: Task<Void, Never>?
        var closed = false
    }

    init(location: PostgresLocation, maximumConnections: Int, probeInterval: Duration = .milliseconds(250)) {
        self.location = location
        self.probeInterval = probeInterval
        var config = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        config.options.maximumConnections = maximumConnections
        config.options.connectTimeout = location.connectTimeout
        // When search was a `tsvector` table (schema steps 2–6), the planner did not count
        // reading each row's token list (TOAST) when it weighed a scan of the whole table against
        // the GIN index, and scanned for common terms: 38.8 ms against 1.2 ms for 中国 on the
        // crawl. Every read here has an index to use, so scans stay off. JIT is off:
        // the cost that keeps a scan away also made every query on a one-row table worth
        // compiling (68 ms of JIT for the revision's 0.1 ms), and no query here runs long enough
        // to gain from it. `work_mem` is 64 MB, not 4 (set for the GIN index's bitmaps, which
        // had to stay exact; it also lets facets hash a long list of matches).
        config.options.additionalStartupParameters = [("enable_seqscan", "off"), ("jit", "off"), ("work_mem", "64MB")]
        configuration = config
        state = Mutex(State(current: Generation(config)))
    }

    deinit {
        state.withLock { s in
            s.probe?.cancel()
            s.current.retire()
        }
    }

    /// Shuts the pool down; calls fail afterwards.
    func close() async {
        let (current, probe) = state.withLock { s in
            s.closed = true
            return (s.current, s.probe)
        }
        probe?.cancel()
        await probe?.value
        await current.close()
    }

    /// Runs `body` on a pooled connection, which it gets within the location's `connectTimeout`
    /// or not at all. The deadline never cuts `body` off: a connection that comes after it is
    /// handed back unused, so a late one is left as clean as a used one.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let (generation, down, closed) = state.withLock { ($0.current, $0.down, $0.closed) }
        if closed { throw StoreError.serverUnreachable(host: location.host, port: location.port, reason: "the archive's connections were closed") }
        if let down { throw StoreError.serverUnreachable(host: location.host, port: location.port, reason: down) }
        generation.begin()
        defer { generation.end() }
        let lease = Lease()
        let deadline = location.connectTimeout
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await generation.client.withConnection { conn in
                        guard lease.take() else { throw LeaseTimeout() }
                        return try await body(conn)
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: deadline)
                    if !Task.isCancelled && lease.expire() { throw LeaseTimeout() }
                    return nil
                }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                throw CancellationError()
            }
        } catch is LeaseTimeout {
            suspect()
            throw StoreError.serverUnreachable(
                host: location.host, port: location.port,
                reason: "no connection within \(Self.seconds(deadline)) (the server is down, restarting or overloaded)")
        } catch {
            let mapped = PostgresArchive.storeError(error, location)
            if StoreError.isUnavailable(mapped) { suspect() }
            throw mapped
        }
    }

    /// A connection failed or did not come: starts the probe, unless it runs already.
    private func suspect() {
        state.withLock { s in
            guard !s.probing, !s.closed else { return }
            s.probing = true
            s.probe = Task { await self.probe() }
        }
    }

    /// Connects on its own until the server answers; replaces the pool if it found the server
    /// down on the way (if not, the pool was only busy and is kept).
    private func probe() async {
        var sawDown = false
        while !Task.isCancelled {
            if let failure = await reach() {
                sawDown = true
                state.withLock { $0.down = failure }
                try? await Task.sleep(for: probeInterval)
                continue
            }
            let retired: Generation? = state.withLock { s in
                s.down = nil
                s.probing = false
                s.probe = nil
                guard sawDown, !s.closed else { return nil }
                let old = s.current
                s.current = Generation(configuration)
                return old
            }
            retired?.retire()
            return
        }
    }

    /// Nil when a connection of its own could be opened and closed; else what went wrong.
    private func reach() async -> String? {
        var config = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        config.options.connectTimeout = .nanoseconds(Int64(location.connectTimeout.components.seconds) * 1_000_000_000
                                                     + location.connectTimeout.components.attoseconds / 1_000_000_000)
        do {
            let conn = try await PostgresConnection.connect(configuration: config, id: 0, logger: PostgresArchive.logger)
            try? await conn.close()
            return nil
        } catch {
            if case StoreError.serverUnreachable(_, _, let reason)? = PostgresArchive.storeError(error, location) as? StoreError { return reason }
            return "\(PostgresArchive.storeError(error, location))"
        }
    }

    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(Double(ms) / 1000) s"
    }

    struct LeaseTimeout: Error {}

    /// Whichever comes first for one call: its connection, or its deadline.
    private final class Lease: Sendable {
        private enum Outcome { case waiting, taken, expired }
        private let outcome = Mutex(Outcome.waiting)

        /// The connection came in time: true once, unless the deadline came first.
        func take() -> Bool {
            outcome.withLock { o in
                guard o == .waiting else { return false }
                o = .taken
                return true
            }
        }

        /// The deadline came: true unless the connection came first.
        func expire() -> Bool {
            outcome.withLock { o in
                guard o == .waiting else { return false }
                o = .expired
                return true
            }
        }
    }

    /// One `PostgresClient`, its `run()`, and the calls using it: a generation retired while
    /// calls use it shuts down when the last one ends.
    private final class Generation: Sendable {
        let client: PostgresClient
        private let running: Task<Void, Never>
        private let uses = Mutex((count: 0, retired: false))

        init(_ configuration: PostgresClient.Configuration) {
            let client = PostgresClient(configuration: configuration, backgroundLogger: PostgresArchive.logger)
            self.client = client
            running = Task { await client.run() }
        }

        func begin() { uses.withLock { $0.count += 1 } }

        func end() {
            let stop = uses.withLock { u in
                u.count -= 1
                return u.retired && u.count == 0
            }
            if stop { running.cancel() }
        }

        func retire() {
            let stop = uses.withLock { u in
                u.retired = true
                return u.count == 0
            }
            if stop { running.cancel() }
        }

        func close() async {
            running.cancel()
            await running.value
        }
    }
}
#endif
