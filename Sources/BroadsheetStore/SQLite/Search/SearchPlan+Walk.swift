import BroadsheetCore
import BroadsheetSearch
import Foundation
import GRDB

/// What trends, concordances and exports need of a whole match set: each matching rowid once,
/// looked up in the archive's `DateOrder` rather than joined to the article table.
extension SearchPlan {
    /// Calls `body` with the rowid of every matching article, in no particular order.
    func forEachRowid(_ db: Database, _ body: (Int64) -> Void) throws {
        let sql: String, arguments: StatementArguments
        if let match, let source, conditions.isEmpty {
            // No filters: FTS5 alone, no join.
            (sql, arguments) = ("SELECT rowid FROM \(source) WHERE \(source) MATCH ?", [match])
        } else {
            let (from, args) = fromWhere()
            (sql, arguments) = ("SELECT a.rowid " + from, args)
        }
        let cursor = try Int64.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let rowid = try cursor.next() { body(rowid) }
    }

    /// Matching articles per month (`YYYY-MM`), exactly.
    func monthCounts(_ db: Database, order: DateOrder) throws -> [String: Int] {
        var counts: [Int32: Int] = [:]
        var histogram = [Int](repeating: 0, count: 10_000 * 12)
        func add(_ code: Int32) {
            if code >= 0 && Int(code) < histogram.count { histogram[Int(code)] += 1 } else { counts[code, default: 0] += 1 }
        }
        if match == nil && conditions.isEmpty {
            for rowid in order.rowids { add(order.month[Int(rowid)]) }
        } else {
            try forEachRowid(db) { rowid in add(rowid >= 0 && Int(rowid) < order.month.count ? order.month[Int(rowid)] : -1) }
        }
        for (code, n) in histogram.enumerated() where n > 0 { counts[Int32(code), default: 0] += n }
        // An index entry without an article (a damaged archive; the importer never leaves one)
        // has no month.
        counts[-1] = nil
        return Dictionary(uniqueKeysWithValues: counts.map { (DateOrder.label($0.key), $0.value) })
    }

    /// The places in date order of every matching article, as a bitset over `order.rowids`.
    func dateBits(_ db: Database, order: DateOrder) throws -> (bits: [UInt64], total: Int) {
        var bits = [UInt64](repeating: 0, count: order.rowids.count / 64 + 1)
        var total = 0
        try forEachRowid(db) { rowid in
            // An index entry without an article (see `monthCounts`) has no place.
            guard rowid >= 0, Int(rowid) < order.rank.count, order.rank[Int(rowid)] != .max else { return }
            let r = Int(order.rank[Int(rowid)])
            bits[r >> 6] |= 1 << UInt64(r & 63)
            total += 1
        }
        return (bits, total)
    }

    /// The matching rowids in date order (the search's `.date` sort), `limit` of them from
    /// `offset`, and how many match in all.
    func dateOrdered(_ db: Database, order: DateOrder, offset: Int, limit: Int) throws -> (total: Int, rowids: [Int64]) {
        let (bits, total) = try dateBits(db, order: order)
        var out: [Int64] = []
        var seen = 0
        outer: for (w, word) in bits.enumerated() where word != 0 {
            var x = word
            while x != 0 {
                let r = w << 6 + x.trailingZeroBitCount
                x &= x - 1
                if seen >= offset { out.append(order.rowids[r]) }
                seen += 1
                if out.count >= limit { break outer }
            }
        }
        return (total, out)
    }

    /// The searched texts of `rowids`, in that order.
    static func texts(_ db: Database, _ rowids: [Int64]) throws -> [ArticleText] {
        guard !rowids.isEmpty else { return [] }
        var byRowid: [Int64: ArticleText] = [:]
        var paperNames: [String: String] = [:]
        for row in try Cached.rows(db, sql: "SELECT slug, name FROM paper") { paperNames[row["slug"]] = row["name"] }
        for row in try Cached.rows(
            db, sql: "SELECT rowid, id, paper, date, kicker, headline, subtitle, doc FROM article WHERE rowid IN (\(placeholders(rowids.count)))",
            arguments: StatementArguments(rowids))
        {
            let slug: String = row["paper"], date: String = row["date"]
            byRowid[row["rowid"]] = ArticleText(
                id: row["id"], paper: Paper(name: paperNames[slug] ?? slug, slug: slug),
                date: IssueDate(date) ?? IssueDate(year: 1, month: 1, day: 1)!,
                kicker: row["kicker"], headline: row["headline"], subtitle: row["subtitle"],
                // A damaged document shows as an article without text, as in search.
                searchText: (try? StoredDocument.searchText(row["doc"])) ?? "")
        }
        return rowids.compactMap { byRowid[$0] }
    }
}
