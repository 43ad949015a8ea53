import BroadsheetCore

/// A parsed query: a boolean expression over text terms plus filters on paper, page,
/// page name and date that are ANDed with it.
public struct SearchQuery: Sendable, Hashable {
    /// The text part; nil when the query has filters only.
    public var expression: QueryExpression?
    public var filters: SearchFilters

    public init(expression: QueryExpression?, filters: SearchFilters = SearchFilters()) {
        self.expression = expression
        self.filters = filters
    }

    /// Parses the query language described in `SearchSyntax.help`.
    /// - Throws: `SearchQueryError` with a message for the user.
    public static func parse(_ text: String) throws -> SearchQuery {
        var parser = QueryParser(text)
        return try parser.parse()
    }

    /// The terms to highlight: every text term not under an exclusion.
    public var highlightTerms: [TextTerm] {
        expression?.positiveTerms ?? []
    }
}

/// Where a text term must occur.
public enum TextField: String, Sendable, Hashable, Codable {
    /// Headline, kicker, subtitle or body.
    case any
    /// Headline, kicker or subtitle (`title:`).
    case title
}

/// A word or a quoted phrase.
public struct TextTerm: Sendable, Hashable {
    /// As typed (without quotes).
    public var text: String
    public var field: TextField
    /// True when it was quoted.
    public var isPhrase: Bool

    public init(text: String, field: TextField = .any, isPhrase: Bool = false) {
        self.text = text
        self.field = field
        self.isPhrase = isPhrase
    }
}

/// The boolean structure of a query's text part.
public indirect enum QueryExpression: Sendable, Hashable {
    case term(TextTerm)
    /// All must match; `excluded` must not.
    case all(included: [QueryExpression], excluded: [QueryExpression])
    case any([QueryExpression])

    var positiveTerms: [TextTerm] {
        switch self {
        case .term(let t): return [t]
        case .all(let inc, _): return inc.flatMap(\.positiveTerms)
        case .any(let xs): return xs.flatMap(\.positiveTerms)
        }
    }
}

/// An inclusive range of issue dates; either end may be open.
public struct DateRange: Sendable, Hashable, Codable {
    public var from: IssueDate?
    public var to: IssueDate?

    public init(from: IssueDate?, to: IssueDate?) {
        self.from = from
        self.to = to
    }

    /// A date as `date:` takes it: `2019`, `2019-11`, `2019-11-25`, `20191125` or a range
    /// `A..B` (the first and last day of what is named).
    /// - Throws: `SearchQueryError` (`badDate`, `reversedDates`).
    public init(parsing text: String) throws {
        self = try QueryParser.parseDateRange(TextFolding.fold(text), raw: text, position: 1)
    }
}

/// An article whose text credits `name` (compared by `Credits.key`) in one of `roles`.
public struct CreditFilter: Sendable, Hashable {
    public var roles: [Credits.Role]
    /// As typed.
    public var name: String

    public init(roles: [Credits.Role], name: String) {
        self.roles = roles
        self.name = name
    }

    /// `byline:`: a writer or a photographer.
    public static func byline(_ name: String) -> CreditFilter { CreditFilter(roles: [.author, .photographer], name: name) }
    /// `place:`: the place of a dateline.
    public static func place(_ name: String) -> CreditFilter { CreditFilter(roles: [.place], name: name) }
    /// `agency:`: 新华社 and the like.
    public static func agency(_ name: String) -> CreditFilter { CreditFilter(roles: [.agency], name: name) }

    public var key: String { Credits.key(name) }
}

/// Restrictions on where an article stands; every kind given must hold.
public struct SearchFilters: Sendable, Hashable {
    /// Paper slugs or names; an article in any of them passes.
    public var papers: [String] = []
    public var excludedPapers: [String] = []
    /// Page numbers (版次); an article with a placement on any of them passes.
    public var pages: [ClosedRange<Int>] = []
    public var excludedPages: [ClosedRange<Int>] = []
    /// Page names (版名) such as 要闻.
    public var sections: [String] = []
    public var excludedSections: [String] = []
    /// All of these must hold.
    public var dates: [DateRange] = []
    public var excludedDates: [DateRange] = []
    /// Credits read from the text (`byline:`, `place:`, `agency:`); all of these must hold.
    public var credits: [CreditFilter] = []
    public var excludedCredits: [CreditFilter] = []

    public init() {}

    public var isEmpty: Bool { self == SearchFilters() }
}
