import BroadsheetCore
import GRDB

/// The full-text indexes inside the SQLite archive (FTS5).
///
/// Two contentless FTS5 tables (`content=''`): they keep only inverted indexes, never the
/// text, which the archive keeps once (compressed) in the article document. Their rowid is
/// `article.rowid`. A contentless table forgets an article only when told the text it indexed,
/// so `remove` is given the same fields `add` was.
/// - `article_fts`, the bigram index (`BigramTokenizer`), with positions: phrases, names,
///   words and numbers, and the BM25 ranking.
/// - `article_chars`, the character index (`CharacterTokenizer`), with neither positions nor
///   columns (`detail=none`) nor lengths (`columnsize=0`): which articles contain a given
///   character, for one-character queries. It is never ranked from: FTS5's `bm25` on a
///   table without positions re-tokenizes every matching article (about 25 µs each).
enum SearchIndex {
    /// The bigram index's table name.
    static let tableName = "article_fts"

    /// The character index's table name.
    static let characterTableName = "article_chars"

    /// `fts5vocab` tables (type `row`) over the two indexes: how many articles hold a token,
    /// without iterating matches through the SQL engine.
    static func vocabularyName(_ table: String) -> String { table + "_vocab" }

    /// BM25 column weights in column order (headline, kicker, subtitle, body): a match in
    /// the headline counts for more than one in the body.
    static let columnWeights: [Double] = [8, 3, 3, 1]

    /// Above this many matches a relevance-sorted page ranks only the most recently added
    /// `rankingWindow` matches by BM25 and lists the others after them, newest first; a
    /// one-character query above it is listed newest first. Scoring costs about a microsecond
    /// a match (and a one-character query must first merge every bigram starting with the
    /// character), so ranking a common term's hundreds of thousands of matches would take
    /// most of a second. The total and the set of matches stay exact.
    static let rankingWindow = 2_000

    /// The indexed fields of one article, in column order.
    struct Fields {
        var headline: String
        var kicker: String?
        var subtitle: String?
        var body: String

        init(headline: String, kicker: String?, subtitle: String?, body: String) {
            self.headline = headline
            self.kicker = kicker
            self.subtitle = subtitle
            self.body = body
        }

        init(_ a: Article) {
            self.init(headline: a.headline, kicker: a.kicker, subtitle: a.subtitle, body: a.searchText)
        }

        var arguments: StatementArguments { [headline, kicker, subtitle, body] }
    }

    /// Called for every new connection: registers the tokenizer the indexes are built with.
    static func prepare(_ db: Database) {
        db.add(tokenizer: BroadsheetFTS5Tokenizer.self)
    }

    /// Creates the two contentless indexes and their vocabulary tables (schema v2).
    static func createTables(_ db: Database) throws {
        let columns = "headline, kicker, subtitle, body, content=''"
        try db.execute(sql: """
            CREATE VIRTUAL TABLE \(tableName) USING fts5(
                \(columns), tokenize='\(BroadsheetFTS5Tokenizer.name)', detail=full);
            CREATE VIRTUAL TABLE \(characterTableName) USING fts5(
                \(columns), tokenize='\(BroadsheetFTS5Tokenizer.name) \(BroadsheetFTS5Tokenizer.charactersArgument)',
                detail=none, columnsize=0);
            CREATE VIRTUAL TABLE \(vocabularyName(tableName)) USING fts5vocab(\(tableName), 'row');
            CREATE VIRTUAL TABLE \(vocabularyName(characterTableName)) USING fts5vocab(\(characterTableName), 'row');
            """)
    }

    private static var tables: [String] { [tableName, characterTableName] }

    /// Indexes an article stored under `rowid`.
    static func add(_ db: Database, rowid: Int64, _ fields: Fields) throws {
        for table in tables {
            try db.cachedStatement(sql: "INSERT INTO \(table)(rowid, headline, kicker, subtitle, body) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [rowid] + fields.arguments)
        }
    }

    /// Removes an article from the indexes; `fields` must be what was indexed.
    static func remove(_ db: Database, rowid: Int64, _ fields: Fields) throws {
        for table in tables {
            try db.cachedStatement(sql: "INSERT INTO \(table)(\(table), rowid, headline, kicker, subtitle, body) VALUES ('delete', ?, ?, ?, ?, ?)")
                .execute(arguments: [rowid] + fields.arguments)
        }
    }

    /// Runs `body` (a bulk load) with incremental merging off, then merges each index into one
    /// segment. Merging while loading rewrites the same postings several times and costs about
    /// a third of the build; the defaults come back afterwards for the small writes of
    /// everyday imports.
    static func bulkLoad<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        for table in tables {
            try db.execute(sql: """
                INSERT INTO \(table)(\(table), rank) VALUES('automerge', 0);
                INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 64);
                """)
        }
        let result = try body()
        for table in tables {
            try db.execute(sql: """
                INSERT INTO \(table)(\(table)) VALUES('optimize');
                INSERT INTO \(table)(\(table), rank) VALUES('automerge', 4);
                INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 16);
                """)
        }
        // The merged-away segments leave free pages; give them back to the file system.
        try db.execute(sql: "PRAGMA incremental_vacuum")
        return result
    }
}
