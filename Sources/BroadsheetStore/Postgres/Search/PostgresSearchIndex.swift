#if PostgreSQL
import BroadsheetCore
import Foundation
import NIOCore
import PostgresNIO

/// The search index on PostgreSQL: `search_posting`, a token's postings with positions
/// (`PostingList`) in rows keyed by the token and the last rowid each holds, read by token and
/// intersected in Swift (`PostingSearch`), as FTS5 keeps its own. Written in the import's
/// transaction: new articles' entries are appended to their token's last row while it is
/// small, else start a new one; a replaced article's entries are cut out before its row goes.
/// The rowids of one transaction's new articles all come after every committed one's (writers
/// hold `writeLock` from their first article to commit), so rows stay in rowid order.
enum PostgresSearchIndex {
    /// The transaction-level advisory lock every writer of articles holds.
    static let writeLock: Int64 = 4_242_000_002

    /// Tokens or articles a statement.
    static let batch = 5_000
    /// A row this large takes no more appends (rewriting it would cost more than a new row).
    static let appendLimit = 2_048
    /// New rows are cut after an entry that brings them to this size.
    static let rowLimit = 32_768

    /// Entries waiting to be written for one token: rowids ascending, payloads back to back.
    struct Pending {
        var rowids: [Int64] = []
        var ends: [Int32] = []
        var bytes: [UInt8] = []

