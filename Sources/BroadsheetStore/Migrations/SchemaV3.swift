import BroadsheetCore
import GRDB

/// Schema v3: the credits each article's text prints (`CreditReader`: reporters,
/// photographers, dateline places, agencies), one row each, for `byline:`, `place:` and
/// `agency:`, the 记者 facet and author pages. Derived from the text, so read again for every
/// article already stored; the text itself is not changed.
enum SchemaV3 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE credit (
                article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                -- author, photographer, place or agency (Credits.Role)
                role TEXT NOT NULL,
                seq INTEGER NOT NULL,
                -- As printed, without the spaces that pad two-character names.
                name TEXT NOT NULL,
                -- As matched (Credits.key): folded, no spaces.
                key TEXT NOT NULL,
                PRIMARY KEY (article_rowid, role, seq)
            ) WITHOUT ROWID;
            CREATE INDEX credit_key ON credit(key, role);
            """)
        let articles = try Row.fetchCursor(db, sql: "SELECT rowid, doc FROM article")
        while let row = try articles.next() {
            // Credits need the text only: the placements (rows of their own) are left out.
            let article = try ArticleJSONL.article(StoredDocument.unpack(row["doc"]), placements: [])
            try insertCredits(db, CreditReader.read(article), rowid: row["rowid"])
        }
    }

    /// The rows of `credits` for the article at `rowid`.
    static func insertCredits(_ db: Database, _ credits: Credits, rowid: Int64) throws {
        var seq: [Credits.Role: Int] = [:]
        for (role, name) in credits.entries {
            try db.cachedStatement(sql: "INSERT INTO credit(article_rowid, role, seq, name, key) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [rowid, role.rawValue, seq[role, default: 0], name, Credits.key(name)])
            seq[role, default: 0] += 1
        }
    }
}
