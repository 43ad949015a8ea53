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
    /// A phrase's final prefix token → every article's positions of the tokens it begins, and
    /// those articles in rowid order.
    private var prefixes: [String: (positions: [Int64: [UInt32]], rowids: [Int64])] = [:]

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
            s.prefixes[prefix] = (merged, merged.keys.sorted())
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
                guard let m = prefixes[t], !m.rowids.isEmpty else { return nil }
                out.append(.prefix(m.positions, rowids: m.rowids))
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
        // Each article of the shortest list, sought in the others (cursors only move forward),
        // its positions checked in place.
        let driver = sources.indices.min { sources[$0].rowids.count < sources[$1].rowids.count }!
        var cursors = [Int](repeating: 0, count: sources.count)
        var at = [Int](repeating: 0, count: sources.count)
        var scratch = Scratch()
        var out: [Int64] = []
        next: for r in sources[driver].rowids {
            for (k, s) in sources.enumerated() {
                switch s {
                case .list(let l):
                    guard let i = Self.seek(l.rowids, r, from: &cursors[k]) else { continue next }
                    at[k] = i
                case .prefix(let m, _):
                    guard m[r] != nil else { continue next }
                }
            }
            if occurrences(p, sources, r, at, stopAtFirst: true, &scratch) > 0 { out.append(r) }
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

    /// Buffers reused from one article to the next.
    struct Scratch {
        var starts: [UInt32] = []
        var next: [UInt32] = []
    }

    private func keys(_ s: Source, _ rowid: Int64, _ i: Int, into out: inout [UInt32]) {
        switch s {
        case .list(let l): l.keys(at: i, into: &out)
        case .prefix(let m, _): out.append(contentsOf: m[rowid] ?? [])
        }
    }

    /// Where the phrase starts in the article, weighted by column (with `stopAtFirst`, only
    /// whether it does): the first token's positions, kept where each next token stands one
    /// further, by merging sorted keys.
    private func occurrences(_ p: TokenQuery.Phrase, _ sources: [Source], _ rowid: Int64, _ at: [Int], stopAtFirst: Bool, _ s: inout Scratch) -> Double {
        s.starts.removeAll(keepingCapacity: true)
        keys(sources[0], rowid, at[0], into: &s.starts)
        if p.titleOnly { s.starts.removeAll { PostingList.column(of: $0) >= 3 } }
        for k in 1..<max(1, sources.count) {
            s.next.removeAll(keepingCapacity: true)
            keys(sources[k], rowid, at[k], into: &s.next)
            var kept = 0, j = 0
            for i in 0..<s.starts.count {
                let want = s.starts[i] &+ UInt32(k)
                while j < s.next.count && s.next[j] < want { j += 1 }
                if j < s.next.count && s.next[j] == want {
                    s.starts[kept] = s.starts[i]
                    kept += 1
                }
            }
            s.starts.removeLast(s.starts.count - kept)
            if s.starts.isEmpty { return 0 }
        }
        if stopAtFirst { return s.starts.isEmpty ? 0 : 1 }
        return s.starts.reduce(0) { $0 + Self.weights[PostingList.column(of: $1)] }
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
                var scratch = Scratch()
                for r in rowids {
                    guard let c = candidate(sources, r) else { continue }
                    tf[r] = occurrences(p, sources, r, c.at, stopAtFirst: false, &scratch)
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
