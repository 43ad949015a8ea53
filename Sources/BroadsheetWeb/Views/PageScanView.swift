import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Synchronization

/// The printed page on a page view: its image with every article's region as a link (an SVG
/// overlay that needs no script), the words a search matched, and links to the zoomed view,
/// the PDF and the edition's IIIF manifest.
struct PageScanView {
    struct Area {
        var id: String
        var url: String
        var headline: String
        /// SVG `points`: `x,y x,y …` in image pixels.
        var points: String
    }

    struct Box {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    var imageURL: String
    var width: Int
    var height: Int
    /// The width the image is shown at in the zoomed view: its large derivative's.
    var displayWidth: Int {
        Self.displaySize(width: width, height: height, maxWidth: MediaStore.Derivative.large.width).width
    }
    /// Shown at full size in a scrolling frame (the zoomed view) rather than fitted to the column.
    var zoom: Bool
    var zoomURL: String
    var pageURL: String
    var pdfURL: String?
    var manifestURL: String
    var areas: [Area]
    var hits: [Box]
    var hitCount: Int
    var query: String?

    /// The size of a display derivative of an image of `width` × `height` (never enlarged).
    static func displaySize(width: Int, height: Int, maxWidth: Int) -> (width: Int, height: Int) {
        guard width > maxWidth else { return (width, height) }
        return (maxWidth, Int((Double(height) * Double(maxWidth) / Double(width)).rounded()))
    }

    /// The rectangle around `regions`; nil for none.
    static func bounds(_ regions: [Region]) -> Box? {
        let points = regions.flatMap(\.points)
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max(), maxX > minX, maxY > minY else { return nil }
        return Box(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    /// The area of a polygon (shoelace formula), in square pixels.
    static func area(_ region: Region) -> Int {
        let p = region.points
        guard p.count > 2 else { return 0 }
        var twice = 0
        for i in p.indices {
            let j = (i + 1) % p.count
            twice += p[i].x * p[j].y - p[j].x * p[i].y
        }
        return abs(twice) / 2
    }

    static func points(_ region: Region) -> String {
        region.points.map { "\($0.x),\($0.y)" }.joined(separator: " ")
    }
}

/// Word boxes of a page's ALTO OCR that match a query, in the page image's pixels. Parsed OCR
/// is kept for the last few pages asked, since a reader pages through the hits of one search.
enum PageWords {
    private static let cache = Mutex<[(key: String, page: ALTOPage)]>([])

    static func hits(ocr: String, key: String, query: String, imageWidth: Int) -> [PageScanView.Box] {
        guard let parsed = try? SearchQuery.parse(query) else { return [] }
        let finder = MatchFinder(terms: parsed.highlightTerms.map(\.text))
        guard !finder.isEmpty, let alto = page(ocr: ocr, key: key) else { return [] }
        // The words joined by spaces, each word's byte range noted, so a phrase across words matches.
        var text = ""
        var ranges: [Range<Int>] = []
        for word in alto.words {
            if !text.isEmpty { text += " " }
            let start = text.utf8.count
            text += word.content
            ranges.append(start..<text.utf8.count)
        }
        let matches = finder.matches(in: text)
        guard !matches.isEmpty else { return [] }
        let scale = Double(imageWidth) / alto.width
        var boxes: [PageScanView.Box] = []
        var m = 0
        for (i, r) in ranges.enumerated() {
            while m < matches.count && matches[m].upperBound <= r.lowerBound { m += 1 }
            guard m < matches.count, matches[m].lowerBound < r.upperBound else { continue }
            let w = alto.words[i]
            boxes.append(.init(x: Int(w.x * scale), y: Int(w.y * scale), width: max(1, Int(w.width * scale)), height: max(1, Int(w.height * scale))))
        }
        return boxes
    }

    private static func page(ocr: String, key: String) -> ALTOPage? {
        if let hit = cache.withLock({ $0.first { $0.key == key }?.page }) { return hit }
        guard let page = try? ALTOPage.parse(Data(ocr.utf8), file: key) else { return nil }
        cache.withLock { entries in
            entries.insert((key, page), at: 0)
            if entries.count > 8 { entries.removeLast() }
        }
        return page
    }
}

/// A drawing of a text-only page (the seed, the crawl): the articles as blocks in their order,
/// each as large as its text, each a link — so an edition without images is still browsed by page.
struct PageSchematic {
    struct Block {
        var url: String
        var headline: String
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        /// The headline cut into lines that fit the block, for the drawing.
        var lines: [Line]
    }

    struct Line {
        var text: String
        var x: Int
        var y: Int
    }

    static let width = 600
    static let height = 840

    var width = PageSchematic.width
    var height = PageSchematic.height
    var blocks: [Block]

    /// `articles` in page order with the length of their text on this page. The first article
    /// spans the page as the lead story does; the rest fill two columns, each block as tall as
    /// its share of the text (never less than a headline's room).
    init(_ articles: [(url: String, headline: String, length: Int)]) {
        let margin = 12, gap = 8
        let inner = Self.width - 2 * margin
        var blocks: [Block] = []
        guard let lead = articles.first else {
            self.blocks = []
            return
        }
        let rest = Array(articles.dropFirst())
        let total = max(1, articles.reduce(0) { $0 + max($1.length, 1) })
        let usable = Self.height - 2 * margin
        let leadHeight = rest.isEmpty ? usable : min(usable / 2, max(110, usable * max(lead.length, 1) / total))
        blocks.append(Self.block(lead, x: margin, y: margin, width: inner, height: leadHeight))
        if !rest.isEmpty {
            let columnWidth = (inner - gap) / 2
            let top = margin + leadHeight + gap
            let room = Self.height - margin - top
            // Split the rest into two columns of about equal text.
            let restTotal = rest.reduce(0) { $0 + max($1.length, 1) }
            var columns: [[(url: String, headline: String, length: Int)]] = [[], []]
            var running = 0
            for a in rest {
                columns[rest.count > 1 && running * 2 >= restTotal && !columns[0].isEmpty ? 1 : 0].append(a)
                running += max(a.length, 1)
            }
            for (c, column) in columns.enumerated() where !column.isEmpty {
                let x = margin + c * (columnWidth + gap)
                let sum = column.reduce(0) { $0 + max($1.length, 1) }
                let minimum = 48
                let spare = max(0, room - gap * (column.count - 1) - minimum * column.count)
                var y = top
                for (i, a) in column.enumerated() {
                    var h = minimum + spare * max(a.length, 1) / max(sum, 1)
                    if i == column.count - 1 { h = Self.height - margin - y }
                    blocks.append(Self.block(a, x: x, y: y, width: columnWidth, height: h))
                    y += h + gap
                }
            }
        }
        self.blocks = blocks
    }

    private static func block(_ a: (url: String, headline: String, length: Int), x: Int, y: Int, width: Int, height: Int) -> Block {
        // About one CJK character per 16 pixels at the drawing's type size.
        let perLine = max(4, (width - 16) / 16)
        var lines: [Line] = []
        var rest = Substring(a.headline)
        var lineY = y + 26
        while !rest.isEmpty && lineY < y + height - 4 && lines.count < 3 {
            lines.append(Line(text: String(rest.prefix(perLine)), x: x + 8, y: lineY))
            rest = rest.dropFirst(perLine)
            lineY += 20
        }
        if !rest.isEmpty, var last = lines.popLast() {
            last.text = String(last.text.dropLast()) + "…"
            lines.append(last)
        }
        return Block(url: a.url, headline: a.headline, x: x, y: y, width: width, height: height, lines: lines)
    }
}
