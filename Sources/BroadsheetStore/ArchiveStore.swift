import BroadsheetCore
import BroadsheetSearch

/// The archive's storage: one protocol that every backend implements and that one contract
/// suite (`Tests/BroadsheetStoreTests/Contract`) specifies.
///
/// Every call is `async`: a backend never blocks a thread of the cooperative pool while its
/// database works. Errors are `StoreError`, `SearchQueryError` (never thrown for a parsed
/// query, but possible from backends that re-check it) or the backend's own I/O errors.
public protocol ArchiveStore: Sendable {
    // MARK: Writing

    /// Takes in parsed records (text and crawl inputs) and native articles (JSONL) in one
    /// transaction: every edition they touch is stitched again from all its sources. Either all
    /// of it lands or none of it does; when anything changed, the revision grows.
    /// `progress(done, total)` is called after each edition.
    /// `actor` is who asked (`AccessToken.actor(name)`, `cli:USER`), for the audit log, in
    /// which every import that changes anything is entered in the same transaction.
    /// `publishAt` (ISO 8601 UTC, `2019-11-24T16:00:00Z`) puts every edition of the import under
    /// embargo until then: readers get 404 and search leaves it out; at that time it appears.
    /// `pages` are page scans whose files are already in the media store: their images, PDFs
    /// and regions land in the same transaction, and a page whose scan changed counts as a
    /// change of its edition.
    func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport

    /// An import too large to hold in memory: the store asks `source` for one batch after
    /// another while it writes, all in one transaction (all of it lands or none of it). A batch
    /// that `source` throws from ends the import with that error, nothing written. An edition
    /// whose records come in two batches is stitched twice, the second time whole; `expected`
    /// (about how many records and articles come) chooses how the search index is loaded.
    func importBatches(_ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?) async throws -> StoreImportReport

    // MARK: Copying

    /// Everything the archive holds beyond its articles, as stored: tokens (digests), the audit
    /// log, withdrawals, embargoes, earlier versions, page scans (`ArchiveRecords`). What
    /// `ArchiveCopy` reads from its source besides the articles.
    func records() async throws -> ArchiveRecords

    /// A copy's write into this archive, which must be empty: the articles `source` brings, as
    /// `importBatches` takes them, then `records` as they were stored (times, actors, digests,
    /// audit ids kept), all in one transaction — all of it lands or none of it does. The copy's
    /// own audit entry (an import by `actor`) comes after the copied log; withdrawn articles
    /// leave search as `withdraw` takes them out.
    func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport

    // MARK: Publishing

    /// Stores a token's digest (`AccessToken.digest`) under `name`.
    /// - Throws: `StoreError.tokenExists` when the name was ever used.
    func createToken(name: String, digest: String, actor: String) async throws
    func tokens() async throws -> [TokenInfo]
    /// Revokes the valid token `name`; false when there is none.
    func revokeToken(name: String, actor: String) async throws -> Bool
    /// The name of the valid (not revoked) token whose digest is `digest`.
    func tokenName(digest: String) async throws -> String?
    /// The newest `limit` writes, newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
    /// Takes an article off the site: it leaves search, listings, feeds and the sitemap; its
    /// page answers with the reason. Nothing is deleted. Nil when there is no such article;
    /// the earlier withdrawal when it was withdrawn already.
    func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal?
    /// Brings a withdrawn article back; false when it was not withdrawn.
    func restore(id: String, actor: String) async throws -> Bool
    func withdrawal(id: String) async throws -> Withdrawal?
    /// An edition still under embargo, with its publish time, for a token holder's preview;
    /// nil when there is no such edition or it is published.
    func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>?
    /// An article of an edition still under embargo, with its publish time.
    func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>?
    /// The earlier versions of an article, oldest first; empty when it was never corrected.
    func versions(of id: String) async throws -> [ArticleVersion]
    /// Earlier version `seq` of an article, its text whole (without placements or originals).
    func version(of id: String, seq: Int) async throws -> Article?
    /// How much of each kind the archive holds (withdrawn and embargoed articles counted):
    /// what `ArchiveCopy` checks a target is empty by and reports in words.
    func holdings() async throws -> ArchiveHoldings

