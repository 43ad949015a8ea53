import GRDB

/// The archive schema. Migrations are numbered and never edited once shipped: add a new one.
/// The database must have the search tokenizer registered (`SearchIndex.prepare`).
enum ArchiveMigrations {
    /// What a database file holds, as far as the archive schema goes.
    enum State {
        /// Nothing yet: a new archive.
        case empty
        /// An archive of this version.
        case current
        /// An archive from an earlier version: its migrations are to run.
        case older
        /// An archive with migrations this version does not know.
        case newer
        /// Tables, but not an archive's.
        case foreign
    }

    static func state(_ db: Database, _ migrator: DatabaseMigrator) throws -> State {
        if try migrator.hasBeenSuperseded(db) { return .newer }
        if try migrator.hasCompletedMigrations(db) { return .current }
        if try !migrator.appliedIdentifiers(db).isEmpty { return .older }
        let tables = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") ?? 0
        return tables == 0 ? .empty : .foreign
    }

    /// Every migration of the archive, the search index's included.
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-archive") { db in
            try db.execute(sql: """
                CREATE TABLE paper (
                    slug TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE
                );
                CREATE TABLE edition (
                    id INTEGER PRIMARY KEY,
                    paper TEXT NOT NULL REFERENCES paper(slug),
                    date TEXT NOT NULL,
                    UNIQUE (paper, date)
                );
                CREATE TABLE page (
                    edition_id INTEGER NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    name TEXT,
                    image TEXT,
                    PRIMARY KEY (edition_id, number)
                );
                -- One row per whole article; doc is its JSON document (ArticleJSONL, without originals).
                CREATE TABLE article (
                    rowid INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    edition_id INTEGER NOT NULL REFERENCES edition(id),
                    paper TEXT NOT NULL,
                    date TEXT NOT NULL,
                    kicker TEXT,
                    headline TEXT NOT NULL,
                    subtitle TEXT,
                    body TEXT NOT NULL,
                    first_page INTEGER NOT NULL,
                    first_order INTEGER NOT NULL,
                    native INTEGER NOT NULL DEFAULT 0,
                    doc TEXT NOT NULL
                );
                CREATE INDEX article_edition ON article(edition_id, first_page, first_order);
                CREATE INDEX article_date ON article(paper, date);
                CREATE TABLE placement (
                    article_rowid INTEGER NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                    edition_id INTEGER NOT NULL,
                    page INTEGER NOT NULL,
                    ord INTEGER NOT NULL,
                    block_start INTEGER NOT NULL,
                    block_end INTEGER NOT NULL
                );
                CREATE INDEX placement_page ON placement(edition_id, page, ord);
                CREATE INDEX placement_article ON placement(article_rowid);
                -- Every input kept byte for byte; articles are derived from these.
                CREATE TABLE source (
                    key TEXT PRIMARY KEY NOT NULL,
                    edition_id INTEGER NOT NULL REFERENCES edition(id),
                    article_rowid INTEGER REFERENCES article(rowid) ON DELETE SET NULL,
                    format TEXT NOT NULL,
                    name TEXT NOT NULL,
                    text TEXT NOT NULL,
                    seq INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX source_edition ON source(edition_id);
                CREATE INDEX source_article ON source(article_rowid);
                """)
        }
        migrator.registerMigration("v1-search") { db in
            // As shipped in v1: external-content indexes over `article`. Schema v2 replaces them.
            let columns = "headline, kicker, subtitle, body, content='article', content_rowid='rowid'"
            try db.execute(sql: """
                CREATE VIRTUAL TABLE article_fts USING fts5(\(columns), tokenize='broadsheet_cjk', detail=full);
                CREATE VIRTUAL TABLE article_chars USING fts5(\(columns), tokenize='broadsheet_cjk chars', detail=none, columnsize=0);
                CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, 'row');
                CREATE VIRTUAL TABLE article_chars_vocab USING fts5vocab(article_chars, 'row');
                INSERT INTO article_fts(article_fts) VALUES('rebuild');
                INSERT INTO article_chars(article_chars) VALUES('rebuild');
                """)
        }
        migrator.registerMigration("v2-pages-placements-packed", migrate: SchemaV2.migrate)
        migrator.registerMigration("v3-credits", migrate: SchemaV3.migrate)
        migrator.registerMigration("v4-fixity", migrate: SchemaV4.migrate)
        migrator.registerMigration("v5-publishing", migrate: SchemaV5.migrate)
        migrator.registerMigration("v6-page-images", migrate: SchemaV6.migrate)
        return migrator
    }
}
