#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import Foundation
import PostgresNIO

/// A `TokenQuery` answered from the posting lists of `search_posting`: the lists its tokens
/// need are read in one statement, then intersected, united and position-checked in Swift,
/// with `TokenQuery`'s meaning (a phrase at consecutive positions of one column, of a title
/// column for `title:`, a final one-character CJK token a prefix). A one-token prefix term is
/// its initial's list (`#X`), which holds no positions but the count per column.
struct PostingSearch {
    let query: TokenQuery
    /// Token (index key) or initial → its postings; absent: no article holds it.
    private var lists: [String: PostingList.Postings] = [:]
    /// A phrase's final prefix token → every article's positions of the tokens it begins.
    private var prefixes: [String: [Int64: [UInt32]]] = [:]

    /// True when a query token is longer than the index keeps (`PostgresSearch.maxTokenBytes`):
    /// what the lists find then also holds articles whose long token only begins the same, so
    /// each is checked on its text.
    private(set) var needsCheck = false

    /// Column weights for ranking, as the SQLite index's (headline 8 : kicker and subtitle 3 :
    /// body 1), scaled to the headline.
    static let weights: [Double] = [1, 0.375, 0.375, 0.125]

    /// Reads what `query` needs on `conn`.
    static func read(_ conn: PostgresConnection, _ query: TokenQuery) async throws -> PostingSearch {
        var s = PostingSearch(query: query)
        guard let root = query.root else { return s }
        var tokens = Set<String>(), prefixTokens = Set<String>()
        for p in phrases(root) {
            if let i = initial(p) {
                tokens.insert(i)
                continue
            }
            for (n, t) in p.tokens.enumerated() {
                if PostgresSearch.key(t) != t { s.needsCheck = true }
                if p.prefixLast && n == p.tokens.count - 1 { prefixTokens.insert(t) } else { tokens.insert(PostgresSearch.key(t)) }
            }
        }
        s.lists = try await PostgresSearchIndex.read(conn, tokens.sorted())
        for prefix in prefixTokens.sorted() {
            var merged: [Int64: [UInt32]] = [:]
            for (_, postings) in try await PostgresSearchIndex.read(conn, prefix: prefix) {
                for i in 0..<postings.count { merged[postings.rowids[i], default: []].append(contentsOf: postings.keys(at: i)) }
            }
            for k in merged.keys { merged[k]!.sort() }
            s.prefixes[prefix] = merged
        }
        return s
    }

    /// Every phrase of the query, excluded ones too.
    static func phrases(_ node: TokenQuery.Node) -> [TokenQuery.Phrase] {
        switch node {
        case .term(let ps): return ps
        case .any(let xs): return xs.flatMap(phrases)
        case .all(let inc, let exc): return (inc + exc).flatMap(phrases)
        }
    }

    /// The phrases that rank: those not under an exclusion.
    static func ranked(_ node: TokenQuery.Node) -> [TokenQuery.Phrase] {
        switch node {
        case .term(let ps): return ps
        case .any(let xs): return xs.flatMap(ranked)
        case .all(let inc, _): return inc.flatMap(ranked)
        }
    }

    /// The initial's key when `p` is one prefix token (a one-character CJK query).
    private static func initial(_ p: TokenQuery.Phrase) -> String? {
        guard p.prefixLast, p.tokens.count == 1, let only = p.tokens[0].unicodeScalars.first else { return nil }
        return PostgresSearch.initial(only)
    }

    /// The rowids the query's root matches (before `negated` turns it round), ascending.
    func matched() -> [Int64] {
        guard let root = query.root else { return [] }
        return docs(root)
    }

    private func docs(_ node: TokenQuery.Node) -> [Int64] {
        switch node {
        case .term(let ps):
            return ps.map(docs).reduce([], Self.union)
        case .any(let xs):
            return xs.map(docs).reduce([], Self.union)
        case .all(let inc, let exc):
            var out = inc.map(docs).sorted { $0.count < $1.count }.reduce(nil) { (acc: [Int64]?, next) in acc.map { Self.intersect($0, next) } ?? next } ?? []
            for x in exc where !out.isEmpty { out = Self.subtract(out, docs(x)) }
            return out
        }
    }

    /// What one token of a phrase reads: a token's postings, or a prefix's merged positions.
    private enum Source {
        case list(PostingList.Postings)
        case prefix([Int64: [UInt32]], rowids: [Int64])

        var rowids: [Int64] {
            switch self {
            case .list(let l): return l.rowids
            case .prefix(_, let r): return r
            }
        }
    }

    private func sources(_ p: TokenQuery.Phrase) -> [Source]? {
        var out: [Source] = []
        for (n, t) in p.tokens.enumerated() {
            if p.prefixLast && n == p.tokens.count - 1 {
                guard let m = prefixes[t], !m.isEmpty else { return nil }
                out.append(.prefix(m, rowids: m.keys.sorted()))
            } else {
                guard let l = lists[PostgresSearch.key(t)] else { return nil }
                out.append(.list(l))
            }
        }
        return out
    }

    private func docs(_ p: TokenQuery.Phrase) -> [Int64] {
        if let i = Self.initial(p) {
            guard let l = lists[i] else { return [] }
            guard p.titleOnly else { return l.rowids }
            return (0..<l.count).filter { l.counts(at: $0)[0..<3].contains { $0 > 0 } }.map { l.rowids[$0] }
        }
        guard let sources = sources(p) else { return [] }
        if sources.count == 1, !p.titleOnly, case .list(let l) = sources[0] { return l.rowids }
        return candidates(sources).filter { occurrences(p, sources, $0, stopAtFirst: true) > 0 }.map(\.rowid)
    }

