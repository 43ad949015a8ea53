import BroadsheetCore
import BroadsheetSearch

/// The archive's storage, behind a protocol so a PostgreSQL implementation can pass the same
/// contract tests as the SQLite one.
public protocol ArchiveStore: Sendable {
    // MARK: Writing

    /// Takes in parsed records (text and crawl inputs) and native articles (JSONL) in one
    /// transaction: every edition they touch is stitched again from all its sources. Either all
    /// of it lands or none of it does. `progress(done, total)` is called after each edition.
    func importContent(
        records: [ParsedRecord], articles: [Article], progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> StoreImportReport

    // MARK: Reading

    func papers() throws -> [PaperSummary]
    func paper(slug: String) throws -> PaperSummary?
    /// Editions of a paper, latest first.
    func editions(paper: String) throws -> [EditionSummary]
    /// The pages of an edition with their articles in order; nil when there is no such edition.
    func edition(paper: String, date: IssueDate) throws -> EditionDetail?
    func article(id: String) throws -> Article?
    /// Articles for export in (paper, date, first page, order) order.
    func articles(paper: String?, from: IssueDate?, to: IssueDate?, id: String?) throws -> [Article]
    func stats() throws -> ArchiveStats
    /// Full-text search with the query language of `SearchQuery`.
    func search(_ request: SearchRequest) throws -> SearchResults
}

extension ArchiveStore {
    /// `importContent(records:articles:progress:)` without progress.
    public func importContent(records: [ParsedRecord], articles: [Article]) throws -> StoreImportReport {
        try importContent(records: records, articles: articles, progress: nil)
    }
}

/// What one import changed.
public struct StoreImportReport: Sendable, Hashable {
    public var editions = 0
    public var pages = 0
    public var articles = 0
    /// Inputs already stored with the same bytes: nothing to do.
    public var unchanged = 0
    /// Inputs stored before with other bytes, now replaced.
    public var updated = 0
    public var stitching = Stitcher.Report()

    public init() {}
}

public struct PaperSummary: Sendable, Hashable, Codable {
    public var paper: Paper
    public var firstDate: IssueDate?
    public var lastDate: IssueDate?
    public var editions: Int
    public var articles: Int

    public init(paper: Paper, firstDate: IssueDate?, lastDate: IssueDate?, editions: Int, articles: Int) {
        self.paper = paper
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.editions = editions
        self.articles = articles
    }
}

public struct EditionSummary: Sendable, Hashable, Codable {
    public var paper: Paper
    public var date: IssueDate
    public var pages: Int
    public var articles: Int

    public init(paper: Paper, date: IssueDate, pages: Int, articles: Int) {
        self.paper = paper
        self.date = date
        self.pages = pages
        self.articles = articles
    }
}

/// An article as listed on a page.
public struct ArticleSummary: Sendable, Hashable, Codable {
    public var id: String
    public var kicker: String?
    public var headline: String
    public var subtitle: String?
    /// Order on this page.
    public var order: Int
    /// True when this page holds a continuation, not the start.
    public var isContinuation: Bool
    /// All pages the article stands on.
    public var pages: [Int]

    public init(id: String, kicker: String?, headline: String, subtitle: String?, order: Int, isContinuation: Bool, pages: [Int]) {
        self.id = id
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.order = order
        self.isContinuation = isContinuation
        self.pages = pages
    }
}

public struct PageDetail: Sendable, Hashable, Codable {
    public var page: PageRef
    public var image: String?
    public var articles: [ArticleSummary]

    public init(page: PageRef, image: String?, articles: [ArticleSummary]) {
        self.page = page
        self.image = image
        self.articles = articles
    }
}

public struct EditionDetail: Sendable, Hashable, Codable {
    public var paper: Paper
    public var date: IssueDate
    public var pages: [PageDetail]

    public init(paper: Paper, date: IssueDate, pages: [PageDetail]) {
        self.paper = paper
        self.date = date
        self.pages = pages
    }
}

public struct ArchiveStats: Sendable, Hashable, Codable {
    public struct Year: Sendable, Hashable, Codable {
        public var paper: String
        public var year: Int
        public var editions: Int
        public var pages: Int
        public var articles: Int

        public init(paper: String, year: Int, editions: Int, pages: Int, articles: Int) {
            self.paper = paper
            self.year = year
            self.editions = editions
            self.pages = pages
            self.articles = articles
        }
    }

    public var papers: [PaperSummary]
    public var years: [Year]
    public var sources: Int

    public init(papers: [PaperSummary], years: [Year], sources: Int) {
        self.papers = papers
        self.years = years
        self.sources = sources
    }
}
