import BroadsheetCore
import BroadsheetSearch
import Foundation
import Synchronization

/// A primary archive and read replicas of it (PostgreSQL streaming replicas, or any archives
/// that follow the primary), as one `ArchiveStore`.
///
/// - Writes go to the primary.
/// - Reads go to the replicas, in turn, but only to a replica that is up and has replayed every
///   revision the primary is known to have (the *fence*: raised by every write through this
///   archive, every `revision()` answered by the primary, and every health check). So a write
///   is read back from the primary until a replica has it: reads follow writes for every
///   client, not only the writer, and a page cached under revision N was read at N or later.
/// - Tokens, the audit log and embargo previews are read from the primary: a revoked token
///   stops working at once, whatever a replica has replayed.
/// - A replica whose read fails or takes longer than `readDeadline` is marked down and the read
///   is tried on the next replica, then on the primary; a request does not fail because a
///   replica went away. A health check that finds a replica down sends the reads waiting on it
///   elsewhere at once (PostgresNIO's pool waits for a connection to a stopped server rather
///   than failing), so a read waits at most about a check interval plus `checkDeadline`. `checkHealth()` (which `ReplicaMonitor` in the web layer runs every
///   second) brings it back once it answers.
public final class ReplicatedArchive: ArchiveStore {
    /// A read replica and the name it is shown by (its URL without the password).
    public struct Replica: Sendable {
        public var name: String
        public var store: any ArchiveStore

        public init(name: String, store: any ArchiveStore) {
            self.name = name
            self.store = store
        }
    }

    /// How a replica is doing, as of the last health check and the reads since.
    public struct Status: Sendable, Hashable {
        public var name: String
        public var up: Bool
        /// Its revision at the last check; nil before the first, or when it did not answer.
        public var revision: Int64?
        /// Revisions of the primary it has not replayed yet.
        public var lagRevisions: Int64
        /// How long ago the primary reached the first revision the replica lacks; 0 when it
        /// lacks none.
        public var lagSeconds: Double
        /// Reads it answered, and reads that failed on it and went elsewhere.
        public var reads: Int
        public var failures: Int
    }

    public let primary: any ArchiveStore
    public let replicas: [Replica]
    /// Longest a read may take on a replica before it is tried elsewhere.
    public let readDeadline: Duration
    /// Longest a health check waits for a replica's revision.
    public let checkDeadline: Duration

    private struct ReplicaState {
        var up = false
        var revision: Int64?
        var lagSeconds = 0.0
        var reads = 0
        var failures = 0
    }

    private struct State {
        var fence: Int64 = .min
        var replicas: [ReplicaState]
        var next = 0
        var primaryReads = 0
        /// Reads waiting on each replica, by a number of their own: how to send them elsewhere.
        var waiting: [[Int: @Sendable () -> Void]]
        var nextWaiter = 0
        /// Revisions of the primary and when they were first seen, oldest first: how long a
        /// replica has lacked a revision.
        var seen: [(revision: Int64, at: ContinuousClock.Instant)] = []

        /// The primary is at `revision` (at least): no replica behind it answers reads.
        mutating func raise(to revision: Int64, at now: ContinuousClock.Instant) {
            fence = max(fence, revision)
            if revision > (seen.last?.revision ?? .min) {
                seen.append((revision, now))
                if seen.count > 4096 { seen.removeFirst(seen.count - 4096) }
            }
        }
    }

    private let state: Mutex<State>

    /// Until the first `checkHealth()` every read goes to the primary.
    public init(primary: any ArchiveStore, replicas: [Replica], readDeadline: Duration = .seconds(3), checkDeadline: Duration = .seconds(1)) {
        self.primary = primary
        self.replicas = replicas
        self.readDeadline = readDeadline
        self.checkDeadline = checkDeadline
        state = Mutex(State(replicas: Array(repeating: ReplicaState(), count: replicas.count),
                            waiting: Array(repeating: [:], count: replicas.count)))
    }

    /// Each replica's health, revision, lag and reads.
    public func status() -> [Status] {
        state.withLock { s in
            let newest = s.seen.last?.revision
            return zip(replicas, s.replicas).map { replica, r in
                var lag: Int64 = 0
                if let newest, let revision = r.revision { lag = max(0, newest - revision) }
                return Status(name: replica.name, up: r.up, revision: r.revision, lagRevisions: lag,
                       lagSeconds: r.lagSeconds, reads: r.reads, failures: r.failures)
            }
        }
    }

    /// Reads the primary answered.
    public var primaryReads: Int { state.withLock { $0.primaryReads } }

