import BroadsheetCore
import Foundation
import GRDB

/// Every article's month and place in date order, by rowid: what trends and concordances need
/// of each matching article, read from memory instead of the article table. Looking a date up
/// by rowid costs about a microsecond a match, most of a second for a common term at a million
/// articles; an array read costs nanoseconds.
struct DateOrder: Sendable {
    /// The archive revision this was read at.
    let revision: Int64
    /// rowid → month as `year * 12 + month - 1`; -1 where no article has that rowid.
    let month: [Int32]
    /// rowid → place in date order (0 first); Int32.max where no article has that rowid.
    let rank: [Int32]
    /// rowids in date order: the search's date sort (newest first, then first page, order on
    /// it, newest added).
    let rowids: [Int64]

    static func read(_ db: Database, revision: Int64) throws -> DateOrder {
        let maxRowid = try Cached.int64(db, sql: "SELECT max(rowid) FROM article") ?? 0
        var month = [Int32](repeating: -1, count: Int(maxRowid) + 1)
        var rank = [Int32](repeating: .max, count: Int(maxRowid) + 1)
        var rowids: [Int64] = []
        let statement = try db.cachedStatement(sql: "SELECT rowid, date FROM article ORDER BY date DESC, first_page, first_order, rowid DESC")
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            let rowid: Int64 = row[0]
            let date: String = row[1]
            // `YYYY-MM-DD`: digits at fixed places.
            let u = Array(date.utf8.prefix(7))
            var code: Int32 = -1
            if u.count == 7 {
                let d = u.map { Int32($0) - 48 }
                code = (d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]) * 12 + d[5] * 10 + d[6] - 1
            }
            month[Int(rowid)] = code
            rank[Int(rowid)] = Int32(rowids.count)
            rowids.append(rowid)
        }
        return DateOrder(revision: revision, month: month, rank: rank, rowids: rowids)
    }

    /// `YYYY-MM` of a month code.
    static func label(_ code: Int32) -> String {
        (code / 12).zeroPadded(to: 4) + "-" + (code % 12 + 1).zeroPadded(to: 2)
    }
}

/// The date order of the archive's current revision, read once per revision and shared by
/// every read connection.
final class DateOrderCache: @unchecked Sendable {
    // @unchecked: `current` is only read and written under `lock`.
    private let lock = NSLock()
    private var current: DateOrder?

    /// The date order for the revision `db` reads at; built inside this read when the cache
    /// holds another revision, so it always agrees with the rows the caller reads next.
    /// Reads that arrive while it is built wait for it (on GRDB's reader queues, never on the
    /// cooperative pool) rather than build their own.
    func get(_ db: Database) throws -> DateOrder {
        let revision = try ArchiveQueries.revision(db)
        lock.lock()
        defer { lock.unlock() }
        if let current, current.revision == revision { return current }
        let order = try DateOrder.read(db, revision: revision)
        if (current?.revision ?? .min) <= revision { current = order }
        return order
    }
}
