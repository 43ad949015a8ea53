#if PostgreSQL
import Foundation
import PostgresNIO

/// The PostgreSQL archive's schema, in numbered steps applied in order, each once and in its
/// own transaction, recorded in `broadsheet_schema`. Like the SQLite migrations, a step is never
/// edited after it ships; a change is a new step.
///
/// The tables mirror the SQLite archive's (schema v6): the same rows and the same packed
/// article documents, with three differences. Originals (`source.data`) are the input's bytes
/// as they came (`bytea`; PostgreSQL compresses large values itself). Text compared or sorted
/// (ids, slugs, dates, names) is `COLLATE "C"`, byte order, as SQLite's, so export order and
/// cursors agree whatever the database's locale. Search is posting lists of our own in
/// `search_posting` (step 7; see `PostgresSearchIndex`), after tsvectors in steps 2 to 6.
enum PostgresMigrations {
    struct Step {
        var version: Int
        var name: String
        var sql: String
        /// Work in Swift after the SQL, in the same transaction.
        var then: (@Sendable (PostgresConnection) async throws -> Void)? = nil
    }

    static let steps: [Step] = [
        Step(version: 1, name: "archive", sql: """
            CREATE TABLE archive_state (
                id integer PRIMARY KEY CHECK (id = 1),
                revision bigint NOT NULL
            );
            INSERT INTO archive_state(id, revision) VALUES (1, 1);
            CREATE TABLE paper (
                slug text COLLATE "C" PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE
            );
            CREATE TABLE edition (
                id bigserial PRIMARY KEY,
                paper text COLLATE "C" NOT NULL REFERENCES paper(slug),
                date text COLLATE "C" NOT NULL,
                -- An embargo: hidden from readers until this time (ISO 8601, UTC, Z).
                publish_at text COLLATE "C",
                UNIQUE (paper, date)
            );
            CREATE INDEX edition_publish_at ON edition(publish_at) WHERE publish_at IS NOT NULL;
            CREATE TABLE page (
                edition_id bigint NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
                number integer NOT NULL,
                label text COLLATE "C" NOT NULL,
                name text COLLATE "C",
                image text,
                image_width integer,
                image_height integer,
                pdf text,
                PRIMARY KEY (edition_id, number)
            );
            CREATE TABLE article (
                rowid bigserial PRIMARY KEY,
                id text COLLATE "C" NOT NULL UNIQUE,
                edition_id bigint NOT NULL REFERENCES edition(id),
                paper text COLLATE "C" NOT NULL,
                date text COLLATE "C" NOT NULL,
                kicker text,
                headline text NOT NULL,
                subtitle text,
                first_page integer NOT NULL,
                first_order integer NOT NULL,
                native boolean NOT NULL DEFAULT false,
                -- The JSONL document without placements and originals, behind its body text, packed (StoredDocument).
                doc bytea NOT NULL
            );
            CREATE INDEX article_edition ON article(edition_id, first_page, first_order);
            CREATE INDEX article_date ON article(paper, date);
            CREATE INDEX article_export ON article(paper, date, first_page, first_order, id);
            CREATE TABLE placement (
                article_rowid bigint NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                seq integer NOT NULL,
                edition_id bigint NOT NULL,
                page integer NOT NULL,
                ord integer NOT NULL,
                block_start integer NOT NULL,
                block_end integer NOT NULL,
                -- JSON array of polygons, each an array of [x, y] pixel points; NULL when unknown.
                regions text,
                PRIMARY KEY (article_rowid, seq),
                FOREIGN KEY (edition_id, page) REFERENCES page(edition_id, number)
            );
            CREATE INDEX placement_page ON placement(edition_id, page, ord);
            -- Every input kept byte for byte; articles are derived from these.
            CREATE TABLE source (
                rowid bigserial UNIQUE,
                key text COLLATE "C" PRIMARY KEY,
                edition_id bigint NOT NULL REFERENCES edition(id),
                article_rowid bigint REFERENCES article(rowid) ON DELETE SET NULL,
                format text NOT NULL,
                name text NOT NULL,
                data bytea NOT NULL,
                seq integer NOT NULL DEFAULT 0,
                record_id text COLLATE "C",
                record_page integer,
                sha256 text
            );
            CREATE INDEX source_edition ON source(edition_id);
            CREATE INDEX source_article ON source(article_rowid);
            CREATE INDEX source_record ON source(record_id);
            CREATE TABLE credit (
                article_rowid bigint NOT NULL REFERENCES article(rowid) ON DELETE CASCADE,
                role text NOT NULL,
                seq integer NOT NULL,
                name text COLLATE "C" NOT NULL,
                key text COLLATE "C" NOT NULL,
                PRIMARY KEY (article_rowid, role, seq)
            );
            CREATE INDEX credit_key ON credit(key, role);
            CREATE TABLE token (
                name text COLLATE "C" PRIMARY KEY,
                digest text NOT NULL UNIQUE,
                created text COLLATE "C" NOT NULL,
                revoked text
            );
            CREATE TABLE audit_log (
                id bigserial PRIMARY KEY,
                at text NOT NULL,
                actor text NOT NULL,
                action text NOT NULL,
                subject text NOT NULL,
                detail text NOT NULL DEFAULT ''
            );
            CREATE TABLE article_version (
                article_id text COLLATE "C" NOT NULL,
                seq integer NOT NULL,
                replaced text NOT NULL,
                actor text NOT NULL,
                doc bytea NOT NULL,
                PRIMARY KEY (article_id, seq)
            );
            CREATE TABLE withdrawal (
                article_id text COLLATE "C" PRIMARY KEY,
                at text NOT NULL,
                reason text NOT NULL,
                actor text NOT NULL
            );
            CREATE TABLE media (
                sha256 text PRIMARY KEY,
                name text NOT NULL,
                type text NOT NULL,
                bytes bigint NOT NULL,
                width integer,
                height integer
            );
            CREATE TABLE page_file (
                edition_id bigint NOT NULL REFERENCES edition(id),
                page integer NOT NULL,
                sha256 text NOT NULL REFERENCES media(sha256),
                PRIMARY KEY (edition_id, page, sha256)
            );
            CREATE TABLE page_region (
                edition_id bigint NOT NULL REFERENCES edition(id),
                page integer NOT NULL,
                record_id text COLLATE "C" NOT NULL,
                regions text NOT NULL,
                PRIMARY KEY (edition_id, page, record_id)
            );
            """),
        Step(version: 2, name: "search", sql: """
            -- The tokens of the article's indexed fields (BigramTokenizer, document mode), made
            -- in Swift, with positions and weights for ranking (A headline, B kicker and
            -- subtitle, D body): the GIN index finds a query's candidates (PostgresSearch).
            ALTER TABLE article ADD COLUMN tokens tsvector NOT NULL DEFAULT ''::tsvector;
            CREATE INDEX article_tokens ON article USING gin (tokens);
            """),
        Step(version: 3, name: "phrases", sql: """
            -- Whether the article's tsvector lost positions (a token past the 256 PostgreSQL keeps,
            -- or a position clamped at 16,383): only for these are phrases checked in Swift; for
            -- every other article the index decides phrases (`<->`) exactly.
            ALTER TABLE article ADD COLUMN capped boolean NOT NULL DEFAULT false;
            UPDATE article SET capped = true WHERE EXISTS (
                SELECT 1 FROM unnest(tokens) u WHERE cardinality(u.positions) >= 256 OR 16383 = ANY(u.positions));
            CREATE INDEX article_capped ON article(rowid) WHERE capped
            """),
        Step(version: 4, name: "revision notices", sql: """
            -- Every committed change of the revision is announced on broadsheet_revision, so a
            -- server keeps the revision between changes instead of asking for it per request
            -- (PostgresRevisionWatch).
            CREATE FUNCTION broadsheet_notify_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('broadsheet_revision', NEW.revision::text); RETURN NEW; END $$;
            CREATE TRIGGER archive_state_revision AFTER UPDATE ON archive_state FOR EACH ROW EXECUTE FUNCTION broadsheet_notify_revision()
            """),
        Step(version: 5, name: "search table", sql: #"""
            -- The token lists move to a narrow table of their own, row for row with article, in
            -- rowid order: a bitmap scan of a common term's matches then visits the pages of this
            -- table (a few dozen rows each) instead of article's (a document each), ten times as
            -- many. Each list also gains a lexeme `#X`, without positions, for every CJK character
            -- X that begins one of its tokens: a one-character query is that one posting list
            -- instead of the union of every token beginning with X (`X:*`). `PostgresSearch`
            -- makes the same lexemes for new articles (CJK as `TextFolding.isCJK` has it);
            -- broadsheet_initials makes them here, and a test holds the two to each other.
            SET LOCAL maintenance_work_mem = '512MB';
            CREATE FUNCTION broadsheet_initials(v tsvector) RETURNS tsvector
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
                SELECT array_to_tsvector(ARRAY(
                    SELECT DISTINCT '#' || left(u.lexeme, 1) FROM unnest(v) u
                    WHERE u.lexeme ~ '^[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F\uAC00-\uD7AF\u3007\u3040-\u3098\u309D-\u309F\u30A1-\u30FA\u30FC-\u30FF]'))
            $$;
            CREATE TABLE article_search (
                rowid bigint PRIMARY KEY REFERENCES article(rowid) ON DELETE CASCADE,
                capped boolean NOT NULL DEFAULT false,
                tokens tsvector NOT NULL
            );
            INSERT INTO article_search (rowid, capped, tokens)
            SELECT rowid, capped, tokens || broadsheet_initials(tokens) FROM article ORDER BY rowid;
            CREATE INDEX article_search_tokens ON article_search USING gin (tokens);
            CREATE INDEX article_search_capped ON article_search (rowid) WHERE capped;
            ALTER TABLE article DROP COLUMN tokens, DROP COLUMN capped
            """#),
        Step(version: 6, name: "phrase pairs", sql: """
            -- Every pair of tokens at consecutive positions of an article, `A|B` (no token holds
            -- `|`), in a GIN index over this function of its token list: a two-token phrase is
            -- one posting list that decides it exactly, with no position read, and a longer one
            -- is narrowed to the articles holding all its pairs before positions are checked.
            -- Computed only as the index is written; a query naming a pair never calls it.
            SET LOCAL maintenance_work_mem = '512MB';
            CREATE FUNCTION broadsheet_pairs(v tsvector) RETURNS tsvector
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
                WITH t AS MATERIALIZED (SELECT u.lexeme, p FROM unnest(v) u, unnest(u.positions) p)
                SELECT array_to_tsvector(coalesce(array_agg(DISTINCT x.lexeme || '|' || y.lexeme), '{}'))
                FROM t x JOIN t y ON y.p = x.p + 1
            $$;
            CREATE INDEX article_search_pairs ON article_search USING gin (broadsheet_pairs(tokens))
            """),
        Step(version: 7, name: "posting lists", sql: """
            -- Search moves to posting lists of our own (`PostgresSearchIndex`, `PostingList`): a
            -- token's articles with their positions as varints, in rows keyed by the token and the
            -- last rowid each holds, read by token and intersected in Swift. The token lists and
            -- both GIN indexes go; the rows are written by Swift from the stored texts once this
            -- SQL has run.
            CREATE TABLE search_posting (
                token text COLLATE "C" NOT NULL,
                last bigint NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (token, last)
            );
            -- Results by date, newest first, without sorting the archive.
            CREATE INDEX article_newest ON article (date DESC, first_page, first_order, rowid DESC);
            DROP TABLE article_search;
            DROP FUNCTION IF EXISTS broadsheet_pairs(tsvector);
            DROP FUNCTION IF EXISTS broadsheet_initials(tsvector)
            """, then: { conn in try await PostgresSearchIndex.rebuild(conn) }),
    ]

    static var latest: Int { steps.last!.version }

    /// The schema's version in the database the connection is on: nil when there is no
    /// Broadsheet schema, and whether the database holds other tables (not an archive).
    static func version(_ conn: PostgresConnection) async throws -> (version: Int?, otherTables: Bool) {
        let rows = try await conn.query("SELECT to_regclass('broadsheet_schema') IS NOT NULL", logger: PostgresArchive.logger).collect()
        if try rows.first?.decode(Bool.self) == true {
            let v = try await conn.query("SELECT max(version) FROM broadsheet_schema", logger: PostgresArchive.logger).collect()
            return (try v.first?.decode(Int?.self), false)
        }
        let tables = try await conn.query(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", logger: PostgresArchive.logger).collect()
        return (nil, (try tables.first?.decode(Int.self) ?? 0) > 0)
    }

    /// Applies the steps after the database's version, each in its own transaction, under an
    /// advisory lock so two processes opening a new archive at once migrate it once.
    static func migrate(_ conn: PostgresConnection) async throws {
        let logger = PostgresArchive.logger
        try await conn.withTransaction(logger: logger) { conn in
            _ = try await conn.query("SELECT pg_advisory_xact_lock(4242000001)", logger: logger).collect()
            _ = try await conn.query("""
                CREATE TABLE IF NOT EXISTS broadsheet_schema (
                    version integer PRIMARY KEY, name text NOT NULL,
                    applied text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                """, logger: logger).collect()
            let done = try await conn.query("SELECT coalesce(max(version), 0) FROM broadsheet_schema", logger: logger).collect()
            let current = try done.first?.decode(Int.self) ?? 0
            for step in steps where step.version > current {
                // One statement at a time: a statement with bound values is one command.
                for statement in step.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    _ = try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
                try await step.then?(conn)
                _ = try await conn.query(
                    "INSERT INTO broadsheet_schema(version, name) VALUES (\(step.version), \(step.name))", logger: logger).collect()
            }
        }
    }
}
#endif
