import BroadsheetCore
@testable import BroadsheetSearch
import Testing

@Suite("Query parser")
struct QueryParserTests {
    @Test("terms, phrases, AND, OR, NOT and title: parse into the expression tree", arguments: [
        ("台州红云", .term(TextTerm(text: "台州红云"))),
        ("机关 党建", .all(included: [.term(TextTerm(text: "机关")), .term(TextTerm(text: "党建"))], excluded: [])),
        ("“南京 长江”", .term(TextTerm(text: "南京 长江", isPhrase: true))),
        ("红云 OR 红星", .any([.term(TextTerm(text: "红云")), .term(TextTerm(text: "红星"))])),
        ("党建 -会议", .all(included: [.term(TextTerm(text: "党建"))], excluded: [.term(TextTerm(text: "会议"))])),
        ("(红云 OR 红星) 台州", .all(included: [.any([.term(TextTerm(text: "红云")), .term(TextTerm(text: "红星"))]), .term(TextTerm(text: "台州"))], excluded: [])),
        ("title:\"红 云\"", .term(TextTerm(text: "红 云", field: .title, isPhrase: true))),
        ("红云 ，", .term(TextTerm(text: "红云"))),
        ("红云 AND 红星", .all(included: [.term(TextTerm(text: "红云")), .term(TextTerm(text: "红星"))], excluded: [])),
    ] as [(String, QueryExpression)])
    func valid(query: String, expression: QueryExpression) throws {
        #expect(try SearchQuery.parse(query).expression == expression)
    }

    @Test("filters") func filters() throws {
        let q = try SearchQuery.parse("红云 paper:rmrb paper:人民日报 page:5 page:1..4 section:要闻 date:2019-11 -page:2 -section:体育")
        #expect(q.filters.papers == ["rmrb", "人民日报"])
        #expect(q.filters.pages == [5...5, 1...4])
        #expect(q.filters.excludedPages == [2...2])
        #expect(q.filters.sections == ["要闻"])
        #expect(q.filters.excludedSections == ["体育"])
        #expect(q.filters.dates == [DateRange(from: IssueDate("2019-11-01"), to: IssueDate("2019-11-30"))])
    }

    @Test("dates", arguments: [
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

    /// Every way to write a bad query is an error of a kind each front end can word, never
    /// something a backend would have to reject.
    @Test("bad queries are errors of a kind", arguments: [
        ("", .empty), ("   ", .empty), ("，。", .nothingToSearch),
        ("\"红云", .unterminatedQuote), ("\"\"", .emptyPhrase), ("\"，\"", .phraseWithoutText("，")),
        ("红云 -", .danglingMinus), ("- 红云", .danglingMinus), ("-会议", .onlyExclusions),
        ("OR 红云", .misplacedOr), ("红云 OR", .misplacedOr), ("红云 OR OR 红星", .misplacedOr),
        ("(红云", .unclosedParenthesis), ("红云)", .unmatchedClose), ("()", .emptyParentheses),
        ("(-红云) 台州", .groupOnlyExcludes), ("红云 OR -红星", .orSideOnlyExcludes), ("红云 OR ，", .orSideEmpty),
        ("foo:bar", .unknownField("foo")), ("http://example.com", .unknownField("http")), ("c:", .unknownField("c")),
        ("title:", .fieldNeedsValue(field: "title")), ("paper:", .fieldNeedsValue(field: "paper")),
        ("title:，", .titleWithoutText("，")),
        ("page:x", .badPage("x")), ("page:0", .badPage("0")), ("page:5..2", .badPage("5..2")),
        ("date:2019-13", .badDate("2019-13")), ("date:2019-02-30", .badDate("2019-02-30")), ("date:19", .badDate("19")),
        ("date:..", .badDate("..")), ("date:2019-12..2019-01", .reversedDates("2019-12..2019-01")),
        ("红云 OR paper:rmrb", .filterWithOr), ("(红云 date:2019)", .filterInParentheses),
        (String(repeating: "红", count: 1001), .tooLong(limit: 1000)), ("-OR", .minusBeforeOr),
    ] as [(String, SearchQueryError.Kind)])
    func errors(query: String, kind: SearchQueryError.Kind) {
        #expect {
            _ = try SearchQuery.parse(query)
        } throws: { error in
            (error as? SearchQueryError)?.kind == kind
        }
    }

    @Test("errors point at the character where the problem starts", arguments: [
        ("红云 \"台州", 4), ("红云 -", 4), ("台州 OR", 4), ("台州 红云)", 6), ("台州 (红云", 4), ("a foo:bar", 3),
    ])
    func positions(query: String, position: Int) {
        #expect {
            _ = try SearchQuery.parse(query)
        } throws: { error in
            (error as? SearchQueryError)?.position == position
        }
    }
}
