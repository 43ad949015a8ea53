import Foundation
import Testing
@testable import BroadsheetWeb

@Suite("Trends JSON")
struct TrendsJSONTests {
    @Test("the API's trends answer is byte for byte what the API's encoder writes")
    func sameAsEncoder() throws {
        let trends = Trends(
            interval: .month, periods: ["2019-10", "2019-11", "2019-12"], articles: [1200, 0, 3],
            series: [
                .init(query: "改革开放", total: 7, counts: [5, 0, 2], perThousand: [4.17, 0, 666.67]),
                .init(query: "\"一带一路\" -会议/\\", total: 1, counts: [1, 0, 0], perThousand: [0.83, 0, 0.01]),
                .init(query: "的", total: 1203, counts: [1200, 0, 3], perThousand: [1000, 0, 1000]),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(TrendsController.json(trends) == String(decoding: try encoder.encode(trends), as: UTF8.self))
        let empty = Trends(interval: .year, periods: [], articles: [], series: [])
        #expect(TrendsController.json(empty) == String(decoding: try encoder.encode(empty), as: UTF8.self))
    }
}