    /// Asks the primary and every replica for its revision: replicas that answer in time are up,
    /// with their lag; the fence rises to the primary's revision.
    public func checkHealth() async {
        let primaryRevision = try? await primary.revision()
        var revisions: [Int64?] = []
        for replica in replicas {
            revisions.append(try? await Self.within(checkDeadline) { try await replica.store.revision() })
        }
        let now = ContinuousClock.now
        let abandoned: [@Sendable () -> Void] = state.withLock { s in
            var abandoned: [@Sendable () -> Void] = []
            if let p = primaryRevision { s.raise(to: p, at: now) }
            for (i, revision) in revisions.enumerated() {
                if revision == nil {
                    abandoned += s.waiting[i].values
                    s.waiting[i] = [:]
                }
                s.replicas[i].up = revision != nil
                s.replicas[i].revision = revision
                if let revision, let lacking = s.seen.first(where: { $0.revision > revision }) {
                    s.replicas[i].lagSeconds = Double((now - lacking.at).components.seconds)
                        + Double((now - lacking.at).components.attoseconds) / 1e18
                } else {
                    s.replicas[i].lagSeconds = 0
                }
            }
            return abandoned
        }
        for giveUp in abandoned { giveUp() }
    }

    /// Runs `read` on a replica that has everything the primary is known to have, falling back
    /// to the next such replica and then to the primary.
    func read<T: Sendable>(_ read: @escaping @Sendable (any ArchiveStore) async throws -> T) async throws -> T {
        for i in candidates() {
            do {
                let once = Once<T>()
                let waiter = state.withLock { s in
                    s.nextWaiter += 1
                    s.waiting[i][s.nextWaiter] = { once.resume(with: .failure(ReplicaDown())) }
                    return s.nextWaiter
                }
                defer { state.withLock { _ = $0.waiting[i].removeValue(forKey: waiter) } }
                let value = try await Self.within(readDeadline, once) { try await read(self.replicas[i].store) }
                state.withLock { $0.replicas[i].reads += 1 }
                return value
            } catch let e as SearchQueryError {
                throw e  // the query's fault: the primary would say the same
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                state.withLock { s in
                    s.replicas[i].up = false
                    s.replicas[i].failures += 1
                }
            }
        }
        state.withLock { $0.primaryReads += 1 }
        return try await read(primary)
    }

    /// The primary is at `revision`: raises the fence to it.
    func primaryIs(at revision: Int64) {
        state.withLock { $0.raise(to: revision, at: .now) }
    }

    /// Runs `write` on the primary, then fences reads off replicas until they have replayed it.
    func write<T: Sendable>(_ write: (any ArchiveStore) async throws -> T) async throws -> T {
        let value = try await write(primary)
        if let revision = try? await primary.revision() {
            state.withLock { $0.raise(to: revision, at: .now) }
        }
        return value
    }

    /// The replicas that may answer a read now, starting with the next in turn.
    private func candidates() -> [Int] {
        state.withLock { s in
            guard !replicas.isEmpty else { return [] }
            let start = s.next
            s.next = (s.next + 1) % replicas.count
            return (0..<replicas.count).map { (start + $0) % replicas.count }.filter { i in
                s.replicas[i].up && (s.replicas[i].revision ?? .min) >= s.fence
            }
        }
    }

    /// `body`'s result, or `ReplicaTimeout` once `deadline` has passed (`body` is then left to
    /// finish on its own: a read stuck on a dead server must not hold the request).
    static func within<T: Sendable>(
        _ deadline: Duration, _ once: Once<T> = Once<T>(), _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        return try await withCheckedThrowingContinuation { continuation in
            once.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: deadline)
                once.resume(with: .failure(ReplicaTimeout()))
            }
            Task {
                do {
                    once.resume(with: .success(try await body()))
                } catch {
                    once.resume(with: .failure(error))
                }
                timer.cancel()
            }
        }
    }

    struct ReplicaTimeout: Error {}
    /// A health check found the replica down while a read waited on it.
    struct ReplicaDown: Error {}

    /// A continuation resumed by whichever comes first: the read, its deadline, or a health
    /// check giving up on the replica (which may come before the continuation is there).
    final class Once<T: Sendable>: Sendable {
        private enum Slot {
            case empty
            case waiting(CheckedContinuation<T, any Error>)
            case early(Result<T, any Error>)
            case done
        }

        private let slot = Mutex<Slot>(.empty)

        func set(_ c: CheckedContinuation<T, any Error>) {
            slot.withLock { s in
                if case .early(let result) = s {
                    c.resume(with: result)
                    s = .done
                } else {
                    s = .waiting(c)
                }
            }
        }

        func resume(with result: Result<T, any Error>) {
            slot.withLock { s in
                switch s {
                case .empty: s = .early(result)
                case .waiting(let c):
                    c.resume(with: result)
                    s = .done
                case .early, .done: break
                }
            }
        }
    }
}
