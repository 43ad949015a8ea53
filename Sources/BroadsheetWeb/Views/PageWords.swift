import BroadsheetCore
import BroadsheetSearch
import Foundation
import Synchronization

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
