import BroadsheetCore
@testable import BroadsheetSearch
import Testing

@Suite("Query parser")
struct QueryParserTests {
    @Test(arguments: [
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
    ] as [(String, String)])
    func valid(query: String, fts5: String) throws {
        let parsed = try SearchQuery.parse(query)
        #expect(parsed.expression?.fts5 == fts5)
    }

    @Test func filters() throws {
        let q = try SearchQuery.parse("红云 paper:rmrb paper:人民日报 page:5 page:1..4 section:要闻 date:2019-11 -page:2 -section:体育")
        #expect(q.filters.papers == ["rmrb", "人民日报"])
        #expect(q.filters.pages == [5...5, 1...4])
        #expect(q.filters.excludedPages == [2...2])
        #expect(q.filters.sections == ["要闻"])
        #expect(q.filters.excludedSections == ["体育"])
        #expect(q.filters.dates == [DateRange(from: IssueDate("2019-11-01"), to: IssueDate("2019-11-30"))])
    }

    @Test(arguments: [
        ("date:2019", "2019-01-01", "2019-12-31"),
        ("date:2020-02", "2020-02-01", "2020-02-29"),
        ("date:2019-11-25", "2019-11-25", "2019-11-25"),
        ("date:20191125", "2019-11-25", "2019-11-25"),
        ("date:2019-11-01..2019-12-31", "2019-11-01", "2019-12-31"),
        ("date:2019-11..2020", "2019-11-01", "2020-12-31"),
        ("date:2019-11..", "2019-11-01", nil),
        ("date:..2019-11", nil, "2019-11-30"),
        ("date：２０１９", "2019-01-01", "2019-12-31"),
    ] as [(String, String?, String?)])
    func dates(query: String, from: String?, to: String?) throws {
        let q = try SearchQuery.parse(query)
        #expect(q.expression == nil)
        #expect(q.filters.dates == [DateRange(from: from.flatMap { IssueDate($0) }, to: to.flatMap { IssueDate($0) })])
    }

    /// Every way to write a bad query gives a message, never an SQLite error.
    @Test(arguments: [
        ("", "empty"),
        ("   ", "empty"),
        ("，。", "nothing to search"),
        ("\"红云", "Unterminated quote"),
        ("\"\"", "Empty phrase"),
        ("\"，\"", "no letters"),
        ("红云 -", "'-' must be followed"),
        ("- 红云", "'-' must be followed"),
        ("-会议", "only exclude"),
        ("OR 红云", "OR must stand between"),
        ("红云 OR", "OR must stand between"),
        ("红云 OR OR 红星", "OR must stand between"),
        ("(红云", "Missing ')'"),
        ("红云)", "Unmatched ')'"),
        ("()", "Empty parentheses"),
        ("(-红云) 台州", "cannot only exclude"),
        ("红云 OR -红星", "Each side of OR"),
        ("红云 OR ，", "Each side of OR"),
        ("foo:bar", "Unknown field 'foo:'"),
        ("http://example.com", "Unknown field 'http:'"),
        ("c:", "Unknown field 'c:'"),
        ("title:", "needs a value"),
        ("paper:", "needs a value"),
        ("title:，", "no letters"),
        ("page:x", "is not a page"),
        ("page:0", "is not a page"),
        ("page:5..2", "is not a page"),
        ("date:2019-13", "is not a date"),
        ("date:2019-02-30", "is not a date"),
        ("date:19", "is not a date"),
        ("date:..", "is not a date"),
        ("date:2019-12..2019-01", "ends before it starts"),
        ("红云 OR paper:rmrb", "cannot be combined with OR"),
        ("(红云 date:2019)", "inside parentheses"),
        (String(repeating: "红", count: 1001), "too long"),
        ("-OR", "cannot stand before OR"),
    ] as [(String, String)])
    func errors(query: String, message: String) {
        #expect {
            _ = try SearchQuery.parse(query)
        } throws: { error in
            guard let e = error as? SearchQueryError else { return false }
            return e.message.contains(message)
        }
    }

    /// Strings full of FTS5 syntax, run against a real index: each is a result or a
    /// `SearchQueryError`, nothing else.
    @Test func nothingLeaksToSQLite() throws {
        let fixture = try Fixture([.init(id: "a", headline: "台州红云", body: "NEAR 的 (括号) \"引号\" a*b ^c")])
        let nasty = [
            "\"", "\"\"\"", "*", "^", "NEAR(", "NEAR(a b, 3)", ":", "(", ")", "a:b", "{headline}: x", "a OR", "a AND",
            "NOT a", "a NOT b", "\"a\"*", "-(a)", "a + b", "a^b", "col:", "headline:台州", "*台州", "台州*", "^台州",
            "''", "'; DROP TABLE article; --", "\u{0}", "\\", "台州 (红云 OR (NEAR OR \"x\"))", "-\"台州\" 红云",
            "title:(红云)", "“台州”", "「台州」", "（台州）", "－台州 红云", "page:1..9999", "date:9999-12-31",
        ]
        for q in nasty {
            do {
                _ = try fixture.search(q)
            } catch is SearchQueryError {
            } catch {
                Issue.record("\(q): \(error)")
            }
        }
    }
}
