import BroadsheetCore
import Foundation

/// What an archive holds beyond its articles, row by row as stored, for `ArchiveCopy`: tokens,
/// the audit log, withdrawals, embargoes, earlier versions and page scans. Times, actors,
/// digests and packed documents are the stored values, never stamped again, so that a copy is
/// the same archive: a token that worked on the source works on the copy, a withdrawal keeps
/// its reason, a version its bytes.
///
/// Read whole from the source (`ArchiveStore.records()`) and written by the target inside the
/// copy's one transaction (`ArchiveStore.importCopy`). Both backends store these the same way
/// (the same packed documents, the same text columns), so nothing is converted. Held in memory:
/// they are a small part of an archive (versions only of corrected articles, one media row per
/// file), unlike the articles, which the copy streams.
public struct ArchiveRecords: Sendable, Hashable {
    /// A write token: its digest only, never the token.
    public struct Token: Sendable, Hashable {
        public var name: String
        public var digest: String
        /// ISO 8601, UTC.
        public var created: String
        public var revoked: String?

        public init(name: String, digest: String, created: String, revoked: String?) {
            self.name = name
            self.digest = digest
            self.created = created
            self.revoked = revoked
        }
    }

    /// An edition that holds more than its articles: an embargo, or page scans. Named by its
    /// paper's slug and name, since a scanned edition may have no article to bring them.
    public struct Edition: Sendable, Hashable {
        public var paper: Paper
        /// `YYYY-MM-DD`.
        public var date: String
        /// The embargo's publish time (ISO 8601, UTC); nil when there is none.
        public var publishAt: String?

        public init(paper: Paper, date: String, publishAt: String?) {
            self.paper = paper
            self.date = date
            self.publishAt = publishAt
        }
    }

    /// An earlier version of an article: the whole document it had (`StoredDocument`, packed).
    public struct Version: Sendable, Hashable {
        public var articleID: String
        public var seq: Int
        public var replaced: String
        public var actor: String
        public var doc: Data

        public init(articleID: String, seq: Int, replaced: String, actor: String, doc: Data) {
            self.articleID = articleID
            self.seq = seq
            self.replaced = replaced
            self.actor = actor
            self.doc = doc
        }
    }

    /// A page with a scan: its image and PDF (digests of `media` rows) and the image's size.
    public struct Page: Sendable, Hashable {
        public var paper: String
        public var date: String
        public var number: Int
        public var label: String
        public var name: String?
        public var image: String?
        public var imageWidth: Int?
        public var imageHeight: Int?
        public var pdf: String?

        public init(paper: String, date: String, number: Int, label: String, name: String?, image: String?, imageWidth: Int?,
                    imageHeight: Int?, pdf: String?) {
            self.paper = paper
            self.date = date
            self.number = number
            self.label = label
            self.name = name
            self.image = image
            self.imageWidth = imageWidth
            self.imageHeight = imageHeight
            self.pdf = pdf
        }
    }

    /// Another file of a page (its OCR, a sidecar), by digest.
    public struct PageFile: Sendable, Hashable {
        public var paper: String
        public var date: String
        public var page: Int
        public var sha256: String

        public init(paper: String, date: String, page: Int, sha256: String) {
            self.paper = paper
            self.date = date
            self.page = page
            self.sha256 = sha256
        }
    }

    /// The regions a scan gave a record on a page, as stored (a JSON array of polygons), kept
    /// so that stitching the edition again puts them back on the article.
    public struct PageRegion: Sendable, Hashable {
        public var paper: String
        public var date: String
        public var page: Int
        public var recordID: String
        public var regions: String

        public init(paper: String, date: String, page: Int, recordID: String, regions: String) {
            self.paper = paper
            self.date = date
            self.page = page
            self.recordID = recordID
            self.regions = regions
        }
    }

    public var tokens: [Token] = []
    /// Oldest first, with the source's ids.
    public var auditLog: [AuditEntry] = []
    public var withdrawals: [Withdrawal] = []
    public var editions: [Edition] = []
    public var versions: [Version] = []
    /// Every file the archive names in its media folder.
    public var media: [MediaFile] = []
    public var pages: [Page] = []
    public var pageFiles: [PageFile] = []
    public var pageRegions: [PageRegion] = []

    public init() {}

    public var isEmpty: Bool { self == ArchiveRecords() }
}
