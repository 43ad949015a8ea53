import BroadsheetCore
import Foundation
import GRDB

/// Tokens, the audit log and withdrawals (schema v5). Every write here bumps the revision, so
/// cached pages change on the next request, and is entered in the audit log in its own
/// transaction.
extension SQLiteArchive {
    public func createToken(name: String, digest: String, actor: String) async throws {
        try await writer.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM token WHERE name = ?", arguments: [name]) == true {
                throw StoreError.tokenExists(name)
            }
            try db.execute(sql: "INSERT INTO token(name, digest, created) VALUES (?, ?, ?)", arguments: [name, digest, AccessToken.now()])
            try SchemaV5.audit(db, actor: actor, action: "token-create", subject: name)
        }
    }

    public func tokens() async throws -> [TokenInfo] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, created, revoked FROM token ORDER BY created, name").map {
                TokenInfo(name: $0["name"], created: $0["created"], revoked: $0["revoked"])
            }
        }
    }

    public func revokeToken(name: String, actor: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE token SET revoked = ? WHERE name = ? AND revoked IS NULL", arguments: [AccessToken.now(), name])
            guard db.changesCount > 0 else { return false }
            try SchemaV5.audit(db, actor: actor, action: "token-revoke", subject: name)
            return true
        }
    }

    public func tokenName(digest: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM token WHERE digest = ? AND revoked IS NULL", arguments: [digest])
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)]).map {
                AuditEntry(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
            }
        }
    }

    public func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = ?", arguments: [id]) else {
                return nil
            }
            if let earlier = try Self.withdrawal(db, id: id) { return earlier }
            let withdrawal = Withdrawal(id: id, at: AccessToken.now(), reason: reason, actor: actor)
            try db.execute(sql: "INSERT INTO withdrawal(article_id, at, reason, actor) VALUES (?, ?, ?, ?)",
                           arguments: [id, withdrawal.at, reason, actor])
            try SearchIndex.remove(db, rowid: row["rowid"], Self.indexed(row))
            try db.execute(sql: "UPDATE archive_state SET revision = revision + 1")
            try SchemaV5.audit(db, actor: actor, action: "withdraw", subject: id, detail: reason)
            return withdrawal
        }
    }

    public func restore(id: String, actor: String) async throws -> Bool {
        try await writer.write { db in
            guard try Self.withdrawal(db, id: id) != nil,
                  let row = try Row.fetchOne(db, sql: "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = ?", arguments: [id])
            else { return false }
            try db.execute(sql: "DELETE FROM withdrawal WHERE article_id = ?", arguments: [id])
            try SearchIndex.add(db, rowid: row["rowid"], Self.indexed(row))
            try db.execute(sql: "UPDATE archive_state SET revision = revision + 1")
            try SchemaV5.audit(db, actor: actor, action: "restore", subject: id)
            return true
        }
    }

    public func withdrawal(id: String) async throws -> Withdrawal? {
        try await writer.read { db in try Self.withdrawal(db, id: id) }
    }

    public func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>? {
        try await writer.read { db in
            guard let edition = try ArchiveQueries.edition(db, paper: paper, date: date, embargoed: true),
                  let at = try String.fetchOne(db, sql: "SELECT publish_at FROM edition WHERE paper = ? AND date = ?",
                                               arguments: [paper, date.description]) else { return nil }
            return EmbargoPreview(content: edition, publishAt: at)
        }
    }

    public func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>? {
        try await writer.read { db in
            guard let article = try ArchiveQueries.articles(db, where: "a.id = ? AND NOT \(ArchiveQueries.released)", [id]).first,
                  let at = try String.fetchOne(db, sql: "SELECT e.publish_at FROM edition e JOIN article a ON a.edition_id = e.id WHERE a.id = ?",
                                               arguments: [id]) else { return nil }
            return EmbargoPreview(content: article, publishAt: at)
        }
    }

    public func versions(of id: String) async throws -> [ArticleVersion] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, replaced, actor FROM article_version WHERE article_id = ? ORDER BY seq", arguments: [id]).map {
                ArticleVersion(seq: $0["seq"], replaced: $0["replaced"], actor: $0["actor"])
            }
        }
    }

    public func version(of id: String, seq: Int) async throws -> Article? {
        try await writer.read { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT doc FROM article_version WHERE article_id = ? AND seq = ?", arguments: [id, seq]) else {
                return nil
            }
            return try ArticleJSONL.article(StoredDocument.unpack(data), placements: [])
        }
    }

    static func withdrawal(_ db: Database, id: String) throws -> Withdrawal? {
        try Row.fetchOne(db, sql: "SELECT * FROM withdrawal WHERE article_id = ?", arguments: [id]).map {
            Withdrawal(id: $0["article_id"], at: $0["at"], reason: $0["reason"], actor: $0["actor"])
        }
    }

    /// What the search index holds for an article row.
    private static func indexed(_ row: Row) throws -> SearchIndex.Fields {
        SearchIndex.Fields(headline: row["headline"], kicker: row["kicker"], subtitle: row["subtitle"], body: try StoredDocument.searchText(row["doc"]))
    }
}
