/// The digital-edition text export (数字报纸), as in the seed record. What is known of the
/// layout comes from that one record; the README's Import section lists what is validated.
///
/// ```
/// 浙江日报 数字报纸
///
///
/// 00001版:要闻
///
/// 奋进在新时代的大路上
///
/// ——我省推动新时代机关党建高质量发展纪事
///
///   让党中央放心,让人民群众满意。
/// …
///
///
/// 浙江日报 要闻 00001 奋进在新时代的大路上 2019-11-25 20102773 2 2019年11月25日 星期一
/// ```
public enum EditionTextFormat {
    static let marker = "数字报纸"

    /// True when `text` starts like an edition-text export.
    public static func looksLike(_ text: String) -> Bool {
        guard let first = InputText.lines(String(text.prefix(200))).first else { return false }
        return InputText.trim(first).hasSuffix(" " + marker)
    }

    /// Reads one record. Every disagreement between the trailer and the record is an error.
    public static func parse(_ text: String, file: String) throws -> ParsedRecord {
        let lines = InputText.lines(text)
        func fail(_ line: Int, _ message: String, _ excerpt: Substring = "") -> FormatError {
            FormatError(file: file, line: line, message: message, excerpt: String(excerpt))
        }
        // Line 1: "<paper> 数字报纸".
        let first = InputText.trim(lines[0])
        guard first.hasSuffix(" " + marker), first.count > marker.count + 1 else {
            throw fail(1, "expected “<paper name> \(marker)” on the first line", lines[0])
        }
        let paperName = InputText.trim(Substring(first.dropLast(marker.count + 1)))

        // Trailer: the last non-empty line.
        guard let trailerIndex = lines.lastIndex(where: { !InputText.trim($0).isEmpty }), trailerIndex > 0 else {
            throw fail(1, "missing trailer")
        }
        let trailerLine = trailerIndex + 1
        let trailer = InputText.trim(lines[trailerIndex])
        let fields = trailer.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count >= 9 else {
            throw fail(trailerLine, "missing or malformed trailer (expected: paper, page name, page number, headline, date, id, count, Chinese date, weekday)", lines[trailerIndex])
        }
        let tPaper = fields[0], tPageName = fields[1], tPage = fields[2]
        let tail = Array(fields.suffix(5))
        let tHeadline = fields[3..<(fields.count - 5)].joined(separator: " ")
        let (tDate, tID, tCount, tChineseDate, tWeekday) = (tail[0], tail[1], tail[2], tail[3], tail[4])

        guard tPaper == paperName else {
            throw fail(trailerLine, "trailer paper “\(tPaper)” disagrees with line 1 “\(paperName)”", lines[trailerIndex])
        }
        guard let date = IssueDate(tDate), tDate.count == 10 else {
            throw fail(trailerLine, "impossible or malformed date “\(tDate)” in trailer", lines[trailerIndex])
        }
        guard ChineseDate.matches(tChineseDate, date) else {
            throw fail(trailerLine, "trailer Chinese date “\(tChineseDate)” disagrees with \(date)", lines[trailerIndex])
        }
        guard tWeekday == date.chineseWeekday else {
            throw fail(trailerLine, "trailer weekday “\(tWeekday)” disagrees with \(date), a \(date.chineseWeekday)", lines[trailerIndex])
        }
        guard !tID.isEmpty, tID.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw fail(trailerLine, "malformed article id “\(tID)” in trailer", lines[trailerIndex])
        }
        guard tCount.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw fail(trailerLine, "malformed count “\(tCount)” in trailer", lines[trailerIndex])
        }

        // Page header: "<5 digits>版:<name>" (ASCII or full-width colon).
        guard let headerIndex = lines.indices.dropFirst().first(where: { !InputText.trim(lines[$0]).isEmpty }),
              headerIndex < trailerIndex else {
            throw fail(2, "missing page header “00001版:<page name>”")
        }
        let header = InputText.trim(lines[headerIndex])
        guard let m = header.wholeMatch(of: #/(?<label>[A-Za-z]?[0-9]{1,5})版[:：][ \u3000]*(?<name>.*)/#) else {
            throw fail(headerIndex + 1, "malformed page header (expected “00001版:<page name>”)", lines[headerIndex])
        }
        let label = String(m.output.label)
        let pageNumber = Int(label.filter(\.isNumber)) ?? 0
        let pageName = String(m.output.name)
        guard pageNumber > 0 else {
            throw fail(headerIndex + 1, "page number must be positive", lines[headerIndex])
        }
        guard tPage == label || Int(tPage) == pageNumber else {
            throw fail(trailerLine, "trailer page “\(tPage)” disagrees with the page header “\(label)” on line \(headerIndex + 1)", lines[trailerIndex])
        }
        // A page without a name is written “-” in the trailer.
        guard tPageName == pageName || (tPageName == "-" && pageName.isEmpty) else {
            throw fail(trailerLine, "trailer page name “\(tPageName)” disagrees with “\(pageName)” on line \(headerIndex + 1)", lines[trailerIndex])
        }

        // Heading lines: unindented lines before the body; the body starts at the first indented line.
        var i = headerIndex + 1
        var heading: [(line: Int, text: String)] = []
        while i < trailerIndex {
            let raw = lines[i]
            if raw.first == " " || raw.first == "\u{3000}" || raw.first == "\t" { break }
            let t = InputText.trim(raw)
            if !t.isEmpty { heading.append((i + 1, t)) }
            i += 1
        }
        let bodyLines = Array(lines[i..<trailerIndex])
        // The trailer is space-separated, so a headline's own runs of spaces arrive as one.
        let collapsedHeadline = collapseSpaces(tHeadline)
        guard let headlinePosition = heading.firstIndex(where: { collapseSpaces($0.text) == collapsedHeadline }) else {
            let shown = heading.first
            throw fail(trailerLine, "trailer headline “\(tHeadline)” disagrees with the record’s headline “\(shown?.text ?? "")” on line \(shown?.line ?? 0)", lines[trailerIndex])
        }
        let headline = heading[headlinePosition].text
        let kicker = heading[..<headlinePosition].map(\.text).joined(separator: "\n")
        let after = heading[(headlinePosition + 1)...].map(\.text)
        let subtitle = after.joined(separator: "\n")

        let body = BodyReader.read(bodyLines, headline: headline)
        let slug = PaperSlug.make(from: paperName)
        let source = SourceRecord(format: .editionText, name: file, key: "edition-text:\(slug):\(tID)", text: text)
        return ParsedRecord(
            source: source, paperName: paperName, date: date,
            page: PageRef(number: pageNumber, label: label.first!.isLetter ? label : PageRef.defaultLabel(pageNumber), name: pageName.isEmpty ? nil : pageName),
            order: nil, sourceID: tID,
            kicker: kicker.isEmpty ? nil : kicker, headline: headline, subtitle: subtitle.isEmpty ? nil : subtitle,
            bylines: body.bylines, blocks: body.blocks, extra: ["trailerCount": tCount])
    }

    /// Renders an article in this format (for articles that did not arrive in it).
    public static func render(_ article: Article) -> String {
        let first = article.placements.first
        let pageNumber = first?.page.number ?? 1
        let pageName = first?.page.name ?? ""
        let padded = String(repeating: "0", count: max(0, 5 - String(pageNumber).count)) + String(pageNumber)
        var out = "\(article.paper.name) \(marker)\n\n\n\(padded)版:\(pageName)\n\n"
        if let k = article.kicker { out += k + "\n\n" }
        out += article.headline + "\n\n"
        if let s = article.subtitle { out += s + "\n\n" }
        var paragraphs = article.bylines.map { "  " + $0 }
        for block in article.blocks {
            if case .jump(let j) = block, let h = j.repeatedHeadline { paragraphs.append("  " + h) }
            paragraphs.append("  " + block.text)
        }
        out += paragraphs.joined(separator: "\n\n")
        let id = article.sourceID ?? article.id
        let count = article.extra["trailerCount"] ?? String(Set(article.placements.map(\.page.number)).count)
        out += "\n\n\n\(article.paper.name) \(pageName.isEmpty ? "-" : pageName) \(padded) \(article.headline) \(article.date) \(id.filter { $0.isLetter || $0.isNumber }) \(count) \(article.date.chinese) \(article.date.chineseWeekday)"
        return out
    }
}

private func collapseSpaces(_ s: String) -> String {
    s.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).joined(separator: " ")
}

/// `2019年11月25日`, with or without leading zeros.
enum ChineseDate {
    static func matches(_ text: String, _ date: IssueDate) -> Bool {
        guard let m = text.wholeMatch(of: #/(?<y>[0-9]{4})年(?<m>[0-9]{1,2})月(?<d>[0-9]{1,2})日/#) else { return false }
        return Int(m.output.y) == date.year && Int(m.output.m) == date.month && Int(m.output.d) == date.day
    }
}
