#if PostgreSQL
import Synchronization

/// Values read once per revision (the paper list, each paper's editions), as `RevisionMemo`
/// keeps them for SQLite: they change only with a write, and a count over every article of a
/// paper per page view cost the search page 191 ms of its 245 on the crawl.
final class PostgresRevisionMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let state = Mutex<(revision: Int64, values: [Key: Value])>((.min, [:]))

    /// The value of `key` at `revision` (read just before): kept, or made by `read` and kept.
    func get(_ revision: Int64, _ key: Key, _ read: () async throws -> Value) async throws -> Value {
        if let kept = state.withLock({ $0.revision == revision ? $0.values[key] : nil }) { return kept }
        let value = try await read()
        state.withLock { s in
            if revision > s.revision { s = (revision, [:]) }
            if revision == s.revision { s.values[key] = value }
        }
        return value
    }
}
#endif
