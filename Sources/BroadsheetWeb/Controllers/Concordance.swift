import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation

/// Keyword in context: every occurrence of a query's terms (not every article) with the text
/// either side, for `/kwic` and `broadsheet kwic`. The text of an article is its kicker,
/// headline, subtitle and search text (body, bylines, jump lines), one per line.
public struct Concordance: Sendable {
    public enum Sort: String, Sendable, CaseIterable {
        /// By the context before the keyword, read backwards from it.
        case left
        /// By the context after the keyword.
        case right
        /// Newest article first, then in reading order.
        case date
    }

    public struct Line: Sendable, Hashable {
        public var id: String
        public var date: IssueDate
        public var paper: String
        public var headline: String
        public var left: String
        public var keyword: String
        public var right: String
        /// Where the keyword stands in the article's text (UTF-8 bytes), for reading order.
        public var offset: Int
    }

    public var lines: [Line]

    /// Every occurrence in every article `request` matches, `width` characters each side.
    /// - Throws: `SearchQueryError` where the query is not valid.
    public static func compute(_ store: any ArchiveStore, _ request: SearchRequest, width: Int, sort: Sort) async throws -> Concordance {
        let finder = MatchFinder(terms: (request.query?.highlightTerms ?? []).map(\.text))
        var lines: [Line] = []
        var byDate = request
        byDate.sort = .date
        for try await hit in store.everyHit(byDate) {
            guard let article = try await store.article(id: hit.id) else { continue }
            let text = [article.kicker ?? "", article.headline, article.subtitle ?? "", article.searchText]
                .filter { !$0.isEmpty }.joined(separator: "\n")
            let bytes = Array(text.utf8)
            // A character is at most four bytes: decode only the window either side, not the
            // whole text before every occurrence.
            func string(_ r: Range<Int>) -> String {
                String(decoding: bytes[r], as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
            }
            for range in finder.matches(in: text) {
                var start = max(0, range.lowerBound - 4 * width)
                while start < range.lowerBound && bytes[start] & 0xC0 == 0x80 { start += 1 }
                var end = min(bytes.count, range.upperBound + 4 * width)
                while end > range.upperBound && end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
                lines.append(Line(
                    id: article.id, date: article.date, paper: article.paper.name, headline: article.headline,
                    left: String(string(start..<range.lowerBound).suffix(width)), keyword: string(range),
                    right: String(string(range.upperBound..<end).prefix(width)), offset: range.lowerBound))
            }
        }
        switch sort {
        case .left: lines.sort { (String($0.left.reversed()), $0.id, $0.offset) < (String($1.left.reversed()), $1.id, $1.offset) }
        case .right: lines.sort { ($0.right, $0.id, $0.offset) < ($1.right, $1.id, $1.offset) }
        case .date: lines.sort { $0.date != $1.date ? $0.date > $1.date : ($0.id, $0.offset) < ($1.id, $1.offset) }
        }
        return Concordance(lines: lines)
    }

    /// As CSV, one occurrence a row.
    public var csv: String {
        var rows = ["id,date,paper,headline,left,keyword,right"]
        for l in lines {
            rows.append([l.id, l.date.description, l.paper, l.headline, l.left, l.keyword, l.right].map(SearchExport.csvField).joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// As text for a terminal: the keywords in one column (display width, a Chinese character
    /// taking two), the article id after.
    public func text(width: Int) -> String {
        lines.map { l in
            String(repeating: " ", count: max(0, 2 * width - DisplayWidth.of(l.left))) + l.left + " 【" + l.keyword + "】 "
                + DisplayWidth.pad(l.right, to: 2 * width) + "  " + l.id
        }.joined(separator: "\n")
    }
}
