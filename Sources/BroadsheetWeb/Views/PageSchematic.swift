import Foundation

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