        var count: Int { rowids.count }
        func payload(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : Int(ends[i - 1]))..<Int(ends[i])] }

        /// One more entry: `rowid` (above every one held) and the payload `write` appends.
        mutating func append(_ rowid: Int64, _ write: (inout [UInt8]) -> Void) {
            rowids.append(rowid)
            write(&bytes)
            ends.append(Int32(bytes.count))
        }

        /// The entries of `other`, all of later rowids.
        mutating func append(contentsOf other: Pending) {
            let shift = Int32(bytes.count)
            rowids += other.rowids
            ends += other.ends.map { $0 + shift }
            bytes += other.bytes
        }
    }

    /// What an article puts in the index: each token (cut as `PostgresSearch.key`) with its
    /// position keys, and each initial (`#X`) with its count per column.
    static func entries(_ fields: SearchFields) -> (tokens: [String: [UInt32]], initials: [String: [Int]]) {
        var tokens: [String: [UInt32]] = [:]
        var initials: [String: [Int]] = [:]
        var cut = false
        for (c, column) in TokenDocument(fields).columns.enumerated() {
            for (token, positions) in column {
                let key = PostgresSearch.key(token)
                if key != token { cut = true }
                tokens[key, default: []].append(contentsOf: positions.map { PostingList.key(column: c, position: $0) })
                if let first = token.unicodeScalars.first, TextFolding.isCJK(first.value) {
                    initials[PostgresSearch.initial(first), default: [0, 0, 0, 0]][c] += positions.count
                }
            }
        }
        for k in tokens.keys {
            tokens[k]!.sort()
            // Cut tokens sharing a key, or none: each position once.
            if cut { tokens[k] = tokens[k]!.reduce(into: []) { if $0.last != $1 { $0.append($1) } } }
        }
        return (tokens, initials)
    }

    /// The entries of `articles`, by token (and initial), in rowid order.
    static func pending(_ articles: [(rowid: Int64, fields: SearchFields)]) -> [String: Pending] {
        var out: [String: Pending] = [:]
        for (rowid, fields) in articles.sorted(by: { $0.rowid < $1.rowid }) {
            let (tokens, initials) = entries(fields)
            for (token, keys) in tokens {
                out[token, default: Pending()].append(rowid) { PostingList.payload(keys: keys, to: &$0) }
            }
            for (initial, counts) in initials {
                out[initial, default: Pending()].append(rowid) { PostingList.payload(counts: counts, to: &$0) }
            }
        }
        return out
    }

    /// Adds `more` (entries of later rowids) to `gathered`; returns how many entries it added.
    static func merge(_ more: [String: Pending], into gathered: inout [String: Pending]) -> Int {
        var added = 0
        for (token, p) in more {
            added += p.count
            gathered[token, default: Pending()].append(contentsOf: p)
        }
        return added
    }

    /// New articles' entries gathered over an import's batches and written when `limit` of them
    /// are held, before anything is removed, and at the end: a token's row is then written
    /// once, not once a batch. A row written by this transaction is not appended to again in
    /// it (each write of a row leaves its old version until commit); a new one is started.
    final class Gathered {
        private var pending: [String: Pending] = [:]
        private var entries = 0
        /// Tokens this transaction has written rows of.
        private var written = Set<String>()
        let limit: Int
        let append: Bool

        init(limit: Int = 40_000_000, append: Bool = true) {
            self.limit = limit
            self.append = append
        }

        func add(_ conn: PostgresConnection, _ articles: [(rowid: Int64, fields: SearchFields)]) async throws {
            entries += PostgresSearchIndex.merge(PostgresSearchIndex.pending(articles), into: &pending)
            if entries >= limit { try await flush(conn) }
        }

        func flush(_ conn: PostgresConnection) async throws {
            guard !pending.isEmpty else { return }
            try await write(conn, pending, append: append, unopened: written)
            written.formUnion(pending.keys)
            pending = [:]
            entries = 0
        }
    }

    static func lock(_ conn: PostgresConnection) async throws {
        _ = try await conn.rows("SELECT pg_advisory_xact_lock(\(writeLock))")
    }

    /// Appends each token's entries to its last row while that is under `appendLimit`, the
    /// rest in new rows of about `rowLimit`; without `append`, or for the tokens in `unopened`,
    /// all in new rows.
    private static func write(_ conn: PostgresConnection, _ pending: [String: Pending], append: Bool = true, unopened: Set<String> = []) async throws {
        let tokens = pending.keys.sorted()
        for start in stride(from: 0, to: tokens.count, by: batch) {
            let part = Array(tokens[start..<min(start + batch, tokens.count)])
            var open: [String: (last: Int64, size: Int)] = [:]
            for row in append ? try await conn.rows("""
                SELECT DISTINCT ON (token) token, last, octet_length(data) FROM search_posting
                WHERE token = ANY(\(part)::text[]) ORDER BY token, last DESC
                """) : [] {
                let (token, last, size) = try row.decode((String, Int64, Int).self)
                if !unopened.contains(token) { open[token] = (last, size) }
            }
            var appended: (tokens: [String], old: [Int64], new: [Int64], data: [ByteBuffer]) = ([], [], [], [])
            var created: (tokens: [String], last: [Int64], data: [ByteBuffer]) = ([], [], [])
            for token in part {
                let p = pending[token]!
                var i = 0
                if let o = open[token], o.size < appendLimit {
                    var bytes: [UInt8] = []
                    var previous = o.last
                    while i < p.count && o.size + bytes.count < rowLimit {
                        PostingList.appendEntry(rowid: p.rowids[i], after: previous, payload: p.payload(i), to: &bytes)
                        previous = p.rowids[i]
                        i += 1
                    }
                    appended.tokens.append(token)
                    appended.old.append(o.last)
                    appended.new.append(previous)
                    appended.data.append(ByteBuffer(bytes: bytes))
                }
                while i < p.count {
                    var bytes: [UInt8] = []
                    var previous: Int64 = 0
                    while i < p.count && bytes.count < rowLimit {
                        PostingList.appendEntry(rowid: p.rowids[i], after: previous, payload: p.payload(i), to: &bytes)
                        previous = p.rowids[i]
                        i += 1
                    }
                    created.tokens.append(token)
                    created.last.append(previous)
                    created.data.append(ByteBuffer(bytes: bytes))
                }
            }
            if !appended.tokens.isEmpty {
                try await conn.run("""
                    UPDATE search_posting p SET data = p.data || k.data, last = k.new
                    FROM unnest(\(appended.tokens)::text[], \(appended.old)::bigint[], \(appended.new)::bigint[], \(appended.data)::bytea[])
                      AS k(token, old, new, data)
                    WHERE p.token = k.token AND p.last = k.old
                    """)
            }
            if !created.tokens.isEmpty {
                try await conn.run("""
                    INSERT INTO search_posting(token, last, data)
                    SELECT * FROM unnest(\(created.tokens)::text[], \(created.last)::bigint[], \(created.data)::bytea[])
                    """)
            }
        }
    }

    /// Cuts the entries of articles about to be deleted out of their rows (a row left empty
    /// goes). `articles` are their stored texts, which say which tokens hold them.
    static func remove(_ conn: PostgresConnection, _ articles: [(rowid: Int64, fields: SearchFields)]) async throws {
        guard !articles.isEmpty else { return }
        let removed = Set(articles.map(\.rowid))
        var pairs: [(token: String, rowid: Int64)] = []
        for (rowid, fields) in articles {
            let (tokens, initials) = entries(fields)
            pairs += tokens.keys.map { ($0, rowid) } + initials.keys.map { ($0, rowid) }
        }
        for start in stride(from: 0, to: pairs.count, by: batch) {
            let part = pairs[start..<min(start + batch, pairs.count)]
            // The row holding each: the token's first whose last rowid is not before it.
            var changed: (tokens: [String], old: [Int64], new: [Int64], data: [ByteBuffer]) = ([], [], [], [])
            var emptied: (tokens: [String], last: [Int64]) = ([], [])
            for row in try await conn.rows("""
                SELECT p.token, p.last, p.data FROM search_posting p WHERE (p.token, p.last) IN (
                    SELECT q.token, q.last FROM unnest(\(part.map(\.token))::text[], \(part.map(\.rowid))::bigint[]) AS k(token, rowid)
                    CROSS JOIN LATERAL (SELECT token, last FROM search_posting WHERE token = k.token AND last >= k.rowid ORDER BY last LIMIT 1) q)
                FOR UPDATE OF p
                """) {
                let (token, last, data) = try row.decode((String, Int64, ByteBuffer).self)
                guard let entries = PostingList.entries(Array(data.readableBytesView)) else {
                    throw StoreError.damaged("the search index row of \(token) ending at rowid \(last) does not decode")
                }
                let kept = entries.filter { !removed.contains($0.rowid) }
                guard kept.count < entries.count else { continue }
                if let newLast = kept.last?.rowid {
                    changed.tokens.append(token)
                    changed.old.append(last)
                    changed.new.append(newLast)
                    changed.data.append(ByteBuffer(bytes: PostingList.row(kept)))
                } else {
                    emptied.tokens.append(token)
                    emptied.last.append(last)
                }
            }
            if !emptied.tokens.isEmpty {
                try await conn.run("""
                    DELETE FROM search_posting p USING unnest(\(emptied.tokens)::text[], \(emptied.last)::bigint[]) AS k(token, last)
                    WHERE p.token = k.token AND p.last = k.last
                    """)
            }
            if !changed.tokens.isEmpty {
                try await conn.run("""
                    UPDATE search_posting p SET data = k.data, last = k.new
                    FROM unnest(\(changed.tokens)::text[], \(changed.old)::bigint[], \(changed.new)::bigint[], \(changed.data)::bytea[])
                      AS k(token, old, new, data)
                    WHERE p.token = k.token AND p.last = k.old
                    """)
            }
        }
    }

    /// The stored texts of the articles with rowids in `range`, in rowid order (nil body: the
    /// document does not unpack, and the article is indexed without its body, as search reads it).
    static func texts(_ conn: PostgresConnection, _ range: Range<Int64>) async throws -> [(rowid: Int64, id: String, fields: SearchFields, readable: Bool)] {
        try await conn.rows("""
            SELECT rowid, id, headline, kicker, subtitle, doc FROM article
            WHERE rowid >= \(range.lowerBound) AND rowid < \(range.upperBound) ORDER BY rowid
            """).map { row in
            let (rowid, id, headline, kicker, subtitle, doc) = try row.decode((Int64, String, String, String?, String?, Data).self)
            let body = try? StoredDocument.searchText(doc)
            return (rowid, id, SearchFields(headline: headline, kicker: kicker, subtitle: subtitle, body: body ?? ""), body != nil)
        }
    }

    /// Articles read a statement by `rebuild`.
    static let rebuildBatch: Int64 = 5_000
    /// Entries `rebuild` holds before writing them: about 20 bytes each in memory.
    static let rebuildEntries = 120_000_000

    /// Writes the whole index again from the stored articles. Entries are gathered over as many
    /// articles as `rebuildEntries` allows, then written as new rows: no row is written twice
    /// in the transaction (an append leaves the old version behind until it commits).
    static func rebuild(_ conn: PostgresConnection, progress: ((Int64, Int64) -> Void)? = nil) async throws {
        try await lock(conn)
        try await conn.run("TRUNCATE search_posting")
        let last = try await conn.value("SELECT max(rowid) FROM article", as: Int64?.self).flatMap { $0 } ?? 0
        var from: Int64 = 0
        let gathered = Gathered(limit: rebuildEntries, append: false)
        while from <= last {
            let articles = try await texts(conn, from..<from + rebuildBatch)
            from += rebuildBatch
            try await gathered.add(conn, articles.map { ($0.rowid, $0.fields) })
            progress?(min(from, last), last)
        }
        try await gathered.flush(conn)
    }

    /// The postings of each of `tokens` (index keys) that the index holds.
    static func read(_ conn: PostgresConnection, _ tokens: [String]) async throws -> [String: PostingList.Postings] {
        guard !tokens.isEmpty else { return [:] }
        return try await collect(conn.rows("""
            SELECT token, last, data FROM search_posting WHERE token = ANY(\(tokens)::text[]) ORDER BY token, last
            """))
    }

    /// The postings of every token beginning with `prefix` (not the initials' rows).
    static func read(_ conn: PostgresConnection, prefix: String) async throws -> [String: PostingList.Postings] {
        var end = Array(prefix.unicodeScalars)
        guard let lastScalar = end.popLast() else { return [:] }
        // The first string after every one beginning with the prefix, in byte order.
        let next = Unicode.Scalar(lastScalar.value + 1) ?? Unicode.Scalar(lastScalar.value + 0x801) ?? "\u{10FFFF}"
        var upper = String.UnicodeScalarView(end)
        upper.append(next)
        return try await collect(conn.rows("""
            SELECT token, last, data FROM search_posting WHERE token >= \(prefix) AND token < \(String(upper)) ORDER BY token, last
            """))
    }

    private static func collect(_ rows: [PostgresRow]) throws -> [String: PostingList.Postings] {
        var out: [String: PostingList.Postings] = [:]
        for row in rows {
            let (token, last, data) = try row.decode((String, Int64, ByteBuffer).self)
            let ok = data.withUnsafeReadableBytes { out[token, default: PostingList.Postings()].add($0) }
            guard ok else { throw StoreError.damaged("the search index row of \(token) ending at rowid \(last) does not decode") }
        }
        return out
    }
}
#endif
