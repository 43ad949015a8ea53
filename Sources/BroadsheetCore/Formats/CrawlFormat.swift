/// The People's Daily crawl layout: `YYYYMMDD-PP-NN.txt`, kicker / headline / subtitle on lines 1–3,
/// body paragraphs indented with U+3000, CRLF.
public enum CrawlFormat {
    nonisolated(unsafe) private static let namePattern = #/(?<date>[0-9]{8})-(?<page>[0-9]{2})-(?<order>[0-9]{2})\.txt/#

    /// True when the file name follows the crawl pattern.
    public static func matchesName(_ name: String) -> Bool {
        name.wholeMatch(of: namePattern) != nil
    }

    /// Reads one file; `name` is the file name (the only place the date and page appear).
    public static func parse(_ text: String, name: String, file: String, paperName: String) throws -> ParsedRecord {
        guard let m = name.wholeMatch(of: namePattern) else {
            throw FormatError(file: file, line: 0, message: "file name outside the crawl pattern YYYYMMDD-PP-NN.txt", excerpt: name)
        }
        guard let date = IssueDate(m.output.date) else {
            throw FormatError(file: file, line: 0, message: "impossible date “\(m.output.date)” in file name", excerpt: name)
        }
        let page = Int(m.output.page)!, order = Int(m.output.order)!
        guard page > 0, order > 0 else {
            throw FormatError(file: file, line: 0, message: "page and article numbers start at 01", excerpt: name)
        }
        let lines = InputText.lines(text)
        guard lines.count >= 2 else {
            throw FormatError(file: file, line: 1, message: "expected kicker, headline and subtitle on lines 1–3", excerpt: String(lines[0]))
        }
        let kicker = InputText.trim(lines[0])
        let headline = InputText.trim(lines[1])
        guard !headline.isEmpty else {
            throw FormatError(file: file, line: 2, message: "the headline (line 2) is empty", excerpt: String(lines[1]))
        }
        if let jump = JumpLine.parseWhole(headline) {
            throw FormatError(file: file, line: 2, message: "line 2 is a jump line, not a headline", excerpt: jump.text)
        }
        let subtitle = lines.count > 2 ? InputText.trim(lines[2]) : ""
        let body = BodyReader.read(Array(lines.dropFirst(3)), headline: headline)
        let slug = PaperSlug.make(from: paperName)
        let stem = String(name.dropLast(4))
        return ParsedRecord(
            source: SourceRecord(format: .crawl, name: name, key: "rmrb-crawl:\(slug):\(stem)", text: text),
            paperName: paperName, date: date, page: PageRef(number: page), order: order, sourceID: nil,
            kicker: kicker.isEmpty ? nil : kicker, headline: headline, subtitle: subtitle.isEmpty ? nil : subtitle,
            bylines: body.bylines, blocks: body.blocks)
    }
}
