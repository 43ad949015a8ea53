import Foundation

/// The archive's own interchange format: JSON Lines, one article per line, field names in the
/// spirit of IPTC ninjs. Lossless: it carries every field of the model and the original inputs.
public enum ArticleJSONL {
    /// One article as a ninjs-shaped JSON object.
    public struct Document: Codable, Hashable, Sendable {
        public struct Headline: Codable, Hashable, Sendable { public var role: String; public var value: String }
        public struct Byline: Codable, Hashable, Sendable { public var byline: String }
        public struct BodyBlock: Codable, Hashable, Sendable {
            public var type: String
            public var text: String
            public var direction: String?
            public var page: String?
            public var pagenumber: Int?
            public var repeatedheadline: String?
        }
        public struct PaperRef: Codable, Hashable, Sendable { public var name: String; public var slug: String }
        public struct PlacementRef: Codable, Hashable, Sendable {
            public var page: Int
            public var pagelabel: String
            public var pagename: String?
            public var order: Int
            public var blocks: [Int]
            /// Polygons on the page image, each a list of `[x, y]` pixel points; absent when unknown.
            public var regions: [[[Int]]]?

            public init(page: Int, pagelabel: String, pagename: String?, order: Int, blocks: [Int], regions: [[[Int]]]? = nil) {
                self.page = page
                self.pagelabel = pagelabel
                self.pagename = pagename
                self.order = order
                self.blocks = blocks
                self.regions = regions
            }
        }
        public struct Original: Codable, Hashable, Sendable {
            public var format: String
            public var name: String
            public var key: String
            public var text: String

            public init(format: String, name: String, key: String, text: String) {
                self.format = format
                self.name = name
                self.key = key
                self.text = text
            }
        }

        public var uri: String
        public var id: String
        public var type: String
        public var language: String
        public var paper: PaperRef
        public var date: String
        public var sourceid: String?
        public var headlines: [Headline]
        public var bylines: [Byline]
        public var body: [BodyBlock]
        public var placements: [PlacementRef]
        public var extra: [String: String]?
        public var originals: [Original]
    }

    public static func document(_ a: Article) -> Document {
        var headlines: [Document.Headline] = []
        if let k = a.kicker { headlines.append(.init(role: "kicker", value: k)) }
        headlines.append(.init(role: "main", value: a.headline))
        if let s = a.subtitle { headlines.append(.init(role: "subtitle", value: s)) }
        let body: [Document.BodyBlock] = a.blocks.map { block in
            switch block {
            case .paragraph(let t): return .init(type: "paragraph", text: t)
            case .subhead(let t): return .init(type: "subhead", text: t)
            case .jump(let j):
                return .init(type: "jump", text: j.text, direction: j.direction.rawValue, page: j.pageLabel,
                             pagenumber: j.pageNumber, repeatedheadline: j.repeatedHeadline)
            }
        }
        return Document(
            uri: "broadsheet:article:\(a.id)", id: a.id, type: "text", language: "zh",
            paper: .init(name: a.paper.name, slug: a.paper.slug), date: a.date.description, sourceid: a.sourceID,
            headlines: headlines, bylines: a.bylines.map { .init(byline: $0) }, body: body,
            placements: a.placements.map {
                .init(page: $0.page.number, pagelabel: $0.page.label, pagename: $0.page.name, order: $0.order,
                      blocks: [$0.blockStart, $0.blockEnd],
                      regions: $0.regions.isEmpty ? nil : $0.regions.map { $0.points.map { [$0.x, $0.y] } })
            },
            extra: a.extra.isEmpty ? nil : a.extra,
            originals: a.sources.map { .init(format: $0.format.rawValue, name: $0.name, key: $0.key, text: $0.text) })
    }

