import BroadsheetCore
import GRDB

// CONTRACT between the store and the search module. The store calls exactly these.
// Implementation is being written; until then these are placeholders.

/// Maintains the full-text index inside the archive database.
public enum SearchIndex {
    /// Called for every new connection (registers the tokenizer).
    public static func prepare(_ db: Database) throws {}
    /// Registers the search migrations (after the store's own).
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {}
    /// Indexes an article stored in `article` under `rowid`.
    public static func add(_ db: Database, rowid: Int64, article: Article) throws {}
    /// Removes an article from the index.
    public static func remove(_ db: Database, rowid: Int64) throws {}
}

public enum SearchSort: String, Sendable, Hashable, Codable, CaseIterable { case relevance, date }

public struct SearchRequest: Sendable, Hashable {
    public var query: String
    public var sort: SearchSort
    public var limit: Int
    public var offset: Int
    public init(query: String, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0) {
        self.query = query
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

public struct SearchResults: Sendable, Hashable {
    public var total: Int
    public init(total: Int) { self.total = total }
}

/// Runs a search against the archive database.
public enum ArticleSearch {
    public static func run(_ db: Database, _ request: SearchRequest) throws -> SearchResults {
        SearchResults(total: 0)
    }
}
