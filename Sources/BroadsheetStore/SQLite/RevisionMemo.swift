import Foundation
import GRDB

/// Values read from the archive once per revision and shared by every connection: the paper
/// and edition lists count every article of a paper, which at a million articles takes longer
/// than a whole page may, and every home, calendar and search page shows them. The revision is
/// read in the same read as the value, so a value is never kept under a revision it is not of.
final class RevisionMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // @unchecked: `revision` and `values` are only read and written under `lock`.
    private let lock = NSLock()
    private var revision: Int64 = .min
    private var values: [Key: Value] = [:]

    /// The value of `key` at the revision `db` reads at: kept, or made by `read` and kept.
    func get(_ db: Database, _ key: Key, _ read: () throws -> Value) throws -> Value {
        let current = try ArchiveQueries.revision(db)
        let kept: Value? = lock.withLock { current == revision ? values[key] : nil }
        if let kept { return kept }
        let value = try read()
        lock.withLock {
            if current > revision { (revision, values) = (current, [:]) }
            if current == revision { values[key] = value }
        }
        return value
    }
}
