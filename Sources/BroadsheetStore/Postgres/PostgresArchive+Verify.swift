#if PostgreSQL
import BroadsheetCore
import Foundation
import PostgresNIO

/// Fixity checks on PostgreSQL, as `SQLiteArchive.verify` makes them on a file, less what the
/// server checks itself (its pages: data checksums, `amcheck`):
/// - each original input's bytes against the SHA-256 stored at import;
/// - each article's token list (`article_search.tokens`, what the GIN indexes are built from, and its
///   `capped` mark) against what its stored text tokenizes to now;
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

    private static func checkTokens(_ conn: PostgresConnection, _ v: inout Verification) async throws {
        var after: Int64 = .min
        while true {
            let rows = try await conn.rows("""
                SELECT a.rowid, a.id, a.headline, a.kicker, a.subtitle, a.doc,
                       (SELECT array_agg(s.key ORDER BY s.seq) FROM source s WHERE s.article_rowid = a.rowid)
                FROM article a WHERE a.rowid > \(after) ORDER BY a.rowid LIMIT \(verifyBatch)
                """)
            var rowids: [Int64] = [], vectors: [String] = [], capped: [Bool] = []
            var names: [Int64: (id: String, keys: [String])] = [:]
            for row in rows {
                let (rowid, id, headline, kicker, subtitle, doc, keys) = try row.decode((Int64, String, String, String?, String?, Data, [String]?).self)
                after = rowid
                v.articles += 1
                names[rowid] = (id, keys ?? [])
                let body: String
                do {
                    body = try StoredDocument.searchText(doc)
                } catch {
                    v.problems.append(.init(kind: .unreadableDocument, articleID: id, sourceKeys: keys ?? [], detail: "the stored document does not unpack: \(error)"))
                    continue
                }
                let (vector, wasCapped) = PostgresSearch.documentVector(SearchFields(headline: headline, kicker: kicker, subtitle: subtitle, body: body))
                rowids.append(rowid)
                vectors.append(vector)
                capped.append(wasCapped)
            }
            if !rowids.isEmpty {
                for row in try await conn.rows("""
                    SELECT x.rowid, length(s.tokens), length(x.vector::tsvector), s.capped IS DISTINCT FROM x.capped
                    FROM unnest(\(rowids)::bigint[], \(vectors)::text[], \(capped)::boolean[]) AS x(rowid, vector, capped)
                    LEFT JOIN article_search s ON s.rowid = x.rowid
                    WHERE s.tokens IS DISTINCT FROM x.vector::tsvector OR s.capped IS DISTINCT FROM x.capped
                    ORDER BY x.rowid
                    """) {
                    let (rowid, held, expected, cappedDiffers) = try row.decode((Int64, Int?, Int, Bool).self)
                    let name = names[rowid]!
                    let detail = cappedDiffers && held == expected
                        ? "its capped mark (whether PostgreSQL keeps all its positions) is not what its stored text gives"
                        : held == expected
                        ? "its token list (article_search.tokens) holds \(expected) distinct tokens as the stored text gives, but not the same ones"
                        : "its token list (article_search.tokens) holds \(held ?? 0) distinct tokens, the stored text gives \(expected)"
                    v.problems.append(.init(kind: .indexMismatch, articleID: name.id, sourceKeys: name.keys, detail: detail))
                }
            }
            if rows.count < verifyBatch { return }
        }
    }
}
#endif
