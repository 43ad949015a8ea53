import BroadsheetCore

/// The text of an article as a concordance reads it: where it stands and every searched field.
public struct ArticleText: Sendable, Hashable {
    public var id: String
    public var paper: Paper
    public var date: IssueDate
    public var kicker: String?
    public var headline: String
    public var subtitle: String?
    /// The body with bylines and jump lines, as searched (`Article.searchText`).
    public var searchText: String

    public init(id: String, paper: Paper, date: IssueDate, kicker: String?, headline: String, subtitle: String?, searchText: String) {
        self.id = id
        self.paper = paper
        self.date = date
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.searchText = searchText
    }

    public init(_ a: Article) {
        self.init(id: a.id, paper: a.paper, date: a.date, kicker: a.kicker, headline: a.headline, subtitle: a.subtitle, searchText: a.searchText)
    }
}

/// A window of the articles a search matches, in date order, with their texts.
public struct MatchedTexts: Sendable, Hashable {
    /// How many articles match in all.
    public var total: Int
    public var texts: [ArticleText]

    public init(total: Int, texts: [ArticleText]) {
        self.total = total
        self.texts = texts
    }
}
