/// How much of each kind an archive holds: what `ArchiveCopy` reports it moved (or, copying
/// articles only, left behind), and whether a target is empty.
public struct ArchiveHoldings: Sendable, Hashable, Codable {
    public var articles = 0
    /// Original inputs (edition text, crawl pages, JSONL, ALTO), kept byte for byte.
    public var sources = 0
    public var tokens = 0
    public var auditEntries = 0
    public var withdrawals = 0
    /// Editions with a publish time (under embargo now, or once).
    public var embargoedEditions = 0
    /// Earlier versions of corrected articles.
    public var articleVersions = 0
    /// Files of page scans (images, PDFs, OCR) the archive refers to in its media folder.
    public var mediaFiles = 0

    public init() {}

    /// True when nothing at all is stored: a fresh archive.
    public var isEmpty: Bool { self == ArchiveHoldings() }

    /// What the archive holds beyond its articles, their sources and the audit log, in words
    /// (`3 tokens`), in a fixed order; empty when nothing.
    public var beyondArticles: [String] {
        [
            (tokens, "token"), (withdrawals, "withdrawal"), (embargoedEditions, "embargoed edition"),
            (articleVersions, "earlier article version"), (mediaFiles, "page-scan file"),
        ].filter { $0.0 > 0 }.map { $0.0 == 1 ? "1 \($0.1)" : "\($0.0) \($0.1)s" }
    }
}
