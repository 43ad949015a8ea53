import BroadsheetCore
import BroadsheetSearch
import Foundation
import Testing
@testable import BroadsheetWeb

@Suite("Search export")
struct SearchExportTests {
    static let awkward = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t响铃\u{7}退格\u{8}换页\u{C}分隔\u{2028}表情😀"

    static func hit(score: Double?, kicker: String? = nil, subtitle: String? = nil, text: String = awkward) -> SearchHit {
        SearchHit(
            id: "rmrb-20191001-01-01", paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate("2019-10-01")!,
            kicker: kicker, headline: "标题" + text, subtitle: subtitle,
            headlineSegments: [TextSegment(text: "标题", isMatch: true), TextSegment(text: text, isMatch: false)],
            pages: [PageRef(number: 1, name: "要闻"), PageRef(number: 12)],
            snippets: [Snippet(segments: [TextSegment(text: text, isMatch: false), TextSegment(text: "改革", isMatch: true)],
                               leadingEllipsis: true, trailingEllipsis: false),
                       Snippet(segments: [], leadingEllipsis: false, trailingEllipsis: true)],
            score: score)
    }

    @Test("a JSON Lines hit is byte for byte what the API's encoder writes", arguments: [
        hit(score: nil), hit(score: 0), hit(score: 12), hit(score: 3.25, kicker: "引题", subtitle: "副题"),
        hit(score: 12.345678901234567), hit(score: 1e-7), hit(score: 123456789.125), hit(score: -0.5),
        hit(score: 2.0, text: ""), hit(score: .infinity),
    ])
    func jsonLine(_ hit: SearchHit) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try encoder.encode(SearchController.hitJSON(hit)), as: UTF8.self) + "\n"
        #expect(SearchExport.jsonLine(hit) == expected)
    }
}
