import GRDB

/// Schema v5: publishing into a running site. Write tokens (their SHA-256 digests only), the
/// audit log of every write, earlier versions of corrected articles, and withdrawals — articles taken off the site without deleting
/// anything, keyed by article id so that a withdrawal outlives the edition being stitched again;
/// and embargoes: editions hidden until a publish time.
enum SchemaV5 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE token (
                name TEXT PRIMARY KEY NOT NULL,
                digest TEXT NOT NULL UNIQUE,
                created TEXT NOT NULL,
                revoked TEXT
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            -- Earlier versions of articles whose text a later import changed (a correction):
            -- the whole previous document (StoredDocument), when it was replaced and by whom.
            CREATE TABLE article_version (
                article_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                replaced TEXT NOT NULL,
                actor TEXT NOT NULL,
                doc BLOB NOT NULL,
                PRIMARY KEY (article_id, seq)
            ) WITHOUT ROWID;
            -- An embargo: the edition is hidden from readers until this time (ISO 8601, UTC, Z).
            ALTER TABLE edition ADD COLUMN publish_at TEXT;
            CREATE INDEX edition_publish_at ON edition(publish_at) WHERE publish_at IS NOT NULL;
            CREATE TABLE withdrawal (
                article_id TEXT PRIMARY KEY NOT NULL,
                at TEXT NOT NULL,
                reason TEXT NOT NULL,
                actor TEXT NOT NULL
            );
            """)
    }

    static func audit(_ db: Database, actor: String, action: String, subject: String, detail: String = "") throws {
        try db.execute(
            sql: "INSERT INTO audit_log(at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [AccessToken.now(), actor, action, subject, detail])
    }
}