    // MARK: Reading

    /// A number that grows with every committed write, by this process or any other: a page
    /// rendered from the archive at revision N is current as long as the revision is N.
    func revision() async throws -> Int64
    func papers() async throws -> [PaperSummary]
    func paper(slug: String) async throws -> PaperSummary?
    /// Editions of a paper, latest first.
    func editions(paper: String) async throws -> [EditionSummary]
    /// The pages of an edition with their articles in order; nil when there is no such edition.
    func edition(paper: String, date: IssueDate) async throws -> EditionDetail?
    func article(id: String) async throws -> Article?
    /// Where an id that is not an article's own now leads: the id a record had before it was
    /// merged into another article (a story printed twice), or the end of an id (`20102773`
    /// for `zjrb-20102773`) when exactly one article's id ends so. Nil when nothing matches.
    func resolve(id: String) async throws -> ArticleAddress?
    /// Up to `limit` articles of `selection` in export order (paper, date, first page, order on
    /// it, id), starting after `cursor`. `exportArticles(_:)` walks them all in batches.
    func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article]
    func stats() async throws -> ArchiveStats
    /// Full-text search: hits, exact total and facets.
    func search(_ request: SearchRequest) async throws -> SearchResults
    /// The ids of every article `request` matches, in no particular order (for recall checks
    /// and exports, not for pages of results).
    func matchingIDs(_ request: SearchRequest) async throws -> [String]
    /// The OCR of a page with word boxes (ALTO), as received; nil when the page has none.
    func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String?
    /// Up to `limit` articles related to `id` (`Relatedness` says how): never the article
    /// itself nor copies of it. Empty for an unknown id.
    func related(to id: String, limit: Int) async throws -> [RelatedArticle]

    // MARK: Research tools

    /// How many articles `request` matches in each month (`YYYY-MM`): exact, adding up to the
    /// search's total; months without matches are left out. `limit`, `offset` and `sort` are
    /// ignored.
    func monthCounts(_ request: SearchRequest) async throws -> [String: Int]
    /// `limit` of the articles `request` matches from `offset`, in the order of `.date` search
    /// (newest first, then page and order on it), with their texts, and how many match in all.
    func matchingTexts(_ request: SearchRequest, offset: Int, limit: Int) async throws -> MatchedTexts
    /// Every hit of `request` in its order (for exports); the default fetches pages of
    /// `SearchRequest.maxLimit` through `search`.
    func everyHit(_ request: SearchRequest) -> AsyncThrowingStream<SearchHit, any Error>

    // MARK: Serving

    /// Reads now what the backend keeps per revision (lists, counts, the arrays facets and
    /// trends walk), so that the first reader after a write does not wait for it; a server
    /// calls it at start and whenever the revision changes. The default does nothing.
    func prepareReads() async throws
}

/// One batch of an import read batch by batch.
public struct ImportBatch: Sendable {
    public var records: [ParsedRecord]
    public var articles: [Article]
    public var pages: [PageScanInput]

    public init(records: [ParsedRecord] = [], articles: [Article] = [], pages: [PageScanInput] = []) {
        self.records = records
        self.articles = articles
        self.pages = pages
    }
}

/// Where the batches of an import come from: `next()` reads and parses the next one (nil at the
/// end). The store calls it from its write transaction, one call after another, never two at once.
public struct ImportBatchSource: Sendable {
    public let next: @Sendable () throws -> ImportBatch?

    public init(next: @escaping @Sendable () throws -> ImportBatch?) {
        self.next = next
    }
}

extension ArchiveStore {
    public func prepareReads() async throws {}

