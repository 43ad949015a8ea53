import Synchronization

/// Values read from the archive once per revision and shared by every connection: the date
/// order behind facets and trends (about a second to read at a million articles), the paper
/// and edition lists (which count every article of a paper, and which every home, calendar and
/// search page shows), the page names of the search page's facet, and document frequencies for
/// related articles (a common term costs a walk of its whole posting list, and every article's
/// candidates include some, so the same few thousand are asked again and again).
///
/// A write moves the revision on, and the values kept go with it. The caller reads the
/// revision before the value (in the same read where it can), so a value is never kept under a
/// revision later than its own; one read at an older revision than the one kept is returned
/// but not kept.
final class RevisionCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let state = Mutex<(revision: Int64, values: [Key: Value])>((.min, [:]))
    /// Past this many values, the cache starts again empty.
    private let capacity: Int

    init(capacity: Int = .max) { self.capacity = capacity }

    /// The values kept for `keys` at `revision`, and the keys that have none.
    func lookup(_ revision: Int64, _ keys: some Sequence<Key>) -> (found: [Key: Value], missing: [Key]) {
        state.withLock { s in
            if revision > s.revision { s = (revision, [:]) }
            var found: [Key: Value] = [:]
            var missing: [Key] = []
            for key in keys {
                if revision == s.revision, let value = s.values[key] { found[key] = value } else { missing.append(key) }
            }
            return (found, missing)
        }
    }

    /// Keeps `values`, read at `revision`.
    func keep(_ revision: Int64, _ values: [Key: Value]) {
        state.withLock { s in
            if revision > s.revision { s = (revision, [:]) }
            guard revision == s.revision else { return }
            if s.values.count + values.count > capacity { s.values.removeAll(keepingCapacity: true) }
            s.values.merge(values) { kept, _ in kept }
        }
    }

    /// The value of `key` at `revision`: kept, or made by `read` and kept.
    func get(_ revision: Int64, _ key: Key, _ read: () async throws -> Value) async throws -> Value {
        if let kept = lookup(revision, [key]).found[key] { return kept }
        let value = try await read()
        keep(revision, [key: value])
        return value
    }

    /// As `get`, for a read that must not run twice at once: one that arrives while the value
    /// is being read waits for it (holding the lock, so only from threads that may block, such
    /// as GRDB's reader queues, never from the cooperative pool) rather than read its own copy.
    func getWaiting(_ revision: Int64, _ key: Key, _ read: () throws -> Value) throws -> Value {
        try state.withLock { s in
            if revision > s.revision { s = (revision, [:]) }
            if revision == s.revision, let kept = s.values[key] { return kept }
            let value = try read()
            if revision == s.revision {
                if s.values.count >= capacity { s.values.removeAll(keepingCapacity: true) }
                s.values[key] = value
            }
            return value
        }
    }
}

extension RevisionCache where Key == String, Value == Int {
    /// Document frequencies of terms: at most 400,000 kept.
    static func documentFrequencies() -> RevisionCache { RevisionCache(capacity: 400_000) }
}
