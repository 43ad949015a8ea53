import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation

/// How often queries occur over time: matching articles per month or year, as counts and per
/// 1,000 articles of the period. Counts come from the store's exact month counts
/// (`ArchiveStore.monthCounts`), so a query's periods add up to its search total.
public struct Trends: Sendable, Codable, Equatable {
    public enum Interval: String, Sendable, Codable, CaseIterable {
        case month, year
    }

    public struct Series: Sendable, Codable, Equatable {
        public var query: String
        /// The search total: the sum of `counts`.
        public var total: Int
        public var counts: [Int]
        /// Per 1,000 articles of the period (0 where the period has none).
        public var perThousand: [Double]
    }

    public var interval: Interval
    /// `2019-10` (month) or `2019` (year), every period from the archive's first to its last.
    public var periods: [String]
    /// All articles of each period.
    public var articles: [Int]
    public var series: [Series]

    /// At most this many queries at once.
    public static let maxQueries = 6

    /// The queries of `text`: separated by commas (either width).
    public static func queries(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\u{FF0C}" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// - Throws: `SearchQueryError` for a query that is not valid.
    public static func compute(_ store: any ArchiveStore, queries: [String], interval: Interval) async throws -> Trends {
        func buckets(_ months: [String: Int]) -> [String: Int] {
            interval == .month ? months : Dictionary(months.map { (String($0.key.prefix(4)), $0.value) }, uniquingKeysWith: +)
        }
        // Parsed before anything is counted, so an invalid query costs nothing.
        let requests = try queries.prefix(maxQueries).map { try SearchRequest(parsing: $0, limit: 0) }
        // The archive's months and each query's, side by side: each is one pass over its
        // matches, and the store reads on several connections at once.
        let months = try await withThrowingTaskGroup(of: (Int, [String: Int]).self) { group in
            group.addTask { (-1, try await store.monthCounts(SearchRequest(query: nil, limit: 0))) }
            for (i, request) in requests.enumerated() {
                group.addTask { (i, try await store.monthCounts(request)) }
            }
            var out: [Int: [String: Int]] = [:]
            for try await (i, counts) in group { out[i] = counts }
            return out
        }
        let all = buckets(months[-1] ?? [:])
        let periods = Self.periods(from: all.keys.min(), to: all.keys.max(), interval: interval)
        var series: [Series] = []
        for (i, q) in queries.prefix(requests.count).enumerated() {
            let counts = buckets(months[i] ?? [:])
            let row: [Int] = periods.map { counts[$0] ?? 0 }
            var share: [Double] = []
            for (i, period) in periods.enumerated() {
                let base = all[period] ?? 0
                let value: Double = base == 0 ? 0 : Double(row[i]) * 1000 / Double(base)
                share.append((value * 100).rounded() / 100)
            }
            // Every matching article has a date within the archive's periods: the months
            // are the search's total, split.
            series.append(Series(query: q, total: counts.values.reduce(0, +), counts: row, perThousand: share))
        }
        return Trends(interval: interval, periods: periods, articles: periods.map { all[$0] ?? 0 }, series: series)
    }

    /// Every month (`YYYY-MM`) or year from `first` to `last`.
    static func periods(from first: String?, to last: String?, interval: Interval) -> [String] {
        guard let first, let last else { return [] }
        func parts(_ p: String) -> (Int, Int) {
            let xs = p.split(separator: "-").compactMap { Int($0) }
            return (xs.first ?? 0, xs.count > 1 ? xs[1] : 1)
        }
        var (y, m) = parts(first)
        let (ly, lm) = parts(last)
        var out: [String] = []
        while (y, m) <= (ly, lm) && out.count < 12 * 500 {
            if interval == .year {
                out.append(y.zeroPadded(to: 4))
                y += 1
            } else {
                out.append(y.zeroPadded(to: 4) + "-" + m.zeroPadded(to: 2))
                (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
            }
        }
        return out
    }

    /// The first and last day of a period, for a search narrowed to it.
    static func range(of period: String) -> (from: String, to: String) {
        let xs = period.split(separator: "-").compactMap { Int($0) }
        if xs.count == 2 {
            let month = xs[0].zeroPadded(to: 4) + "-" + xs[1].zeroPadded(to: 2)
            return (month + "-01", month + "-" + IssueDate.daysIn(month: xs[1], year: xs[0]).zeroPadded(to: 2))
        }
        return ("\(period)-01-01", "\(period)-12-31")
    }

    /// As CSV: one row per period, a count and a per-1,000 column per query.
    public var csv: String {
        var header = ["period", "articles"]
        for s in series { header += [s.query, s.query + " per 1000"] }
        var lines = [header.map(SearchExport.csvField).joined(separator: ",")]
        for (i, p) in periods.enumerated() {
            var row = [p, String(articles[i])]
            for s in series { row += [String(s.counts[i]), s.perThousand[i].fixed(digits: 2)] }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
