import Foundation

/// ALTO (v2 and later) page OCR as NDNP batches carry it: text blocks of lines of words, each
/// with its box in the file's measurement unit (`inch1200`, `mm10` or pixels).
public struct ALTOPage: Hashable, Sendable {
    /// A word and its box, in the page's ALTO units.
    public struct Word: Hashable, Sendable {
        public var content: String
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
    }

    /// The page size in ALTO units: word boxes scale to the image by its width over this one.
    public var width: Double
    public var height: Double
    /// One paragraph per text block, its lines joined (a word hyphenated at a line end joined again).
    public var paragraphs: [String]
    public var words: [Word]
    /// The page number as printed (`PRINTED_IMG_NR`), where given.
    public var printedNumber: String?

    /// Reads an ALTO document; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws -> ALTOPage {
        let root = try XMLTree.parse(data, file: file)
        guard root.name == "alto" else {
            throw FormatError(file: file, line: root.line, message: "not an ALTO document (root element “\(root.name)”)", excerpt: root.name)
        }
        guard let page = root.first("Page") else {
            throw FormatError(file: file, line: root.line, message: "ALTO without a Page element")
        }
        guard let width = coordinate(page["WIDTH"]), let height = coordinate(page["HEIGHT"]), width >= 1, height >= 1 else {
            throw FormatError(file: file, line: page.line, message: "ALTO Page without a WIDTH and HEIGHT from 1 to \(Region.maximumCoordinate)",
                              excerpt: "WIDTH=\(page["WIDTH"] ?? "") HEIGHT=\(page["HEIGHT"] ?? "")")
        }
        var paragraphs: [String] = []
        var words: [Word] = []
        for block in page.descendants("TextBlock") {
            var text = ""
            for line in block.children("TextLine") {
                var lineText = ""
                var hyphenated = false
                for item in line.children {
                    switch item.name {
                    case "String":
                        let content = item["CONTENT"] ?? ""
                        guard !content.isEmpty else { continue }
                        if !lineText.isEmpty { lineText += " " }
                        lineText += content
                        if let x = coordinate(item["HPOS"]), let y = coordinate(item["VPOS"]),
                           let w = coordinate(item["WIDTH"]), let h = coordinate(item["HEIGHT"]) {
                            words.append(Word(content: content, x: x, y: y, width: w, height: h))
                        }
                    case "HYP": hyphenated = true
                    default: break
                    }
                }
                if lineText.isEmpty { continue }
                if text.isEmpty { text = lineText } else if text.hasSuffix("-") || text.hasSuffix("\u{00AD}") {
                    text = String(text.dropLast()) + lineText
                } else {
                    text += " " + lineText
                }
                if hyphenated { text += "-" }
            }
            if !text.isEmpty { paragraphs.append(text) }
        }
        return ALTOPage(width: width, height: height, paragraphs: paragraphs, words: words, printedNumber: page["PRINTED_IMG_NR"])
    }

    /// A position or size: a number within 0…`Region.maximumCoordinate`. `Double` also reads
    /// `nan`, `inf` and `1e400`, which the page view could not turn into pixels; a word with
    /// such a box keeps its text and loses its box.
    private static func coordinate(_ text: String?) -> Double? {
        guard let value = text.flatMap(Double.init), value >= 0, value <= Double(Region.maximumCoordinate) else { return nil }
        return value
    }
}
