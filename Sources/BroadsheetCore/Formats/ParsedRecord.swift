/// One input record as read, before stitching: one file's article part(s) on one page.
public struct ParsedRecord: Hashable, Sendable {
    public var source: SourceRecord
    public var paperName: String
    /// The slug asked for the paper (`import --slug`); nil: the archive's, or one derived from
    /// the name.
    public var paperSlug: String?
    public var date: IssueDate
    public var page: PageRef
    /// Order on the page where the input gives it (the crawl's article number).
    public var order: Int?
    public var sourceID: String?
    public var kicker: String?
    public var headline: String
    public var subtitle: String?
    public var bylines: [String]
    public var blocks: [Block]
    public var extra: [String: String]

    public init(
        source: SourceRecord, paperName: String, date: IssueDate, page: PageRef, order: Int?, sourceID: String?,
        kicker: String?, headline: String, subtitle: String?, bylines: [String], blocks: [Block],
        extra: [String: String] = [:]
    ) {
        self.source = source
        self.paperName = paperName
        self.date = date
        self.page = page
        self.order = order
        self.sourceID = sourceID
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.bylines = bylines
        self.blocks = blocks
        self.extra = extra
    }
}
