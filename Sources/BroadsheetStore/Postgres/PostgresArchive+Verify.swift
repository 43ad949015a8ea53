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

    /// Blocks of the search index compared a statement.
    static let verifyBlocks: Int32 = 8

    /// Each article's entries in the search index against what its stored text gives, a few
    /// blocks at a time; and no entry for an article that is not there.
    private static func checkTokens(_ conn: PostgresConnection, _ v: inout Verification) async throws {
        let last = try await conn.value("SELECT coalesce(max(rowid), 0) FROM article", as: Int64.self) ?? 0
        let lastIndexed = try await conn.value("SELECT coalesce(max(block), 0) FROM search_posting", as: Int32.self) ?? 0
        var first: Int32 = 0
        while first <= max(PostingList.block(of: last), lastIndexed) {
            let end = first + verifyBlocks
            // Stored: rowid → token → payload.
            var stored: [Int64: [String: ArraySlice<UInt8>]] = [:]
            for row in try await conn.rows("""
                SELECT token, block, data FROM search_posting WHERE block >= \(first) AND block < \(end)
                """) {
                let (token, block, data) = try row.decode((String, Int32, ByteBuffer).self)
                guard let entries = PostingList.entries(Array(data.readableBytesView), block: block) else {
                    v.problems.append(.init(kind: .indexMismatch, articleID: nil,
                                            detail: "the search index row of \(token) in block \(block) (search_posting) does not decode"))
                    continue
                }
                for (rowid, payload) in entries { stored[rowid, default: [:]][token] = payload }
            }
            let articles = try await PostgresSearchIndex.texts(conn, PostingList.base(of: first)..<PostingList.base(of: end))
            var keys: [Int64: [String]] = [:]
            for row in try await conn.rows("""
                SELECT article_rowid, array_agg(key ORDER BY seq) FROM source
                WHERE article_rowid >= \(PostingList.base(of: first)) AND article_rowid < \(PostingList.base(of: end)) GROUP BY 1
                """) {
                let (rowid, k) = try row.decode((Int64, [String]).self)
                keys[rowid] = k
            }
            var expected: [Int64: [String: ArraySlice<UInt8>]] = [:]
            for (key, data) in PostgresSearchIndex.rows(articles.filter(\.readable).map { ($0.rowid, $0.fields) }) {
                for (rowid, payload) in PostingList.entries(data, block: key.block) ?? [] { expected[rowid, default: [:]][key.token] = payload }
            }
            for a in articles {
                v.articles += 1
                let held = stored.removeValue(forKey: a.rowid) ?? [:]
                guard a.readable else {
                    v.problems.append(.init(kind: .unreadableDocument, articleID: a.id, sourceKeys: keys[a.rowid] ?? [], detail: "the stored document does not unpack"))
                    continue
                }
                let want = expected[a.rowid] ?? [:]
                guard held != want else { continue }
                let missing = want.keys.filter { held[$0] == nil }.count
                let extra = held.keys.filter { want[$0] == nil }.count
                let differ = want.keys.filter { held[$0] != nil && held[$0] != want[$0] }.count
                v.problems.append(.init(kind: .indexMismatch, articleID: a.id, sourceKeys: keys[a.rowid] ?? [], detail: """
                    its entries in the search index (search_posting) are not what its stored text gives: \(missing) of \(want.count) \
                    tokens and initials missing, \(extra) more held, \(differ) with other positions
                    """))
            }
            for rowid in stored.keys.sorted() {
                v.problems.append(.init(kind: .indexMismatch, articleID: nil,
                                        detail: "the search index (search_posting) holds entries for rowid \(rowid), which is no article"))
            }
            first = end
        }
    }
}
#endif
