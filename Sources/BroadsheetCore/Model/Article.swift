/// A newspaper: its name as printed and a stable URL slug.
public struct Paper: Hashable, Sendable, Codable {
    public var name: String
    public var slug: String

    public init(name: String, slug: String? = nil) {
        self.name = name
        self.slug = slug ?? PaperSlug.make(from: name)
    }
}

/// A page (版) of an edition.
public struct PageRef: Hashable, Sendable, Codable {
    /// The page number used for ordering and in URLs.
    public var number: Int
    /// The label as printed: `01`, `A3`.
    public var label: String
    /// The page name (版名) such as 要闻, where the input gives one.
    public var name: String?

    public init(number: Int, label: String? = nil, name: String? = nil) {
        self.number = number
        self.label = label ?? PageRef.defaultLabel(number)
        self.name = name
    }

    public static func defaultLabel(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}

/// Direction of a jump line.
public enum JumpDirection: String, Hashable, Sendable, Codable {
    /// `下转第五版`: the text continues on another page.
    case continuesOn = "out"
    /// `上接第一版`: this part continues text from another page.
    case continuedFrom = "in"
}

/// A jump line (转版) as it stands in the text.
public struct Jump: Hashable, Sendable, Codable {
    public var direction: JumpDirection
    /// The page referred to, as written (`5`, `A5`).
    public var pageLabel: String
    /// The numeric page, where the label has one.
    public var pageNumber: Int?
    /// The line as printed, e.g. `(下转第五版)`.
    public var text: String
    /// The headline repeated above an incoming jump line, kept so it is not read as body text.
    public var repeatedHeadline: String?

    public init(direction: JumpDirection, pageLabel: String, pageNumber: Int?, text: String, repeatedHeadline: String? = nil) {
        self.direction = direction
        self.pageLabel = pageLabel
        self.pageNumber = pageNumber
        self.text = text
        self.repeatedHeadline = repeatedHeadline
    }
}

/// One block of an article body.
public enum Block: Hashable, Sendable {
    case paragraph(String)
    case subhead(String)
    case jump(Jump)

    /// The block's readable text (a jump's line as printed).
    public var text: String {
        switch self {
        case .paragraph(let t), .subhead(let t): return t
        case .jump(let j): return j.text
        }
    }
}

/// A point on a page image, in the image's pixels from its top left corner.
public struct PagePoint: Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// An area of a page image that an article (part) covers: a closed polygon (热区).
public struct Region: Hashable, Sendable, Codable {
    public var points: [PagePoint]

    public init(points: [PagePoint]) {
        self.points = points
    }

    /// The axis-aligned rectangle from (x, y), `width` wide and `height` high.
    public init(x: Int, y: Int, width: Int, height: Int) {
        points = [PagePoint(x: x, y: y), PagePoint(x: x + width, y: y),
                  PagePoint(x: x + width, y: y + height), PagePoint(x: x, y: y + height)]
    }
}

/// The image of a printed page, as the archive refers to it.
public struct PageImage: Hashable, Sendable, Codable {
    /// Where the image is kept (a path relative to the archive's image store, or a URL).
    public var reference: String
    /// Pixel size, where known; regions are in these pixels.
    public var width: Int?
    public var height: Int?

    public init(reference: String, width: Int? = nil, height: Int? = nil) {
        self.reference = reference
        self.width = width
        self.height = height
    }
}

/// Where (part of) an article stands in the printed edition.
public struct Placement: Hashable, Sendable, Codable {
    public var page: PageRef
    /// 1-based order of the article on the page.
    public var order: Int
    /// The blocks printed here: `blockStart..<blockEnd` of the article body.
    public var blockStart: Int
    public var blockEnd: Int
    /// Where on the page image this part stands; empty when unknown.
    public var regions: [Region]

