import GRDB

/// Schema v6: page images.
/// - `media`: every file a scan import keeps in the media folder (page images, PDFs, OCR,
///   sidecars), by the SHA-256 of its bytes, with its name, type and size as received;
/// - `page.image` now holds the digest of the page image (its `media` row) and `page.pdf` the
///   page PDF's; `page_file` ties the other files of a page (its OCR) to it;
/// - `page_region`: the regions of each article on a page as the import gave them, by the id of
///   its record, so they are put on the article's placement whenever its edition is stitched again.
enum SchemaV6 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE media (
                sha256 TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                width INTEGER,
                height INTEGER
            ) WITHOUT ROWID;
            ALTER TABLE page ADD COLUMN pdf TEXT;
            CREATE TABLE page_file (
                edition_id INTEGER NOT NULL REFERENCES edition(id),
                page INTEGER NOT NULL,
                sha256 TEXT NOT NULL REFERENCES media(sha256),
                PRIMARY KEY (edition_id, page, sha256)
            ) WITHOUT ROWID;
            CREATE TABLE page_region (
                edition_id INTEGER NOT NULL REFERENCES edition(id),
                page INTEGER NOT NULL,
                record_id TEXT NOT NULL,
                -- JSON array of polygons, as placement.regions.
                regions TEXT NOT NULL,
                PRIMARY KEY (edition_id, page, record_id)
            ) WITHOUT ROWID;
            """)
    }
}
