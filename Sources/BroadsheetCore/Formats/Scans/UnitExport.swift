import Foundation

/// An article-segmented scan export (iArchives' “unit” schema): `unit.xml` lists the pages and
/// articles of one issue; `pages/pNNN_*.xml` name each page's image (a PDF); `articles/N.xml`
/// give an article's headline, its text as OCR word nodes and, per page it stands on, its
/// clipping box (`l t r b` in the page image's pixels).
public enum UnitExport {
    public static func isUnitFile(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.lowercased() == "unit.xml"
    }

    /// Reads the issue at `unitFile`. The schema names no paper (`collection-title` is often
    /// “Untitled”), so the paper's name comes from `paperName`, else a real collection title.
    public static func read(unitFile: String, paperName: String?) throws -> ScanBatch {
        let root = try XMLTree.parse(try NDNPBatch.contents(unitFile), file: unitFile)
        guard root.name == "unit" else {
            throw FormatError(file: unitFile, line: root.line, message: "not a unit export (root element “\(root.name)”)", excerpt: root.name)
        }
        let folder = (unitFile as NSString).deletingLastPathComponent
        let collection = root["collection-title"] ?? ""
        let title = paperName ?? (collection.isEmpty || collection == "Untitled" ? "" : collection)
        guard !title.isEmpty else {
            throw FormatError(file: unitFile, line: root.line, message: "the export names no paper (collection-title is “\(collection)”): give one with --paper", excerpt: collection)
        }
        guard let date = date(of: root, file: unitFile) else {
            throw FormatError(file: unitFile, line: root.line, message: "no readable date header-item (e.g. 15-JUN-1850)")
        }
        var batch = ScanBatch()
        // Pages: their number from the header, their image from the page file.
        var pageFiles: [String: ScanPage] = [:]  // standardized page XML path → page
        for (index, ref) in (root.child("pages")?.children("page-ref") ?? []).enumerated() {
            let path = try NDNPBatch.existing(ref["href"] ?? "", in: folder, namedIn: unitFile, line: ref.line)
            let page = try NDNPBatch.contents(path)
            let pageRoot = try XMLTree.parse(page, file: path)
            let number = pageRoot.children("header-item").first { $0["name"] == "page" }.flatMap { Int($0["value"] ?? $0.allText) } ?? index + 1
            guard number >= 1 else {
                throw FormatError(file: path, line: pageRoot.line, message: "page \(number): pages are numbered from 1", excerpt: "\(number)")
            }
            let imageHref = pageRoot["image-file"] ?? ""
            let image = try NDNPBatch.existing(imageHref, in: (path as NSString).deletingLastPathComponent, namedIn: path, line: pageRoot.line)
            let scan = ScanPage(
                paperName: title, date: date, page: PageRef(number: number), imageFile: image,
                imageOrigin: .init(file: path, line: pageRoot.line, excerpt: imageHref),
                pdfFile: image.lowercased().hasSuffix(".pdf") ? image : nil, otherFiles: [path])
            pageFiles[canonical(path)] = scan
        }
        guard !pageFiles.isEmpty else { throw FormatError(file: unitFile, line: root.line, message: "the unit lists no pages") }
        for ref in root.child("articles")?.children("article-ref") ?? [] {
            let path = try NDNPBatch.existing(ref["href"] ?? "", in: folder, namedIn: unitFile, line: ref.line)
            let text = try InputText.decode([UInt8](try NDNPBatch.contents(path)), file: path)
            let name = "articles/" + (path as NSString).lastPathComponent
            let article = try parseArticle(text, name: name, file: path, paperName: title)
            let record = article.record
            batch.records.append(record)
            // Regions go to the page file the clipping names.
            for (pageHref, regions, line) in article.clippings {
                let pagePath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(pageHref)
                guard var scan = pageFiles[canonical(pagePath)] else {
                    throw FormatError(file: path, line: line, message: "the article stands on a page the unit does not list", excerpt: pageHref)
                }
                let id = record.sourceID!
                scan.regions[id, default: []] += regions
                scan.regionOrigins[id] = .init(file: path, line: line, excerpt: regions.first.map(Self.describe) ?? "")
                pageFiles[canonical(pagePath)] = scan
            }
        }
        batch.pages = pageFiles.values.sorted { $0.page.number < $1.page.number }
        batch.pages[0].otherFiles.append(unitFile)
        return batch
    }

