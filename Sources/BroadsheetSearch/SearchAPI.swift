import BroadsheetCore
import GRDB

/// Maintains the full-text indexes inside the archive database.
///
/// Two FTS5 tables with external content: they read headline, kicker, subtitle and body
/// from the store's `article` table and store only inverted indexes, so the text is not
/// kept twice. Their rowid is `article.rowid`.
/// - `article_fts`, the bigram index (`BigramTokenizer`), with positions: phrases, names,
///   words and numbers, and the BM25 ranking.
/// - `article_chars`, the character index (`CharacterTokenizer`), with neither positions nor
///   columns (`detail=none`) nor lengths (`columnsize=0`): which articles contain a given
///   character, for one-character queries. It is never ranked from: FTS5's `bm25` on a
///   table without positions re-tokenizes every matching article (about 25 µs each).
public enum SearchIndex {
    /// The bigram index's table name.
    public static let tableName = "article_fts"

    /// The character index's table name.
    public static let characterTableName = "article_chars"

    /// `fts5vocab` tables (type `row`) over the two indexes: how many articles hold a token,
    /// without iterating matches through the SQL engine.
    static func vocabularyName(_ table: String) -> String { table + "_vocab" }

    /// BM25 column weights in column order (headline, kicker, subtitle, body): a match in
    /// the headline counts for more than one in the body.
    public static let columnWeights: [Double] = [8, 3, 3, 1]

    /// Above this many matches a relevance-sorted page ranks only the most recently added
    /// `rankingWindow` matches by BM25 and lists the others after them, newest first; a
    /// one-character query above it is listed newest first. Scoring costs about a microsecond
    /// a match (and a one-character query must first merge every bigram starting with the
    /// character), so ranking a common term's hundreds of thousands of matches would take
    /// most of a second. The total and the set of matches stay exact.
    public static let rankingWindow = 2_000

    /// Called for every new connection: registers the tokenizer the indexes are built with.
    public static func prepare(_ db: Database) throws {
        db.add(tokenizer: BroadsheetFTS5Tokenizer.self)
    }

    /// Registers the search migrations (after the store's own).
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-search") { db in
            try createTable(db)
        }
    }

    /// Creates the index tables (and fills them from `article`, which is empty on a new
    /// archive). Public so benchmarks and tests can build the same tables on their own
    /// databases.
    public static func createTable(_ db: Database) throws {
        let columns = "headline, kicker, subtitle, body, content='article', content_rowid='rowid'"
        try db.execute(sql: """
            CREATE VIRTUAL TABLE \(tableName) USING fts5(
                \(columns), tokenize='\(BroadsheetFTS5Tokenizer.name)', detail=full);
            CREATE VIRTUAL TABLE \(characterTableName) USING fts5(
                \(columns), tokenize='\(BroadsheetFTS5Tokenizer.name) \(BroadsheetFTS5Tokenizer.charactersArgument)',
                detail=none, columnsize=0);
            CREATE VIRTUAL TABLE \(vocabularyName(tableName)) USING fts5vocab(\(tableName), 'row');
            CREATE VIRTUAL TABLE \(vocabularyName(characterTableName)) USING fts5vocab(\(characterTableName), 'row');
            """)
        try rebuild(db)
    }

    private static var tables: [String] { [tableName, characterTableName] }

    /// Indexes the article stored in `article` under `rowid`. The text is read back from that
    /// row, not from `article`, so that `remove` later feeds FTS5 exactly the same text.
    public static func add(_ db: Database, rowid: Int64, article: Article) throws {
        for table in tables {
            try db.execute(
                sql: """
                    INSERT INTO \(table)(rowid, headline, kicker, subtitle, body)
                    SELECT rowid, headline, kicker, subtitle, body FROM article WHERE rowid = ?
                    """,
                arguments: [rowid])
        }
    }

    /// Removes an article from the indexes. Call it while the `article` row still holds the
    /// text that was indexed (before deleting or updating it): an external-content index
    /// deletes by re-tokenizing the old text.
    public static func remove(_ db: Database, rowid: Int64) throws {
        for table in tables {
            try db.execute(
                sql: """
                    INSERT INTO \(table)(\(table), rowid, headline, kicker, subtitle, body)
                    SELECT 'delete', rowid, headline, kicker, subtitle, body FROM article WHERE rowid = ?
                    """,
                arguments: [rowid])
        }
    }

    /// Rebuilds both indexes from `article` and merges each into one segment (after a bulk
    /// load).
    public static func rebuild(_ db: Database) throws {
        for table in tables {
            // While rebuilding, let segments pile up (64 a level instead of 16) and merge them
            // once at the end: incremental merging during the rebuild rewrites the same
            // postings several times and costs about a third of the build. The defaults come
            // back afterwards for the small writes of everyday imports.
            try db.execute(sql: """
                INSERT INTO \(table)(\(table), rank) VALUES('automerge', 0);
                INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 64);
                INSERT INTO \(table)(\(table)) VALUES('rebuild');
                INSERT INTO \(table)(\(table)) VALUES('optimize');
                INSERT INTO \(table)(\(table), rank) VALUES('automerge', 4);
                INSERT INTO \(table)(\(table), rank) VALUES('crisismerge', 16);
                """)
        }
    }

    /// Merges each index's segments into one, which makes queries faster after a bulk load.
    public static func optimize(_ db: Database) throws {
        for table in tables {
            try db.execute(sql: "INSERT INTO \(table)(\(table)) VALUES('optimize')")
        }
    }
}

