#if PostgreSQL
import BroadsheetCore
import Foundation
import NIOCore
import PostgresNIO

/// The search index on PostgreSQL: `search_posting`, a row per token and block of 8,192
/// rowids holding that block's postings with positions (`PostingList`), read by token and
/// intersected in Swift (`PostingSearch`), as FTS5 keeps its own. Written in the import's
/// transaction: new articles' entries are appended to their rows, a replaced article's are cut
/// out before its row goes. The rowids of one transaction's new articles all come after every
/// committed one's (writers hold `writeLock` from their first article to commit), so appending
/// keeps each row in rowid order.
enum PostgresSearchIndex {
    /// The transaction-level advisory lock every writer of articles holds.
    static let writeLock: Int64 = 4_242_000_002

    /// Rows written or read a statement.
    static let batch = 5_000

    struct RowKey: Hashable {
        var token: String
        var block: Int32
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

    /// The index rows of `articles`, each row's entries in rowid order.
    static func rows(_ articles: [(rowid: Int64, fields: SearchFields)]) -> [RowKey: [UInt8]] {
        var rows: [RowKey: [UInt8]] = [:]
        for (rowid, fields) in articles.sorted(by: { $0.rowid < $1.rowid }) {
            let block = PostingList.block(of: rowid)
            let (tokens, initials) = entries(fields)
            for (token, keys) in tokens {
                PostingList.appendEntry(rowid: rowid, keys: keys, to: &rows[RowKey(token: token, block: block), default: []])
            }
            for (initial, counts) in initials {
                PostingList.appendEntry(rowid: rowid, counts: counts, to: &rows[RowKey(token: initial, block: block), default: []])
            }
        }
        return rows
    }

    static func lock(_ conn: PostgresConnection) async throws {
        _ = try await conn.rows("SELECT pg_advisory_xact_lock(\(writeLock))")
    }

    /// Appends the entries of new articles (higher rowids than any the index holds).
    static func add(_ conn: PostgresConnection, _ articles: [(rowid: Int64, fields: SearchFields)]) async throws {
        guard !articles.isEmpty else { return }
        try await write(conn, rows(articles), append: true)
    }

    private static func write(_ conn: PostgresConnection, _ rows: [RowKey: [UInt8]], append: Bool) async throws {
        let all = Array(rows)
        for start in stride(from: 0, to: all.count, by: batch) {
            let part = all[start..<min(start + batch, all.count)]
            let tokens = part.map(\.key.token)
            let blocks = part.map(\.key.block)
            let data = part.map { ByteBuffer(bytes: $0.value) }
            if append {
                try await conn.run("""
                    INSERT INTO search_posting(token, block, data)
                    SELECT * FROM unnest(\(tokens)::text[], \(blocks)::int4[], \(data)::bytea[])
                    ON CONFLICT (token, block) DO UPDATE SET data = search_posting.data || excluded.data
                    """)
            } else {
                try await conn.run("""
                    INSERT INTO search_posting(token, block, data)
                    SELECT * FROM unnest(\(tokens)::text[], \(blocks)::int4[], \(data)::bytea[])
                    """)
            }
        }
    }

    /// Cuts the entries of articles about to be deleted out of their rows (a row left empty
    /// goes). `articles` are their stored texts, which say which rows hold them.
    static func remove(_ conn: PostgresConnection, _ articles: [(rowid: Int64, fields: SearchFields)]) async throws {
        guard !articles.isEmpty else { return }
        var removed: [Int32: Set<Int64>] = [:]
        var keys = Set<RowKey>()
        for (rowid, fields) in articles {
            let block = PostingList.block(of: rowid)
            removed[block, default: []].insert(rowid)
            let (tokens, initials) = entries(fields)
            for t in tokens.keys { keys.insert(RowKey(token: t, block: block)) }
            for t in initials.keys { keys.insert(RowKey(token: t, block: block)) }
        }
        let all = Array(keys)
        for start in stride(from: 0, to: all.count, by: batch) {
            let part = all[start..<min(start + batch, all.count)]
            var kept: [(RowKey, [UInt8])] = []
            var emptied: [RowKey] = []
            for row in try await conn.rows("""
                SELECT p.token, p.block, p.data FROM search_posting p
                JOIN unnest(\(part.map(\.token))::text[], \(part.map(\.block))::int4[]) AS k(token, block)
                  ON p.token = k.token AND p.block = k.block
                FOR UPDATE OF p
                """) {
                let (token, block, data) = try row.decode((String, Int32, ByteBuffer).self)
                let key = RowKey(token: token, block: block)
                guard let left = PostingList.removing(removed[block] ?? [], from: Array(data.readableBytesView), block: block) else {
                    throw StoreError.damaged("the search index row of \(token) in block \(block) does not decode")
                }
                if left.isEmpty { emptied.append(key) } else { kept.append((key, left)) }
            }
            if !emptied.isEmpty {
                try await conn.run("""
                    DELETE FROM search_posting p USING unnest(\(emptied.map(\.token))::text[], \(emptied.map(\.block))::int4[]) AS k(token, block)
                    WHERE p.token = k.token AND p.block = k.block
                    """)
            }
            if !kept.isEmpty {
                try await conn.run("""
                    UPDATE search_posting p SET data = k.data
                    FROM unnest(\(kept.map(\.0.token))::text[], \(kept.map(\.0.block))::int4[], \(kept.map { ByteBuffer(bytes: $0.1) })::bytea[]) AS k(token, block, data)
                    WHERE p.token = k.token AND p.block = k.block
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

    /// Writes the whole index again from the stored articles, a block at a time.
    static func rebuild(_ conn: PostgresConnection, progress: ((Int64, Int64) -> Void)? = nil) async throws {
        try await lock(conn)
        try await conn.run("TRUNCATE search_posting")
        let last = try await conn.value("SELECT max(rowid) FROM article", as: Int64?.self).flatMap { $0 } ?? 0
        var block: Int32 = 0
        while PostingList.base(of: block) <= last {
            let base = PostingList.base(of: block)
            let articles = try await texts(conn, base..<base + PostingList.blockSize)
            try await write(conn, rows(articles.map { ($0.rowid, $0.fields) }), append: false)
            progress?(min(base + PostingList.blockSize, last), last)
            block += 1
        }
    }

    /// The postings of each of `tokens` (index keys) that the index holds.
    static func read(_ conn: PostgresConnection, _ tokens: [String]) async throws -> [String: PostingList.Postings] {
        guard !tokens.isEmpty else { return [:] }
        return try await collect(conn.rows("""
            SELECT token, block, data FROM search_posting WHERE token = ANY(\(tokens)::text[]) ORDER BY token, block
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
            SELECT token, block, data FROM search_posting WHERE token >= \(prefix) AND token < \(String(upper)) ORDER BY token, block
            """))
    }

    private static func collect(_ rows: [PostgresRow]) throws -> [String: PostingList.Postings] {
        var out: [String: PostingList.Postings] = [:]
        for row in rows {
            let (token, block, data) = try row.decode((String, Int32, ByteBuffer).self)
            let ok = data.withUnsafeReadableBytes { out[token, default: PostingList.Postings()].add(block: block, $0) }
            guard ok else { throw StoreError.damaged("the search index row of \(token) in block \(block) does not decode") }
        }
        return out
    }
}
#endif
