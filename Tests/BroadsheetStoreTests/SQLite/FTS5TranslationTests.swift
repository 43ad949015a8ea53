import BroadsheetSearch
import Testing

@testable import BroadsheetStore

/// How the SQLite backend turns a parsed query into FTS5: every term a quoted phrase, so
/// nothing typed is read as FTS5 syntax; a final single character as a prefix.
@Suite("SQLite: FTS5 translation")
struct FTS5TranslationTests {
    @Test("each parsed query becomes one FTS5 expression of quoted phrases", arguments: [
        ("台州红云", #""台州红云""#),
        ("机关 党建", #"("机关" AND "党建")"#),
        ("\"南京市长江大桥\"", #""南京市长江大桥""#),
        ("“南京 长江”", #""南京 长江""#),
        ("红云 OR 红星", #"("红云" OR "红星")"#),
        ("党建 -会议", #"("党建" NOT ("会议"))"#),
        ("(红云 OR 红星) 台州", #"(("红云" OR "红星") AND "台州")"#),
        ("title:红云", #"{headline kicker subtitle} : "红云""#),
        ("title:\"红 云\"", #"{headline kicker subtitle} : "红 云"*"#),
        ("党", #""党"*"#),
        ("中国 人", #"("中国" AND "人"*)"#),
        ("5G手", #""5G手"*"#),
        ("NEAR(a b)", #"("NEAR" AND ("a" AND "b"))"#),
        ("a* ^b", #"("a*" AND "^b")"#),
        ("10:30", #""10:30""#),
        ("红云 ，", #""红云""#),
        ("红云 AND 红星", #"("红云" AND "红星")"#),
        ("a OR b OR c", #"("a" OR "b" OR "c")"#),
        // A NUL would end FTS5's expression inside the quotes (found by schemathesis: a 500).
        ("a\u{0}b", #""a b""#),
        ("台州\u{0}红云 title:红\u{0}云", #"("台州 红云" AND {headline kicker subtitle} : "红 云"*)"#),
    ] as [(String, String)])
    func translates(query: String, fts5: String) throws {
        let parsed = try SearchQuery.parse(query)
        #expect(parsed.expression?.fts5 == fts5)
    }

}
