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
        /// Newest article first (then first page and order on it, as search's date sort), each
        /// article's occurrences in reading order.
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

    /// Every occurrence in every article `request` matches, `width` characters each side, in
    /// `sort` order (for the CSV download and `broadsheet kwic`).
    /// - Throws: `SearchQueryError` where the query is not valid.
    public static func compute(_ store: any ArchiveStore, _ request: SearchRequest, width: Int, sort: Sort) async throws -> Concordance {
        let finder = MatchFinder(terms: (request.query?.highlightTerms ?? []).map(\.text))
        var lines: [Line] = []
        var offset = 0, size = batchSize
        while true {
            let batch = try await store.matchingTexts(request, offset: offset, limit: size)
            for text in batch.texts { lines += Self.lines(of: text, finder: finder, width: width) }
            offset += batch.texts.count
            if batch.texts.isEmpty || offset >= batch.total { break }
            // Each call sets the whole match set in order again: fewer, larger batches for
            // large sets.
            size = min(size * 2, 16 * batchSize)
        }
        if sort != .date { Self.sort(&lines, by: sort) }
        return Concordance(lines: lines)
    }

    /// Articles read from the store at a time.
    static let batchSize = 500

    /// Above this many matching articles a page sorted by left or right context sorts the
    /// occurrences of the newest `sortLimit` articles only, and no page counts every
    /// occurrence: reading a very common term's every article (a million, tens of millions of
    /// occurrences) takes many seconds, and a page should take a fraction of one.
    public static let sortLimit = 1_000

    /// Above `sortLimit` matching articles, a left or right sort also stops reading articles
    /// once it holds this many occurrences.
    public static let sortOccurrences = 5_000

    /// One page of a concordance.
    public struct Page: Sendable {
        /// The page's occurrences, in order.
        public var lines: [Line]
        /// The place of the first of `lines` in the whole list (0 first).
        public var start: Int
        /// How many articles the query matches.
        public var articles: Int
        /// Every occurrence in those articles, when they were all read (at most `sortLimit`
        /// articles); nil above that.
        public var occurrences: Int?
        /// For a left or right sort above `sortLimit` articles: how many of the newest articles
        /// were sorted; nil when the sort covers them all.
        public var sortedArticles: Int?
        /// Whether a next page exists.
        public var hasMore: Bool
    }

    /// Page `page` (1 first) of `pageSize` occurrences (`sortLimit` is for tests). Sorted by date, it is exactly that page
    /// of `compute`'s list, however many articles match: articles are read in date order until
    /// the page is full. Sorted by left or right context it is that page of `compute`'s list
    /// when at most `sortLimit` articles match, else of the newest `sortLimit` articles' list.
    /// - Throws: `SearchQueryError` where the query is not valid.
    public static func page(
        _ store: any ArchiveStore, _ request: SearchRequest, width: Int, sort: Sort, page: Int, pageSize: Int,
        sortLimit: Int = Concordance.sortLimit
    ) async throws -> Page {
        let terms = (request.query?.highlightTerms ?? []).map(\.text)
        let finder = MatchFinder(terms: terms)
        let start = max(0, page - 1) * pageSize
        var lines: [Line] = []
        var done = 0, total = 0
        func read(_ limit: Int) async throws {
            let batch = try await store.matchingTexts(request, offset: done, limit: limit)
            for text in batch.texts { lines += Self.lines(of: text, finder: finder, width: width) }
            (done, total) = (done + batch.texts.count, batch.total)
            if batch.texts.isEmpty { done = max(done, total) }  // gone since the count: nothing more to read
        }
        guard !terms.isEmpty else {
            // Filters alone: articles, but no keyword to stand in them.
            try await read(0)
            return Page(lines: [], start: start, articles: total, occurrences: 0, sortedArticles: nil, hasMore: false)
        }
        if sort == .date {
            // Every matching article holds at least one occurrence, so `end` articles fill the
            // page; a small match set is read whole, for an exact count of occurrences.
            let end = start + pageSize
            try await read(end)
            if total <= sortLimit && done < total { try await read(total - done) }
            // An article where the finder sees no occurrence (none is known) would leave the
            // page short: read on until it is full.
            while lines.count < end && done < total { try await read(end - lines.count) }
            let all = done >= total
            return Page(
                lines: Array(lines.dropFirst(start).prefix(pageSize)), start: start, articles: total,
                occurrences: all ? lines.count : nil, sortedArticles: nil, hasMore: lines.count > end || !all)
        }
        // Above the limit the newest articles are read until `sortLimit` of them or
        // `sortOccurrences` occurrences, whichever comes first (a very common character
        // stands tens of times in each article).
        let batch = try await store.matchingTexts(request, offset: 0, limit: sortLimit)
        total = batch.total
        for text in batch.texts {
            if total > sortLimit && lines.count >= sortOccurrences { break }
            lines += Self.lines(of: text, finder: finder, width: width)
            done += 1
        }
        if batch.texts.count < sortLimit && batch.texts.count < total { done = total }  // gone since the count
        Self.sort(&lines, by: sort)
        let all = done >= total
        return Page(
            lines: Array(lines.dropFirst(start).prefix(pageSize)), start: start, articles: total,
            occurrences: all ? lines.count : nil, sortedArticles: all ? nil : done, hasMore: start + pageSize < lines.count)
    }

    /// The occurrences in one article, in reading order.
    static func lines(of article: ArticleText, finder: MatchFinder, width: Int) -> [Line] {
        let text = [article.kicker ?? "", article.headline, article.subtitle ?? "", article.searchText]
            .filter { !$0.isEmpty }.joined(separator: "\n")
        let bytes = Array(text.utf8)
        // A character is at most four bytes: decode only the window either side, not the
        // whole text before every occurrence.
        func string(_ r: Range<Int>) -> String {
            let slice = bytes[r]
            guard slice.contains(0x0A) else { return String(decoding: slice, as: UTF8.self) }
            return String(decoding: slice.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
        }
        return finder.matches(in: text).map { range in
            var start = max(0, range.lowerBound - 4 * width)
            while start < range.lowerBound && bytes[start] & 0xC0 == 0x80 { start += 1 }
            var end = min(bytes.count, range.upperBound + 4 * width)
            while end > range.upperBound && end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
            return Line(
                id: article.id, date: article.date, paper: article.paper.name, headline: article.headline,
                left: String(string(start..<range.lowerBound).suffix(width)), keyword: string(range),
                right: String(string(range.upperBound..<end).prefix(width)), offset: range.lowerBound)
        }
    }

    /// Sorts by left context (read backwards from the keyword) or right context; then by
    /// article id and place. Each line's key is made once, not at every comparison.
    static func sort(_ lines: inout [Line], by sort: Sort) {
        let keyed = lines.map { l in (key: sort == .left ? String(l.left.reversed()) : l.right, line: l) }
        lines = keyed.sorted { ($0.key, $0.line.id, $0.line.offset) < ($1.key, $1.line.id, $1.line.offset) }.map(\.line)
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
