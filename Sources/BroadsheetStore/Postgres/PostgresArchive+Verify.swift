#if PostgreSQL
import BroadsheetCore
import Foundation
import NIOCore
import PostgresNIO

/// Fixity checks on PostgreSQL, as `SQLiteArchive.verify` makes them on a file, less what the
/// server checks itself (its pages: data checksums, `amcheck`):
/// - each original input's bytes against the SHA-256 stored at import;
/// - each article's entries in the search index (`search_posting`) against what its stored text
///   tokenizes to now, and no entry for an article that is not there;
/// - each file of the media folder against its digest.
/// All of it reads one snapshot (a read-only repeatable-read transaction), in batches, so a
/// server or an import may go on meanwhile.
extension PostgresArchive {
    /// Rows read a statement.
    static let verifyBatch = 2_000

    public func verify(media: String? = nil) async throws -> Verification {
        try await readSnapshot { conn in
            var v = Verification()
            try await Self.checkOriginals(conn, &v)
            try await Self.checkTokens(conn, &v)
            if let media {
                let files = try await conn.rows("SELECT sha256, name, type, bytes FROM media ORDER BY sha256").map { row in
                    let (sha256, name, type, bytes) = try row.decode((String, String, String, Int).self)
                    return MediaFile(sha256: sha256, name: name, type: type, bytes: bytes)
                }
                v.check(media: files, in: media)
            }
            return v
        }
    }

    private static func checkOriginals(_ conn: PostgresConnection, _ v: inout Verification) async throws {
        var after: Int64 = .min
        while true {
            let rows = try await conn.rows("""
                SELECT s.rowid, s.key, s.sha256, s.data, a.id FROM source s LEFT JOIN article a ON a.rowid = s.article_rowid
                WHERE s.rowid > \(after) ORDER BY s.rowid LIMIT \(verifyBatch)
                """)
            for row in rows {
                let (rowid, key, stored, data, id) = try row.decode((Int64, String, String?, Data, String?).self)
                after = rowid
                v.check(original: [UInt8](data), stored: stored, key: key, articleID: id)
            }
            if rows.count < verifyBatch { return }
        }
    }

    /// Each article's entries in the search index against what its stored text gives: both
    /// sides summed per article as a count and a digest of every token and payload (in one
    /// pass over the index, one over the articles); and no entry for an article not there.
    private static func checkTokens(_ conn: PostgresConnection, _ v: inout Verification) async throws {
        var held: [Int64: (count: Int, digest: UInt64)] = [:]
        var after: (token: String, last: Int64)? = nil
        var previous: (token: String, rowid: Int64) = ("", 0)
        while true {
            let rows = try await conn.rows(after.map { a in
                "SELECT token, last, data FROM search_posting WHERE (token, last) > (\(a.token), \(a.last)) ORDER BY token, last LIMIT \(verifyBatch)"
            } ?? "SELECT token, last, data FROM search_posting ORDER BY token, last LIMIT \(verifyBatch)")
            for row in rows {
                let (token, last, data) = try row.decode((String, Int64, ByteBuffer).self)
                after = (token, last)
                let floor = previous.token == token ? previous.rowid : 0
                guard let entries = PostingList.entries(Array(data.readableBytesView)), let first = entries.first,
                      first.rowid > floor, entries.last!.rowid == last else {
                    v.problems.append(.init(kind: .indexMismatch, detail: """
                        the search index row of \(token) ending at rowid \(last) (search_posting) does not decode, is empty, \
                        overlaps the row before or does not end at its key
                        """))
                    continue
                }
                previous = (token, last)
                for (rowid, payload) in entries {
                    let d = PostingList.digest(token, payload)
                    held[rowid, default: (0, 0)].count += 1
                    held[rowid]!.digest &+= d
                }
            }
            if rows.count < verifyBatch { break }
        }
        var from: Int64 = 0
        let last = try await conn.value("SELECT coalesce(max(rowid), 0) FROM article", as: Int64.self) ?? 0
        while from <= last {
            let range = from..<from + Int64(verifyBatch)
            from = range.upperBound
            let articles = try await PostgresSearchIndex.texts(conn, range)
            guard !articles.isEmpty else { continue }
            var keys: [Int64: [String]] = [:]
            for row in try await conn.rows("""
                SELECT article_rowid, array_agg(key ORDER BY seq) FROM source
                WHERE article_rowid >= \(range.lowerBound) AND article_rowid < \(range.upperBound) GROUP BY 1
                """) {
                let (rowid, k) = try row.decode((Int64, [String]).self)
                keys[rowid] = k
            }
            for a in articles {
                v.articles += 1
                let stored = held.removeValue(forKey: a.rowid) ?? (0, 0)
                guard a.readable else {
                    v.problems.append(.init(kind: .unreadableDocument, articleID: a.id, sourceKeys: keys[a.rowid] ?? [], detail: "the stored document does not unpack"))
                    continue
                }
                var expected = (count: 0, digest: UInt64(0))
                let (tokens, initials) = PostgresSearchIndex.entries(a.fields)
                var payload: [UInt8] = []
                for (token, k) in tokens {
                    payload.removeAll(keepingCapacity: true)
                    PostingList.payload(keys: k, to: &payload)
                    expected.count += 1
                    expected.digest &+= PostingList.digest(token, payload)
                }
                for (initial, counts) in initials {
                    payload.removeAll(keepingCapacity: true)
                    PostingList.payload(counts: counts, to: &payload)
                    expected.count += 1
                    expected.digest &+= PostingList.digest(initial, payload)
                }
                guard stored != expected else { continue }
                v.problems.append(.init(kind: .indexMismatch, articleID: a.id, sourceKeys: keys[a.rowid] ?? [], detail: stored.count == expected.count
                    ? "its entries in the search index (search_posting) are \(expected.count) tokens and initials as its stored text gives, but not the same"
                    : "its entries in the search index (search_posting) are \(stored.count) tokens and initials; its stored text gives \(expected.count)"))
            }
        }
        for rowid in held.keys.sorted() {
            v.problems.append(.init(kind: .indexMismatch, detail: "the search index (search_posting) holds entries for rowid \(rowid), which is no article"))
        }
    }
}
#endif
