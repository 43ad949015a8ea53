import BroadsheetCore

/// A piece of text that is or is not part of a match; a web page escapes `text` and wraps
/// matching segments in `<mark>`.
public struct TextSegment: Sendable, Hashable, Codable {
    public var text: String
    public var isMatch: Bool

    public init(text: String, isMatch: Bool) {
        self.text = text
        self.isMatch = isMatch
    }
}

/// One keyword-in-context excerpt of an article body.
public struct Snippet: Sendable, Hashable, Codable {
    public var segments: [TextSegment]
    /// True when text was cut off before the first segment (show “…”).
    public var leadingEllipsis: Bool
    /// True when text was cut off after the last segment.
    public var trailingEllipsis: Bool

    public init(segments: [TextSegment], leadingEllipsis: Bool, trailingEllipsis: Bool) {
        self.segments = segments
        self.leadingEllipsis = leadingEllipsis
        self.trailingEllipsis = trailingEllipsis
    }

    /// The snippet as plain text with matches in 【】, for terminals and logs.
    public var plainText: String {
        (leadingEllipsis ? "…" : "")
            + segments.map { $0.isMatch ? "【\($0.text)】" : $0.text }.joined()
            + (trailingEllipsis ? "…" : "")
    }
}

/// One article that matched.
public struct SearchHit: Sendable, Hashable, Codable {
    /// The archive's article id (for URLs).
    public var id: String
    public var paper: Paper
    public var date: IssueDate
    public var kicker: String?
    public var headline: String
    public var subtitle: String?
    /// The headline split into matching and non-matching parts.
    public var headlineSegments: [TextSegment]
    /// Every page the article stands on, in order, with labels and names where known.
    public var pages: [PageRef]
    /// Keyword-in-context excerpts of the body; the opening of the body when the match is
    /// only in the titles (or the query has no text terms).
    public var snippets: [Snippet]
    /// Relevance score: higher is better; comparable only within one result list. Nil when
    /// the hit was not ranked (sorted by date, or beyond the backend's ranking window).
    public var score: Double?
    /// The page of the part where the text's first match stands, when that is not the part
    /// the article starts with (a match in the continuation of a jumped story); nil otherwise.
    public var matchPage: Int?

    public init(
        id: String, paper: Paper, date: IssueDate, kicker: String?, headline: String, subtitle: String?,
        headlineSegments: [TextSegment], pages: [PageRef], snippets: [Snippet], score: Double?, matchPage: Int? = nil
    ) {
        self.matchPage = matchPage
        self.id = id
        self.paper = paper
        self.date = date
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.headlineSegments = headlineSegments
        self.pages = pages
        self.snippets = snippets
        self.score = score
    }
}

/// A facet value and how many matching articles have it.
public struct FacetCount: Sendable, Hashable, Codable {
    /// The value to filter by: `2019`, `2019-11`, a paper slug, a page number.
    public var value: String
    /// What to show: the same, or a paper's name, or a page number with its names.
    public var label: String
    public var count: Int

    public init(value: String, label: String, count: Int) {
        self.value = value
        self.label = label
        self.count = count
    }

    /// The query filter that narrows to this value, e.g. `date:2019-11` or `page:5`.
    public func filter(kind: FacetKind) -> String {
        switch kind {
        case .year, .month: return "date:\(value)"
        case .paper: return "paper:\(value)"
        case .page: return "page:\(value)"
        case .author: return "byline:\(value)"
        }
    }
}

/// The facets a result set is counted by.
public enum FacetKind: String, Sendable, Hashable, Codable, CaseIterable {
    case year, month, paper, page, author
}

/// Counts of all matching articles (not only the current page of hits).
public struct SearchFacets: Sendable, Hashable, Codable {
    /// Newest first.
    public var years: [FacetCount] = []
    /// `YYYY-MM`, newest first.
    public var months: [FacetCount] = []
    /// Most hits first.
    public var papers: [FacetCount] = []
    /// By page number; an article on several pages counts on each.
    public var pages: [FacetCount] = []
    /// Reporters and writers the text credits (`Credits.authors`), most articles first; counted
    /// only when the match set is small enough for one more pass (the SQLite store: 20,000).
    public var authors: [FacetCount] = []

    public init() {}
}