/// How hits are ordered.
public enum SearchSort: String, Sendable, Hashable, Codable, CaseIterable {
    /// BM25, headline weighted above body; newest first among equals.
    case relevance
    /// Newest first.
    case date
}

/// A search: the query string plus optional form filters, ANDed with it.
public struct SearchRequest: Sendable, Hashable {
    /// In the language of `SearchSyntax.help`. May be empty when a form filter is set.
    public var query: String
    public var sort: SearchSort
    /// Hits to return (0 for counts and facets only); capped at 1000.
    public var limit: Int
    public var offset: Int
    /// Paper slug or name.
    public var paper: String?
    /// Page number (版次).
    public var page: Int?
    /// Page name (版名).
    public var section: String?
    /// First and last issue date, inclusive.
    public var from: IssueDate?
    public var to: IssueDate?
    /// Whether to count facets (costs one pass over all matches).
    public var includeFacets: Bool
    /// Characters of context either side of a match in a snippet.
    public var snippetRadius: Int
    /// Snippets per hit at most.
    public var snippetsPerHit: Int

    public init(
        query: String, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0,
        paper: String? = nil, page: Int? = nil, section: String? = nil,
        from: IssueDate? = nil, to: IssueDate? = nil,
        includeFacets: Bool = true, snippetRadius: Int = 30, snippetsPerHit: Int = 3
    ) {
        self.query = query
        self.sort = sort
        self.limit = limit
        self.offset = offset
        self.paper = paper
        self.page = page
        self.section = section
        self.from = from
        self.to = to
        self.includeFacets = includeFacets
        self.snippetRadius = snippetRadius
        self.snippetsPerHit = snippetsPerHit
    }

    /// The form fields as filters.
    var formFilters: SearchFilters {
        var f = SearchFilters()
        if let paper, !paper.isEmpty { f.papers = [paper] }
        if let page { f.pages = [page...page] }
        if let section, !section.isEmpty { f.sections = [section] }
        if from != nil || to != nil { f.dates = [DateRange(from: from, to: to)] }
        return f
    }
}

/// What a search found.
public struct SearchResults: Sendable, Hashable {
    /// How many articles match in all.
    public var total: Int
    /// The requested page of hits.
    public var hits: [SearchHit]
    /// Counts over all matches; empty when not requested.
    public var facets: SearchFacets
    /// The parsed query (for showing active filters).
    public var query: SearchQuery
    public var sort: SearchSort
    public var limit: Int
    public var offset: Int

    public init(
        total: Int, hits: [SearchHit] = [], facets: SearchFacets = SearchFacets(),
        query: SearchQuery = SearchQuery(expression: nil), sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0
    ) {
        self.total = total
        self.hits = hits
        self.facets = facets
        self.query = query
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }

    /// True when there are hits after this page.
    public var hasMore: Bool { offset + hits.count < total }
}

/// Runs a search against the archive database.
public enum ArticleSearch {
    /// Parses `request.query`, runs it inside the caller's read and returns hits, total and facets.
    /// - Throws: `SearchQueryError` for a query that cannot be run; database errors otherwise.
    public static func run(_ db: Database, _ request: SearchRequest) throws -> SearchResults {
        let form = request.formFilters
        let query: SearchQuery
        if request.query.trimmingSpaces.isEmpty && !form.isEmpty {
            query = SearchQuery(expression: nil)
        } else {
            query = try SearchQuery.parse(request.query)
        }
        let plan = SearchPlan(query: query, formFilters: form)
        let limit = max(0, min(request.limit, 1000))
        let offset = max(0, request.offset)

        var facets = SearchFacets()
        let total: Int
        if request.includeFacets {
            facets = try plan.facets(db)
            total = facets.months.reduce(0) { $0 + $1.count }
        } else {
            total = try plan.count(db)
        }
        var hits: [SearchHit] = []
        if limit > 0 && offset < total {
            hits = try plan.hits(db, sort: request.sort, limit: limit, offset: offset, total: total,
                                 radius: request.snippetRadius, snippets: request.snippetsPerHit)
        }
        return SearchResults(total: total, hits: hits, facets: facets, query: query,
                             sort: request.sort, limit: limit, offset: offset)
    }

    /// The ids of every matching article, in no particular order: for recall checks and
    /// exports, not for pages of results.
    public static func allIDs(_ db: Database, _ request: SearchRequest) throws -> [String] {
        let form = request.formFilters
        let query = request.query.trimmingSpaces.isEmpty && !form.isEmpty
            ? SearchQuery(expression: nil) : try SearchQuery.parse(request.query)
        return try SearchPlan(query: query, formFilters: form).ids(db)
    }

    /// Only the number of matching articles.
    public static func count(_ db: Database, query: String) throws -> Int {
        try SearchPlan(query: SearchQuery.parse(query)).count(db)
    }
}
