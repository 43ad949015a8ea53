/// A printed page as a scan import brings it, before the archive keeps it: the files of its
/// image (and PDF, and OCR) as received, and the regions of the articles standing on it.
public struct ScanPage: Hashable, Sendable {
    /// Where a region was read, to name it in an error.
    public struct Origin: Hashable, Sendable {
        public var file: String
        public var line: Int
        public var excerpt: String

        public init(file: String, line: Int, excerpt: String) {
            self.file = file
            self.line = line
            self.excerpt = excerpt
        }
    }

    public var paperName: String
    public var date: IssueDate
    public var page: PageRef
    /// The page image as received: JPEG, PNG, WebP, TIFF, JPEG 2000 or a PDF (rendered at 72 dpi).
    public var imageFile: String
    /// Where the page image path was named, for an error when it is missing.
    public var imageOrigin: Origin
    /// The page's PDF, where there is one (it may be the image itself).
    public var pdfFile: String?
    /// Other files of the page kept as received (its OCR).
    public var otherFiles: [String]
    /// Regions in the image's pixels, by the id of the record they belong to: the source id an
    /// article's input carries (`20102773`) or its archive id (`zjrb-20102773`).
    public var regions: [String: [Region]]
    public var regionOrigins: [String: Origin]

    public init(paperName: String, date: IssueDate, page: PageRef, imageFile: String, imageOrigin: Origin, pdfFile: String? = nil,
                otherFiles: [String] = [], regions: [String: [Region]] = [:], regionOrigins: [String: Origin] = [:]) {
        self.paperName = paperName
        self.date = date
        self.page = page
        self.imageFile = imageFile
        self.imageOrigin = imageOrigin
        self.pdfFile = pdfFile
        self.otherFiles = otherFiles
        self.regions = regions
        self.regionOrigins = regionOrigins
    }
}

/// What a scan batch holds: the article records (their text) and the pages (their files and
/// regions). Files of the issue as a whole (METS, the batch list, `unit.xml`) are kept with
/// its first page.
public struct ScanBatch: Hashable, Sendable {
    public var records: [ParsedRecord] = []
    public var pages: [ScanPage] = []

    public init(records: [ParsedRecord] = [], pages: [ScanPage] = []) {
        self.records = records
        self.pages = pages
    }

    public mutating func add(_ other: ScanBatch) {
        records += other.records
        pages += other.pages
    }
}
