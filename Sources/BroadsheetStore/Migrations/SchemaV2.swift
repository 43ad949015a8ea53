import BroadsheetCore
import Foundation
import GRDB

/// Schema v2:
/// - `archive_state.revision`, a number that grows with every committed write;
/// - pages in their own table with an optional image (reference, width, height), kept across
///   imports instead of re-derived;
/// - each placement stored once (no longer also in the article document), in article order,
///   with optional regions on the page image;
/// - article documents and original inputs packed (`PackedText`), the body no longer a column
///   of its own: the text was stored three times (body column, document, original);
/// - contentless search indexes fed by the store, since there is no body column to read.
enum SchemaV2 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE archive_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                revision INTEGER NOT NULL
            );
            INSERT INTO archive_state(id, revision) VALUES (1, 1);

            ALTER TABLE page ADD COLUMN image_width INTEGER;
            ALTER TABLE page ADD COLUMN image_height INTEGER;

            CREATE TABLE article_v2 (
                rowid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                edition_id INTEGER NOT NULL REFERENCES edition(id),
                paper TEXT NOT NULL,
                date TEXT NOT NULL,
                kicker TEXT,
                headline TEXT NOT NULL,
                subtitle TEXT,
                first_page INTEGER NOT NULL,
                first_order INTEGER NOT NULL,
                native INTEGER NOT NULL DEFAULT 0,
                -- The JSONL document without placements and originals, behind its body text, packed (StoredDocument).
                doc BLOB NOT NULL
            );
            CREATE TABLE placement_v2 (
                article_rowid INTEGER NOT NULL REFERENCES article_v2(rowid) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                edition_id INTEGER NOT NULL,
                page INTEGER NOT NULL,
                ord INTEGER NOT NULL,
                block_start INTEGER NOT NULL,
                block_end INTEGER NOT NULL,
                -- JSON array of polygons, each an array of [x, y] pixel points; NULL when unknown.
                regions TEXT,
                PRIMARY KEY (article_rowid, seq),
                FOREIGN KEY (edition_id, page) REFERENCES page(edition_id, number)
            ) WITHOUT ROWID;
            CREATE TABLE source_v2 (
                key TEXT PRIMARY KEY NOT NULL,
                edition_id INTEGER NOT NULL REFERENCES edition(id),
                article_rowid INTEGER REFERENCES article_v2(rowid) ON DELETE SET NULL,
                format TEXT NOT NULL,
                name TEXT NOT NULL,
                -- The input byte for byte, packed (PackedText).
                data BLOB NOT NULL,
                seq INTEGER NOT NULL DEFAULT 0,
                -- The id the input's record has on its own, and its page: a record merged into
                -- another article (a story printed twice) stays an address of that article.
                record_id TEXT,
                record_page INTEGER
            );
            """)

        // Articles: documents lose their placements and are packed.
        let decoder = JSONDecoder()
        let articles = try Row.fetchCursor(db, sql: """
            SELECT rowid, id, edition_id, paper, date, kicker, headline, subtitle, first_page, first_order, native, doc FROM article
            """)
        let insertArticle = try db.makeStatement(sql: """
            INSERT INTO article_v2(rowid, id, edition_id, paper, date, kicker, headline, subtitle, first_page, first_order, native, doc)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var indexed: [(Int64, SearchIndex.Fields)] = []
        while let row = try articles.next() {
            let doc = try decoder.decode(ArticleJSONL.Document.self, from: Data((row["doc"] as String).utf8))
            let article = try ArticleJSONL.article(doc)
            let rowid: Int64 = row["rowid"]
            try insertArticle.execute(arguments: [
                rowid, row["id"], row["edition_id"], row["paper"], row["date"], row["kicker"], row["headline"],
                row["subtitle"], row["first_page"], row["first_order"], row["native"],
                StoredDocument.pack(article),
            ])
            indexed.append((rowid, SearchIndex.Fields(article)))
        }

        // Sources: packed, with the id and page of their record (parsed again to learn them).
        let sources = try Row.fetchCursor(db, sql: """
            SELECT s.key, s.edition_id, s.article_rowid, s.format, s.name, s.text, s.seq, p.name AS paper_name, p.slug AS paper_slug
            FROM source s JOIN edition e ON e.id = s.edition_id JOIN paper p ON p.slug = e.paper
            """)
        let insertSource = try db.makeStatement(sql: """
            INSERT INTO source_v2(key, edition_id, article_rowid, format, name, data, seq, record_id, record_page)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        while let row = try sources.next() {
            let text: String = row["text"]
            let source = SourceRecord(format: SourceRecord.Format(rawValue: row["format"]) ?? .crawl, name: row["name"], key: row["key"], text: text)
            let record = try? SourceParser.parse(source, paperName: row["paper_name"])
            try insertSource.execute(arguments: [
                row["key"], row["edition_id"], row["article_rowid"], row["format"], row["name"],
                PackedText.pack(text), row["seq"],
                record.map { Stitcher.articleID(for: $0, paper: Paper(name: row["paper_name"], slug: row["paper_slug"])) },
                record?.page.number,
            ])
        }

        try db.execute(sql: """
            INSERT INTO placement_v2(article_rowid, seq, edition_id, page, ord, block_start, block_end, regions)
            SELECT article_rowid, ROW_NUMBER() OVER (PARTITION BY article_rowid ORDER BY rowid) - 1,
                   edition_id, page, ord, block_start, block_end, NULL
            FROM placement;

            DROP TABLE article_fts_vocab;
            DROP TABLE article_chars_vocab;
            DROP TABLE article_fts;
            DROP TABLE article_chars;
            DROP TABLE placement;
            DROP TABLE source;
            DROP TABLE article;
            ALTER TABLE article_v2 RENAME TO article;
            ALTER TABLE placement_v2 RENAME TO placement;
            ALTER TABLE source_v2 RENAME TO source;
            CREATE INDEX article_edition ON article(edition_id, first_page, first_order);
            CREATE INDEX article_date ON article(paper, date);
            CREATE INDEX placement_page ON placement(edition_id, page, ord);
            CREATE INDEX source_edition ON source(edition_id);
            CREATE INDEX source_article ON source(article_rowid);
            CREATE INDEX source_record ON source(record_id);
            """)

        try SearchIndex.createTables(db)
        try SearchIndex.bulkLoad(db) {
            for (rowid, fields) in indexed { try SearchIndex.add(db, rowid: rowid, fields) }
        }
    }
}
