import BroadsheetCore
import BroadsheetSearch
import Foundation
import Synchronization

/// Word boxes of a page's ALTO OCR that match a query, in the page image's pixels. Parsed OCR
/// is kept for the last few pages asked, since a reader pages through the hits of one search.
enum PageWords {
    /// A page's words as one text, each word's byte range in it noted, so a phrase across
    /// words matches as it does in the index.
    struct Prepared: Sendable {
        var alto: ALTOPage
        var text: String
        var ranges: [Range<Int>]

        init(_ alto: ALTOPage) {
            self.alto = alto
            var text = ""
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(alto.words.count)
            for word in alto.words {
                if !text.isEmpty { text += " " }
                let start = text.utf8.count
                text += word.content
                ranges.append(start..<text.utf8.count)
            }
            self.text = text
            self.ranges = ranges
        }
    }

    private static let cache = Mutex<[(key: String, page: Prepared)]>([])

    /// `key` names the page at one revision of the archive; `load` reads its OCR, only when the
    /// page is not among those kept.
    static func hits(key: String, query: String, imageWidth: Int, load: () async throws -> String?) async throws -> [PageScanView.Box] {
        guard let parsed = try? SearchQuery.parse(query) else { return [] }
        let finder = MatchFinder(terms: parsed.highlightTerms.map(\.text))
        guard !finder.isEmpty, let page = try await page(key: key, load: load) else { return [] }
        let matches = finder.matches(in: page.text)
        guard !matches.isEmpty else { return [] }
        let scale = Double(imageWidth) / page.alto.width
        var boxes: [PageScanView.Box] = []
        var m = 0
        for (i, r) in page.ranges.enumerated() {
            while m < matches.count && matches[m].upperBound <= r.lowerBound { m += 1 }
            guard m < matches.count, matches[m].lowerBound < r.upperBound else { continue }
            let w = page.alto.words[i]
            boxes.append(.init(x: Int(w.x * scale), y: Int(w.y * scale), width: max(1, Int(w.width * scale)), height: max(1, Int(w.height * scale))))
        }
        return boxes
    }

    private static func page(key: String, load: () async throws -> String?) async throws -> Prepared? {
        if let hit = cache.withLock({ $0.first { $0.key == key }?.page }) { return hit }
        guard let ocr = try await load(), let alto = try? ALTOPage.parse(Data(ocr.utf8), file: key) else { return nil }
        let page = Prepared(alto)
        cache.withLock { entries in
            entries.insert((key, page), at: 0)
            if entries.count > 8 { entries.removeLast() }
        }
        return page
    }
}