    /// Batches gathered and imported in one call: for a backend without a streaming write,
    /// bounded by memory like `importContent`.
    public func importBatches(_ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?) async throws -> StoreImportReport {
        var all = ImportBatch()
        while let batch = try source.next() {
            all.records += batch.records
            all.articles += batch.articles
            all.pages += batch.pages
        }
        return try await importContent(records: all.records, articles: all.articles, pages: all.pages, actor: actor, publishAt: publishAt, progress: nil)
    }

    /// An import without page scans.
    public func importContent(
        records: [ParsedRecord], articles: [Article], actor: String, publishAt: String?, progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        try await importContent(records: records, articles: articles, pages: [], actor: actor, publishAt: publishAt, progress: progress)
    }

    /// An import from the command line, without progress or embargo.
    public func importContent(records: [ParsedRecord], articles: [Article]) async throws -> StoreImportReport {
        try await importContent(records: records, articles: articles, actor: AccessToken.commandLineActor, publishAt: nil, progress: nil)
    }

    /// An import from the command line, without embargo.
    public func importContent(
        records: [ParsedRecord], articles: [Article], progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        try await importContent(records: records, articles: articles, actor: AccessToken.commandLineActor, publishAt: nil, progress: progress)
    }

    /// Month counts from the search's facets.
    public func monthCounts(_ request: SearchRequest) async throws -> [String: Int] {
        var counting = request
        (counting.limit, counting.includeFacets) = (0, true)
        return Dictionary(try await search(counting).facets.months.map { ($0.value, $0.count) }, uniquingKeysWith: +)
    }

    /// Texts through a date-sorted search and `article(id:)`, one article at a time.
    public func matchingTexts(_ request: SearchRequest, offset: Int, limit: Int) async throws -> MatchedTexts {
        var page = request
        (page.sort, page.includeFacets, page.offset) = (.date, false, offset)
        var texts: [ArticleText] = []
        var total = 0
        repeat {
            page.limit = min(limit - texts.count, SearchRequest.maxLimit)
            let results = try await search(page)
            total = results.total
            for hit in results.hits {
                if let a = try await article(id: hit.id) { texts.append(ArticleText(a)) }
            }
            page.offset += results.hits.count
            if results.hits.isEmpty { break }
        } while texts.count < limit && page.offset < total
        return MatchedTexts(total: total, texts: texts)
    }

    /// Every article of `selection`, fetched `batchSize` at a time: memory stays bounded
    /// however large the archive.
    public func exportArticles(_ selection: ArticleSelection = ArticleSelection(), batchSize: Int = 500) -> ArticleExport {
        ArticleExport(store: self, selection: selection, batchSize: batchSize)
    }
}

/// An article and, where known, the page of the part that was asked for.
public struct ArticleAddress: Sendable, Hashable {
    public var id: String
    public var page: Int?

    public init(id: String, page: Int?) {
        self.id = id
        self.page = page
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
    /// Pages whose image, PDF or regions were added or changed.
    public var pageImages = 0
    public var stitching = Stitcher.Report()
    /// Papers new to the archive whose derived slug was taken: name → the slug they got.
    public var slugsAssigned: [String: String] = [:]

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
    /// Where this part stands on the page image; empty when unknown.
    public var regions: [Region]

    public init(id: String, kicker: String?, headline: String, subtitle: String?, order: Int, isContinuation: Bool, pages: [Int],
                regions: [Region] = []) {
        self.regions = regions
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
    public var image: PageImage?
    /// The SHA-256 of the page's PDF in the media store, where there is one.
    public var pdf: String?
    public var articles: [ArticleSummary]

    public init(page: PageRef, image: PageImage?, pdf: String? = nil, articles: [ArticleSummary]) {
        self.pdf = pdf
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

extension ArchiveStore {
    /// An import by `actor`, without embargo.
    public func importContent(
        records: [ParsedRecord], articles: [Article], actor: String, progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        try await importContent(records: records, articles: articles, actor: actor, publishAt: nil, progress: progress)
    }
}
