import BroadsheetSearch
import Testing

@Suite("Folding in search")
struct FoldingSearchTests {
    let fixture: Fixture

    init() throws {
        fixture = try Fixture([
            .init(id: "simplified", headline: "奋进在新时代的大路上", body: "推动新时代机关党建高质量发展。"),
            .init(id: "traditional", headline: "機關報", body: "推動機關黨建工作，ＧＤＰ增長６．５％。"),
            .init(id: "halfwidth", headline: "Economy", body: "GDP grew 6.5% in Q3, said the NBS."),
        ])
    }

    @Test(arguments: [
        ("機關黨建", ["simplified", "traditional"]),
        ("机关党建", ["simplified", "traditional"]),
        ("GDP", ["traditional", "halfwidth"]),
        ("ｇｄｐ", ["traditional", "halfwidth"]),
        ("6.5", ["traditional", "halfwidth"]),
        ("６．５", ["traditional", "halfwidth"]),
        ("nbs", ["halfwidth"]),
        ("機關", ["simplified", "traditional"]),
    ] as [(String, [String])])
    func folds(query: String, expected: [String]) throws {
        #expect(try fixture.ids(query) == Set(expected))
    }

    @Test("Highlights show the stored characters, not the folded ones")
    func highlightKeepsOriginal() throws {
        let hit = try #require(try fixture.search("机关党建").hits.first { $0.id == "traditional" })
        let marked = hit.snippets.flatMap(\.segments).filter(\.isMatch).map(\.text)
        #expect(marked == ["機關黨建"])
    }
}
