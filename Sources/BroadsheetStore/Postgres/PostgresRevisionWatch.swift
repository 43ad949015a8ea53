#if PostgreSQL
import Foundation
import PostgresNIO
import Synchronization

/// The archive's revision without a query per request. Every page the web layer serves asks
/// `revision()` first (its page cache is keyed by it); on SQLite that is a read of a local
/// file, on PostgreSQL it would be a round trip to the primary for every request, cached or
/// not, however many replicas serve the rest.
///
/// So a connection of its own `LISTEN`s on `broadsheet_revision`, which a trigger on
/// `archive_state` notifies whenever a transaction that changed the revision commits (schema
/// step 4). While it listens, the revision read last is kept until a notification comes, a
/// write through this archive ends, or the next embargo's time passes (the revision counts the
/// embargoes that have ended, which changes without a write). While it does not listen —
/// before the first `LISTEN`, after its connection broke, on a hot standby, which cannot
/// `LISTEN` — nothing is kept and every `revision()` asks the server, as before.
final class PostgresRevisionWatch: Sendable {
    private struct State {
        var listening = false
        /// Grows with every notification and invalidation: a value read before is not kept.
        var generation = 0
        var revision: Int64?
        /// The earliest embargo still to end when `revision` was read (UTC, the archive's
        /// `2026-11-30T00:45:09Z` form); nil when none.
        var until: String?
    }

    static let channel = "broadsheet_revision"
    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts listening on a connection of its own to `location`; tries again after a failure
    /// (a second, doubling to half a minute while it keeps failing, as on a standby), for as
    /// long as the watch lives.
    func start(_ location: PostgresLocation) {
        let config = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let running = Task { [weak self] in
            var id = 0
            var wait = 1
            while !Task.isCancelled {
                id += 1
                if let conn = try? await PostgresConnection.connect(configuration: config, id: id, logger: PostgresArchive.logger) {
                    _ = try? await conn.listen(on: Self.channel) { notifications in
                        self?.listening(true)
                        wait = 1
                        for try await _ in notifications { self?.invalidate() }
                    }
                    try? await conn.close()
                }
                self?.listening(false)
                try? await Task.sleep(for: .seconds(wait))
                wait = min(wait * 2, 30)
            }
        }
        task.withLock { $0 = running }
    }

    func stop() {
        task.withLock { $0?.cancel(); $0 = nil }
        listening(false)
    }

    deinit { task.withLock { $0?.cancel() } }

    private func listening(_ on: Bool) {
        state.withLock {
            $0.listening = on
            $0.generation += 1
            $0.revision = nil
        }
    }

    /// Forgets the revision kept: a notification came, or this archive wrote.
    func invalidate() {
        state.withLock {
            $0.generation += 1
            $0.revision = nil
        }
    }

    /// The revision kept, if it may be used at `now`; else the generation to hand `keep`.
    func current(now: String) -> (revision: Int64?, generation: Int) {
        state.withLock { s in
            guard s.listening, let revision = s.revision, s.until.map({ now < $0 }) ?? true else { return (nil, s.generation) }
            return (revision, s.generation)
        }
    }

    /// Keeps `revision` (read after `current` gave `generation`) unless something changed since.
    func keep(_ revision: Int64, until: String?, generation: Int) {
        state.withLock { s in
            guard s.listening, s.generation == generation else { return }
            (s.revision, s.until) = (revision, until)
        }
    }
}
#endif