    /// The articles every source holds, each with its index in each list source.
    private func candidates(_ sources: [Source]) -> [(rowid: Int64, at: [Int])] {
        let driver = sources.indices.min { sources[$0].rowids.count < sources[$1].rowids.count }!
        var cursors = [Int](repeating: 0, count: sources.count)
        var out: [(Int64, [Int])] = []
        next: for r in sources[driver].rowids {
            var at = [Int](repeating: 0, count: sources.count)
            for (k, s) in sources.enumerated() {
                switch s {
                case .list(let l):
                    guard let i = Self.seek(l.rowids, r, from: &cursors[k]) else { continue next }
                    at[k] = i
                case .prefix(let m, _):
                    guard m[r] != nil else { continue next }
                }
            }
            out.append((r, at))
        }
        return out
    }

    /// `rowid` with its index in each list source, when every source holds it.
    private func candidate(_ sources: [Source], _ rowid: Int64) -> (rowid: Int64, at: [Int])? {
        var at = [Int](repeating: 0, count: sources.count)
        for (k, s) in sources.enumerated() {
            switch s {
            case .list(let l):
                guard let i = l.index(of: rowid) else { return nil }
                at[k] = i
            case .prefix(let m, _):
                guard m[rowid] != nil else { return nil }
            }
        }
        return (rowid, at)
    }

    /// The index of `r` in ascending `rowids`, searching from `cursor` (moved past smaller ones).
    private static func seek(_ rowids: [Int64], _ r: Int64, from cursor: inout Int) -> Int? {
        var step = 1, lo = cursor, hi = cursor
        while hi < rowids.count && rowids[hi] < r { lo = hi + 1; hi += step; step *= 2 }
        hi = min(hi, rowids.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowids[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        cursor = lo
        return lo < rowids.count && rowids[lo] == r ? lo : nil
    }

    private func keys(_ s: Source, _ rowid: Int64, _ i: Int) -> [UInt32] {
        switch s {
        case .list(let l): return l.keys(at: i)
        case .prefix(let m, _): return m[rowid] ?? []
        }
    }

    /// Where the phrase starts in the article, weighted by column (stopping at the first).
    private func occurrences(_ p: TokenQuery.Phrase, _ sources: [Source], _ c: (rowid: Int64, at: [Int]), stopAtFirst: Bool) -> Double {
        let first = keys(sources[0], c.rowid, c.at[0])
        let rest = (1..<sources.count).map { keys(sources[$0], c.rowid, c.at[$0]) }
        var n = 0.0
        for k in first where !p.titleOnly || PostingList.column(of: k) < 3 {
            var all = true
            for (j, ks) in rest.enumerated() where !Self.contains(ks, k + UInt32(j + 1)) {
                all = false
                break
            }
            if all {
                n += Self.weights[PostingList.column(of: k)]
                if stopAtFirst { return n }
            }
        }
        return n
    }

    private static func contains(_ sorted: [UInt32], _ k: UInt32) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == k
    }

    /// Scores for `rowids` (matches of the query): BM25 over the query's ranked phrases, with
    /// term frequency weighted by column (`weights`) and no length normalisation; `articles` is
    /// the N of its inverse document frequency.
    func scores(_ rowids: [Int64], articles: Int) -> [Int64: Double] {
        guard let root = query.root else { return [:] }
        let k1 = 1.2
        var out: [Int64: Double] = [:]
        let wanted = Set(rowids)
        for p in Self.ranked(root) {
            var tf: [Int64: Double] = [:]
            var df = 0
            if let i = Self.initial(p) {
                guard let l = lists[i] else { continue }
                df = l.count
                for r in rowids {
                    guard let at = l.index(of: r) else { continue }
                    let counts = l.counts(at: at)
                    tf[r] = (0..<4).reduce(0) { $0 + (p.titleOnly && $1 == 3 ? 0 : Self.weights[$1] * Double(counts[$1])) }
                }
            } else {
                guard let sources = sources(p) else { continue }
                df = sources.map(\.rowids.count).min() ?? 0
                for r in rowids {
                    guard let c = candidate(sources, r) else { continue }
                    tf[r] = occurrences(p, sources, c, stopAtFirst: false)
                }
            }
            let idf = log(1 + (Double(articles) - Double(df) + 0.5) / (Double(df) + 0.5))
            for (r, f) in tf where f > 0 { out[r, default: 0] += idf * f * (k1 + 1) / (f + k1) }
        }
        return out
    }

    /// Whether ascending `rowids` holds `r`.
    static func contains(_ rowids: [Int64], _ r: Int64) -> Bool {
        var cursor = 0
        return seek(rowids, r, from: &cursor) != nil
    }

    static func union(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var out: [Int64] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] { out.append(a[i]); i += 1 } else if b[j] < a[i] { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1; j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    static func intersect(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var out: [Int64] = []
        var cursor = 0
        for r in small where seek(large, r, from: &cursor) != nil { out.append(r) }
        return out
    }

    static func subtract(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        guard !b.isEmpty else { return a }
        var out: [Int64] = []
        var cursor = 0
        for r in a where seek(b, r, from: &cursor) == nil { out.append(r) }
        return out
    }
}
#endif
