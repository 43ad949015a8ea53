#if PostgreSQL
import BroadsheetCore
import Foundation
import PostgresNIO

/// Tokens, the audit log, withdrawals, embargoes and versions on PostgreSQL (see
/// `SQLiteArchive+Publishing.swift`). A withdrawn article keeps its tokens: search leaves it
/// out by the `withdrawal` table (`PostgresQueries.listed`), so restoring it needs no re-indexing.
extension PostgresArchive {
    public func createToken(name: String, digest: String, actor: String) async throws {
        try await write { conn in
            if try await conn.value("SELECT 1 FROM token WHERE name = \(name)", as: Int.self) != nil {
                throw StoreError.tokenExists(name)
            }
            try await conn.run("INSERT INTO token(name, digest, created) VALUES (\(name), \(digest), \(AccessToken.now()))")
            try await PostgresEditionWriter.audit(conn, actor: actor, action: "token-create", subject: name)
        }
    }

    public func tokens() async throws -> [TokenInfo] {
        try await read { conn in
            try await conn.rows("SELECT name, created, revoked FROM token ORDER BY created, name").map { row in
                let (name, created, revoked) = try row.decode((String, String, String?).self)
                return TokenInfo(name: name, created: created, revoked: revoked)
            }
        }
    }

    public func revokeToken(name: String, actor: String) async throws -> Bool {
        try await write { conn in
            guard try await conn.run("""
                UPDATE token SET revoked = \(AccessToken.now()) WHERE name = \(name) AND revoked IS NULL RETURNING 1
                """) > 0 else { return false }
            try await PostgresEditionWriter.audit(conn, actor: actor, action: "token-revoke", subject: name)
            return true
        }
    }

    public func tokenName(digest: String) async throws -> String? {
        try await read { conn in
            try await conn.value("SELECT name FROM token WHERE digest = \(digest) AND revoked IS NULL", as: String.self)
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { conn in
            try await conn.rows("SELECT id, at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT \(max(0, limit))").map { row in
                let r = try row.decode((Int64, String, String, String, String, String).self)
                return AuditEntry(id: r.0, at: r.1, actor: r.2, action: r.3, subject: r.4, detail: r.5)
            }
        }
    }

    public func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal? {
        try await write { conn in
            guard try await conn.value("SELECT 1 FROM article WHERE id = \(id)", as: Int.self) != nil else { return nil }
            if let earlier = try await Self.withdrawal(conn, id: id) { return earlier }
            let withdrawal = Withdrawal(id: id, at: AccessToken.now(), reason: reason, actor: actor)
            try await conn.run("INSERT INTO withdrawal(article_id, at, reason, actor) VALUES (\(id), \(withdrawal.at), \(reason), \(actor))")
            try await conn.run("UPDATE archive_state SET revision = revision + 1")
            try await PostgresEditionWriter.audit(conn, actor: actor, action: "withdraw", subject: id, detail: reason)
            return withdrawal
        }
    }

    public func restore(id: String, actor: String) async throws -> Bool {
        try await write { conn in
            guard try await Self.withdrawal(conn, id: id) != nil,
                  try await conn.value("SELECT 1 FROM article WHERE id = \(id)", as: Int.self) != nil else { return false }
            try await conn.run("DELETE FROM withdrawal WHERE article_id = \(id)")
            try await conn.run("UPDATE archive_state SET revision = revision + 1")
            try await PostgresEditionWriter.audit(conn, actor: actor, action: "restore", subject: id)
            return true
        }
    }

    public func withdrawal(id: String) async throws -> Withdrawal? {
        try await read { conn in try await Self.withdrawal(conn, id: id) }
    }

    public func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>? {
        try await read { conn in
            guard let edition = try await PostgresQueries.edition(conn, paper: paper, date: date, embargoed: true),
                  let at = try await conn.value(
                    "SELECT publish_at FROM edition WHERE paper = \(paper) AND date = \(date.description)", as: String?.self) ?? nil
            else { return nil }
            return EmbargoPreview(content: edition, publishAt: at)
        }
    }

    public func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>? {
        try await read { conn in
            var sql = SQL()
            let placeholder = sql.bind(id)
            sql += "a.id = \(placeholder) AND NOT \(PostgresQueries.released)"
            guard let article = try await PostgresQueries.articles(conn, where: sql).first,
                  let at = try await conn.value(
                    "SELECT e.publish_at FROM edition e JOIN article a ON a.edition_id = e.id WHERE a.id = \(id)", as: String?.self) ?? nil
            else { return nil }
            return EmbargoPreview(content: article, publishAt: at)
        }
    }

    public func versions(of id: String) async throws -> [ArticleVersion] {
        try await read { conn in
            try await conn.rows("SELECT seq, replaced, actor FROM article_version WHERE article_id = \(id) ORDER BY seq").map { row in
                let (seq, replaced, actor) = try row.decode((Int, String, String).self)
                return ArticleVersion(seq: seq, replaced: replaced, actor: actor)
            }
        }
    }

    public func version(of id: String, seq: Int) async throws -> Article? {
        try await read { conn in
            guard let data = try await conn.value("SELECT doc FROM article_version WHERE article_id = \(id) AND seq = \(seq)", as: Data.self) else {
                return nil
            }
            return try ArticleJSONL.article(StoredDocument.unpack(data), placements: [])
        }
    }

    static func withdrawal(_ conn: PostgresConnection, id: String) async throws -> Withdrawal? {
        try await conn.rows("SELECT article_id, at, reason, actor FROM withdrawal WHERE article_id = \(id)").first.map { row in
            let (id, at, reason, actor) = try row.decode((String, String, String, String).self)
            return Withdrawal(id: id, at: at, reason: reason, actor: actor)
        }
    }
}
#endif