    /// One article file: its record (text on the page it starts on) and its clippings per page.
    public static func parseArticle(_ text: String, name: String, file: String, paperName: String) throws
        -> (record: ParsedRecord, clippings: [(page: String, regions: [Region], line: Int)])
    {
        let root = try XMLTree.parse(Data(text.utf8), file: file)
        guard root.name == "article" else {
            throw FormatError(file: file, line: root.line, message: "not a unit article (root element “\(root.name)”)", excerpt: root.name)
        }
        guard let date = date(of: root, file: file) else {
            throw FormatError(file: file, line: root.line, message: "no readable date header-item (e.g. 15-JUN-1850)")
        }
        let headers = root.children("header-item")
        let stem = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
        // The file's name makes the article's id (`deseret-news-18500615-5`), which must stay an id.
        guard !stem.isEmpty, stem.count <= 64, stem.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw FormatError(file: file, line: 0, message: "an article file is named by its number or another id of ASCII letters, digits, - and _ (articles/5.xml)", excerpt: name)
        }
        var headline = headers.first { $0["name"] == "headline" }?.allText ?? ""
        var clippings: [(String, [Region], Int)] = []
        var words: [String] = []
        var firstPage: Int?
        for part in root.children("article-page") {
            var regions: [Region] = []
            for clip in part.children("article-clipping") {
                guard let l = Int(clip["l"] ?? ""), let t = Int(clip["t"] ?? ""), let r = Int(clip["r"] ?? ""), let b = Int(clip["b"] ?? ""),
                      l >= 0, t >= 0, r > l, b > t, r <= Region.maximumCoordinate, b <= Region.maximumCoordinate else {
                    throw FormatError(file: file, line: clip.line, message: "a clipping box needs 0 ≤ l < r ≤ \(Region.maximumCoordinate) and 0 ≤ t < b ≤ \(Region.maximumCoordinate)",
                                      excerpt: "l=\(clip["l"] ?? "") t=\(clip["t"] ?? "") r=\(clip["r"] ?? "") b=\(clip["b"] ?? "")")
                }
                regions.append(Region(x: l, y: t, width: r - l, height: b - t))
                for element in clip.children("article-element") {
                    if element["type"] == "headline", headline.isEmpty { headline = element.first("text")?.allText ?? "" }
                    guard element["type"] != "headline" else { continue }
                    // Each node holds the OCR's options for one word; the first is its best.
                    for node in element.descendants("n") {
                        if let o = node.child("o") { words.append(o.allText) }
                    }
                }
            }
            if firstPage == nil, let href = part["href"] { firstPage = pageNumber(href) }
            clippings.append((part["href"] ?? "", regions, part.line))
        }
        guard !clippings.isEmpty else { throw FormatError(file: file, line: root.line, message: "the article stands on no page") }
        let page = headers.first { $0["name"] == "page" }.flatMap { Int($0["value"] ?? $0.allText) } ?? firstPage ?? 1
        guard page >= 1 else {
            throw FormatError(file: file, line: root.line, message: "page \(page): pages are numbered from 1", excerpt: "\(page)")
        }
        headline = headline.trimmingCharacters(in: .whitespacesAndNewlines)
        if headline.isEmpty { headline = "Article \(stem)" }
        let body = words.filter { !$0.isEmpty }.joined(separator: " ")
        let slug = PaperSlug.make(from: paperName)
        let record = ParsedRecord(
            source: SourceRecord(format: .unitArticle, name: name, key: "unit-article:\(slug):\(date.compact)-\(stem)", text: text),
            paperName: paperName, date: date, page: PageRef(number: page), order: Int(stem).flatMap { $0 >= 0 && $0 < Int(Int32.max) ? $0 + 1 : nil }, sourceID: "\(date.compact)-\(stem)",
            kicker: nil, headline: headline, subtitle: nil, bylines: [], blocks: body.isEmpty ? [] : [.paragraph(body)])
        return (record, clippings)
    }

    /// `15-JUN-1850` from the `date` header-item.
    static func date(of element: ScanXMLElement, file: String) -> IssueDate? {
        guard let text = element.children("header-item").first(where: { $0["name"] == "date" })?.allText else { return nil }
        let parts = text.split(separator: "-")
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        guard parts.count == 3, let day = Int(parts[0]), let m = months.firstIndex(of: parts[1].uppercased()), let year = Int(parts[2]) else {
            return IssueDate(text)
        }
        return IssueDate(year: year, month: m + 1, day: day)
    }

    /// An absolute path with `.` and `..` resolved, to compare references made from different folders.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `pNNN_…` → NNN.
    static func pageNumber(_ href: String) -> Int? {
        let name = (href as NSString).lastPathComponent
        guard name.hasPrefix("p") else { return nil }
        return Int(name.dropFirst().prefix { $0.isNumber })
    }

    static func describe(_ region: Region) -> String {
        region.points.map { "\($0.x),\($0.y)" }.joined(separator: " ")
    }
}
