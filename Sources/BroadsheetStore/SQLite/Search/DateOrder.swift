import BroadsheetCore
import Foundation
import GRDB

/// Every article's month, paper, pages and place in date order, by rowid: what trends,
/// concordances and search facets need of each matching article, read from memory instead of
/// the article and placement tables. Looking a date up by rowid costs about a microsecond a
/// match, most of a second for a common term at a million articles; an array read costs
/// nanoseconds.
struct DateOrder: Sendable {
    /// rowid → month as `year * 12 + month - 1`; -1 where no article has that rowid.
    let month: [Int32]
    /// rowid → place in date order (0 first); Int32.max where no article has that rowid.
    let rank: [Int32]
    /// rowids in date order: the search's date sort (newest first, then first page, order on
    /// it, newest added).
    let rowids: [Int64]
    /// rowid → index in `papers`.
    let paper: [UInt16]
    /// Paper slugs, in the order `paper` numbers them.
    let papers: [String]
    /// rowid → the pages the article stands on, bit `n - 1` for page `n` ≤ 64.
    let pageBits: [UInt64]
    /// rowid → its pages above 64, for the few articles that have any.
    let highPages: [Int64: [Int]]
    /// The names pages carry, by paper index and page number, most editions' first.
    let pageNames: [Int: [String]]

    static func pageKey(paper: Int, page: Int) -> Int { paper << 32 | page }

    static func read(_ db: Database) throws -> DateOrder {
        let maxRowid = try Cached.int64(db, sql: "SELECT max(rowid) FROM article") ?? 0
        let size = Int(maxRowid) + 1
        var month = [Int32](repeating: -1, count: size)
        var rank = [Int32](repeating: .max, count: size)
        var paper = [UInt16](repeating: 0, count: size)
        var papers: [String] = []
        var paperIndex: [String: UInt16] = [:]
        var rowids: [Int64] = []
        let statement = try db.cachedStatement(sql: "SELECT rowid, date, paper FROM article ORDER BY date DESC, first_page, first_order, rowid DESC")
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            let rowid: Int64 = row[0]
            let date: String = row[1]
            let slug: String = row[2]
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
            if let i = paperIndex[slug] {
                paper[Int(rowid)] = i
            } else {
                let i = UInt16(truncatingIfNeeded: papers.count)
                paperIndex[slug] = i
                papers.append(slug)
                paper[Int(rowid)] = i
            }
        }
        var pageBits = [UInt64](repeating: 0, count: size)
        var highPages: [Int64: [Int]] = [:]
        let placements = try Row.fetchCursor(db.cachedStatement(sql: "SELECT article_rowid, page FROM placement"))
        while let row = try placements.next() {
            let rowid: Int64 = row[0], page: Int = row[1]
            guard rowid >= 0, rowid < size else { continue }
            if (1...64).contains(page) {
                pageBits[Int(rowid)] |= 1 << UInt64(page - 1)
            } else if highPages[rowid]?.contains(page) != true {
                highPages[rowid, default: []].append(page)
            }
        }
        var pageNames: [Int: [String]] = [:]
        for row in try Cached.rows(db, sql: """
            SELECT e.paper AS paper, g.number AS number, g.name AS name, count(*) AS n FROM page g JOIN edition e ON e.id = g.edition_id
            WHERE g.name IS NOT NULL GROUP BY 1, 2, 3 ORDER BY n DESC, name
            """)
        {
            let slug: String = row["paper"]
            guard let i = paperIndex[slug] else { continue }
            pageNames[pageKey(paper: Int(i), page: row["number"]), default: []].append(row["name"])
        }
        return DateOrder(month: month, rank: rank, rowids: rowids, paper: paper, papers: papers,
                         pageBits: pageBits, highPages: highPages, pageNames: pageNames)
    }

    /// `YYYY-MM` of a month code.
    static func label(_ code: Int32) -> String {
        (code / 12).zeroPadded(to: 4) + "-" + (code % 12 + 1).zeroPadded(to: 2)
    }
}