    public enum DocumentError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String { if case .invalid(let s) = self { return s }; return "" }
    }

    public static func article(_ d: Document) throws -> Article {
        guard !d.placements.isEmpty else { throw DocumentError.invalid("an article needs at least one placement") }
        return try article(d, placements: d.placements)
    }

    /// The article of `d` with `refs` in place of the document's own placements (a store keeps
    /// placements apart from the document).
    public static func article(_ d: Document, placements refs: [Document.PlacementRef]) throws -> Article {
        guard let date = IssueDate(d.date) else { throw DocumentError.invalid("impossible date “\(d.date)”") }
        guard let main = d.headlines.first(where: { $0.role == "main" })?.value else {
            throw DocumentError.invalid("no headline with role “main”")
        }
        guard !d.id.isEmpty, d.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw DocumentError.invalid("malformed id “\(d.id)”")
        }
        guard PaperSlug.isValid(d.paper.slug) else { throw DocumentError.invalid("malformed paper slug “\(d.paper.slug)”") }
        let blocks: [Block] = try d.body.map { b in
            switch b.type {
            case "paragraph": return .paragraph(b.text)
            case "subhead": return .subhead(b.text)
            case "jump":
                guard let dir = b.direction.flatMap(JumpDirection.init(rawValue:)), let label = b.page else {
                    throw DocumentError.invalid("jump block without direction or page")
                }
                return .jump(Jump(direction: dir, pageLabel: label, pageNumber: b.pagenumber, text: b.text, repeatedHeadline: b.repeatedheadline))
            default: throw DocumentError.invalid("unknown body block type “\(b.type)”")
            }
        }
        let placements: [Placement] = try refs.map { p in
            guard p.page > 0 else { throw DocumentError.invalid("placement on page \(p.page): pages are numbered from 1") }
            guard p.blocks.count == 2, p.blocks[0] >= 0, p.blocks[0] <= p.blocks[1], p.blocks[1] <= blocks.count else {
                throw DocumentError.invalid("placement block range \(p.blocks) outside the body")
            }
            let regions: [Region] = try (p.regions ?? []).map { polygon in
                guard polygon.allSatisfy({ $0.count == 2 }), case let region = Region(points: polygon.map { PagePoint(x: $0[0], y: $0[1]) }),
                      region.isOnPage else {
                    throw DocumentError.invalid("a region must be at least 3 points [x, y], each from 0 to \(Region.maximumCoordinate) pixels")
                }
                return region
            }
            return Placement(page: PageRef(number: p.page, label: p.pagelabel, name: p.pagename), order: p.order,
                             blockStart: p.blocks[0], blockEnd: p.blocks[1], regions: regions)
        }
        let sources: [SourceRecord] = try d.originals.map { o in
            guard let f = SourceRecord.Format(rawValue: o.format) else { throw DocumentError.invalid("unknown original format “\(o.format)”") }
            return SourceRecord(format: f, name: o.name, key: o.key, text: o.text)
        }
        return Article(
            id: d.id, paper: Paper(name: d.paper.name, slug: d.paper.slug), date: date, sourceID: d.sourceid,
            kicker: d.headlines.first(where: { $0.role == "kicker" })?.value, headline: main,
            subtitle: d.headlines.first(where: { $0.role == "subtitle" })?.value,
            bylines: d.bylines.map(\.byline), blocks: blocks, placements: placements, extra: d.extra ?? [:], sources: sources)
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// One line of JSON (no newline).
    public static func line(_ a: Article) -> String {
        json(document(a))
    }

    /// A document as one line of JSON, keys sorted so equal documents give equal bytes.
    public static func json(_ d: Document) -> String {
        // Encoding these plain Codable values cannot fail.
        String(decoding: try! encoder.encode(d), as: UTF8.self)
    }

    /// Reads a JSON Lines text; the first bad line is an error naming the file and line.
    public static func parse(_ text: String, file: String) throws -> [Article] {
        let (articles, errors) = parseLines(text, file: file)
        if let first = errors.first { throw first }
        return articles
    }

    /// Reads a JSON Lines text line by line: the articles of the good lines, and an error for
    /// each bad one (file, line, what is wrong).
    public static func parseLines(_ text: String, file: String) -> (articles: [Article], errors: [FormatError]) {
        var out: [Article] = []
        var errors: [FormatError] = []
        let decoder = JSONDecoder()
        for (n, raw) in InputText.lines(text).enumerated() {
            let line = InputText.trim(raw)
            if line.isEmpty { continue }
            do {
                let doc = try decoder.decode(Document.self, from: Data(line.utf8))
                out.append(try article(doc))
            } catch let e as DocumentError {
                errors.append(FormatError(file: file, line: n + 1, message: e.description, excerpt: String(line.prefix(60))))
            } catch {
                errors.append(FormatError(file: file, line: n + 1, message: "not a Broadsheet JSON article (\(describe(error)))", excerpt: String(line.prefix(60))))
            }
        }
        return (out, errors)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field “\(key.stringValue)”"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at “\(c.codingPath.map(\.stringValue).joined(separator: "."))”"
        case DecodingError.dataCorrupted(let c): return c.debugDescription
        default: return "malformed JSON"
        }
    }
}
