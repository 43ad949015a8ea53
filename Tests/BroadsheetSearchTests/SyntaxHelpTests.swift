import BroadsheetCore
import BroadsheetSearch
import Testing

@Suite("Query language help")
struct SyntaxHelpTests {
    @Test("display width counts a Chinese or full-width character as two columns, a combining mark as none", arguments: [
        ("abc", 3), ("台州红云", 8), ("ＧＤＰ", 6), ("《名录》", 8), ("e\u{301}", 1), ("台州 GDP", 8), ("", 0),
    ])
    func width(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test("the help fits an 80-column terminal and its table lines up by display width")
    func fitsTheTerminal() {
        let lines = SearchSyntax.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= SearchSyntax.columns }, "\(lines.filter { DisplayWidth.of($0) > SearchSyntax.columns })")
        // Every meaning starts in the same column, whatever the width of its example.
        for (example, meaning) in SearchSyntax.rows where DisplayWidth.of(example) < 24 {
            let first = meaning.split(separator: " ").first.map(String.init) ?? meaning
            guard let line = lines.first(where: { $0.hasPrefix("  " + example) && $0.contains(first) }) else { continue }
            let afterExample = line.index(line.startIndex, offsetBy: 2 + example.count)
            let prefix = String(line[..<line.range(of: first, range: afterExample..<line.endIndex)!.lowerBound])
            #expect(DisplayWidth.of(prefix) == 26, "\(example)")
        }
        #expect(lines.contains { $0.hasPrefix("  台州红云") })
        // An example wider than its column stands alone; its meaning follows in the column.
        let wide = lines.firstIndex { $0 == "  date:2019-11-01..2019-12-31" }
        #expect(wide.map { lines[$0 + 1].hasPrefix(String(repeating: " ", count: 26) + "a range") } == true)
    }
}