    public init(page: PageRef, order: Int, blockStart: Int, blockEnd: Int, regions: [Region] = []) {
        self.page = page
        self.order = order
        self.blockStart = blockStart
        self.blockEnd = blockEnd
        self.regions = regions
    }
}

/// The original input an article was read from, kept byte for byte.
public struct SourceRecord: Hashable, Sendable, Codable {
    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        /// The digital-edition text export (the seed record's format).
        case editionText = "edition-text"
        /// One file of the People's Daily crawl layout.
        case crawl = "rmrb-crawl"
        /// One article of an article-segmented scan export (iArchives `unit.xml`), its XML.
        case unitArticle = "unit-article"
        /// The ALTO OCR of one page of an NDNP batch: the page's text as one article.
        case altoPage = "ndnp-alto"
    }

    public var format: Format
    /// The file name it was read from.
    public var name: String
    /// A key unique within the archive; the same input imported again has the same key.
    public var key: String
    /// The exact original text (valid UTF-8, line endings and all).
    public var text: String

    /// The same input under a key whose paper part is `slug` (keys read `format:slug:local`).
    public func withPaperSlug(_ slug: String) -> SourceRecord {
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] != slug else { return self }
        var copy = self
        copy.key = "\(parts[0]):\(slug):\(parts[2])"
        return copy
    }

    public init(format: Format, name: String, key: String, text: String) {
        self.format = format
        self.name = name
        self.key = key
        self.text = text
    }
}

/// An article of one edition, whole: all its parts, all its placements.
public struct Article: Hashable, Sendable {
    /// The archive's stable id (`rmrb-20191003-01-05`, `zjrb-20102773`).
    public var id: String
    public var paper: Paper
    public var date: IssueDate
    /// The source system's id, where the input has one.
    public var sourceID: String?
    /// 引题.
    public var kicker: String?
    public var headline: String
    /// 副题.
    public var subtitle: String?
    public var bylines: [String]
    public var blocks: [Block]
    /// One or more; the first is where the article starts.
    public var placements: [Placement]
    /// Undocumented extra fields of the input kept for round trips (e.g. the trailer's 7th field).
    public var extra: [String: String]
    public var sources: [SourceRecord]

    public init(
        id: String, paper: Paper, date: IssueDate, sourceID: String? = nil, kicker: String? = nil,
        headline: String, subtitle: String? = nil, bylines: [String] = [], blocks: [Block],
        placements: [Placement], extra: [String: String] = [:], sources: [SourceRecord] = []
    ) {
        self.id = id
        self.paper = paper
        self.date = date
        self.sourceID = sourceID
        self.kicker = kicker
        self.headline = headline
        self.subtitle = subtitle
        self.bylines = bylines
        self.blocks = blocks
        self.placements = placements
        self.extra = extra
        self.sources = sources
    }

    /// Jump lines whose other page holds no part of this article.
    public var unresolvedJumps: [Jump] {
        let pages = Set(placements.map(\.page.number))
        return blocks.compactMap { block -> Jump? in
            guard case .jump(let j) = block else { return nil }
            if let n = j.pageNumber, pages.contains(n) { return nil }
            return j
        }
    }

    /// Jump lines whose other part is placed in this article.
    public var resolvedJumps: [Jump] {
        let pages = Set(placements.map(\.page.number))
        return blocks.compactMap { block -> Jump? in
            guard case .jump(let j) = block, let n = j.pageNumber, pages.contains(n) else { return nil }
            return j
        }
    }

    /// Every line of the article that search covers besides kicker, headline and subtitle: the
    /// body text, then the lines kept apart from it (bylines, jump lines as printed, headlines
    /// repeated above a continuation), one per line. Every line of every input is searchable.
    public var searchText: String {
        var lines = [bodyText]
        lines += bylines
        for case .jump(let j) in blocks {
            lines.append(j.text)
            if let repeated = j.repeatedHeadline, !repeated.isEmpty { lines.append(repeated) }
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// Body text for reading: paragraphs and sub-heads, one per line, no jump lines.
    public var bodyText: String {
        blocks.compactMap { block -> String? in
            if case .jump = block { return nil }
            return block.text
        }.joined(separator: "\n")
    }
}
