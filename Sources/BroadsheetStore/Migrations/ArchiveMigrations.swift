import BroadsheetSearch
import GRDB

/// The archive schema. Migrations are numbered and never edited once shipped: add a new one.
public enum ArchiveMigrations {
    /// Every migration of the archive, the search index's included; tests of other modules
    /// build their databases with it so their schema cannot drift from the store's.
    public static func migrator() -> DatabaseMigrator {
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
        SearchIndex.registerMigrations(&migrator)
        return migrator
    }
}
