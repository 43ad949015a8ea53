import BroadsheetCore

/// How hits are ordered.
public enum SearchSort: String, Sendable, Hashable, Codable, CaseIterable {
    /// Best match first (each backend documents how it ranks); newest first among equals.
    case relevance
    /// Newest first.
    case date
}

/// A search as a store runs it: a parsed query plus optional form filters, ANDed with it.
public struct SearchRequest: Sendable, Hashable {
    /// The parsed query; nil when only form filters are given.
    public var query: SearchQuery?
    public var sort: SearchSort
    /// Hits to return (0 for counts and facets only); capped at `SearchRequest.maxLimit`.
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

    /// The most hits one request returns.
    public static let maxLimit = 1000

    public init(
        query: SearchQuery?, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0,
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

    /// A request for `text` in the query language. An empty text is allowed when a form
    /// filter is given (the filters alone are the search).
    /// - Throws: `SearchQueryError` when `text` is not a valid query.
    public init(
        parsing text: String, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0,
        paper: String? = nil, page: Int? = nil, section: String? = nil,
        from: IssueDate? = nil, to: IssueDate? = nil,
        includeFacets: Bool = true, snippetRadius: Int = 30, snippetsPerHit: Int = 3
    ) throws {
        self.init(
            query: nil, sort: sort, limit: limit, offset: offset, paper: paper, page: page, section: section,
            from: from, to: to, includeFacets: includeFacets, snippetRadius: snippetRadius, snippetsPerHit: snippetsPerHit)
        if !(text.trimmingSpaces.isEmpty && !formFilters.isEmpty) {
            query = try SearchQuery.parse(text)
        }
    }

    /// The form fields as filters (ANDed with the query's own filters).
    public var formFilters: SearchFilters {
        var f = SearchFilters()
        if let paper, !paper.isEmpty { f.papers = [paper] }
        if let page { f.pages = [page...page] }
        if let section, !section.isEmpty { f.sections = [section] }
        if from != nil || to != nil { f.dates = [DateRange(from: from, to: to)] }
        return f
    }

    /// `limit` within 0…`maxLimit`.
    public var clampedLimit: Int { max(0, min(limit, Self.maxLimit)) }
}

/// What a search found.
public struct SearchResults: Sendable, Hashable {
    /// How many articles match in all.
    public var total: Int
    /// The requested page of hits.
    public var hits: [SearchHit]
    /// Counts over all matches; empty when not requested.
    public var facets: SearchFacets
    /// The parsed query (for showing active filters); nil for form filters only.
    public var query: SearchQuery?
    public var sort: SearchSort
    public var limit: Int
    public var offset: Int

    public init(
        total: Int, hits: [SearchHit] = [], facets: SearchFacets = SearchFacets(),
        query: SearchQuery? = nil, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0
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
