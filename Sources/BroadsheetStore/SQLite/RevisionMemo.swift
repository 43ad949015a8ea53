import Foundation
import GRDB

/// Values read from the archive once per revision and shared by every connection: the date
/// order behind facets and trends (about a second to read at a million articles), and the
/// paper and edition lists, which count every article of a paper (two seconds, cold) and which
/// every home, calendar and search page shows. The revision is read in the same read as the
/// value, so a value is never kept under a revision it is not of. A read that arrives while
/// the value is being read waits for it (on GRDB's reader queues, never on the cooperative
/// pool) rather than read its own copy.
final class RevisionMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `revision` and `values` are only read and written under `lock`.
    private let lock = NSLock()
    private var revision: Int64 = .min
    private var values: [Key: Value] = [:]

    /// The value of `key` at the revision `db` reads at: kept, or made by `read` and kept.
    func get(_ db: Database, _ key: Key, _ read: () throws -> Value) throws -> Value {
        let current = try ArchiveQueries.revision(db)
        lock.lock()
        defer { lock.unlock() }
        if current == revision, let kept = values[key] { return kept }
        let value = try read()
        if current > revision { (revision, values) = (current, [:]) }
        if current == revision { values[key] = value }
        return value
    }
}
