import BroadsheetCore
import BroadsheetSearch
import Testing

@Suite("Article search")
struct ArticleSearchTests {
    let fixture: Fixture

    init() throws {
        fixture = try Fixture([
            .init(id: "bridge", date: "2019-10-01", headline: "南京长江大桥通车",
                  body: "南京市长江大桥是长江上第一座由中国自行设计和建造的双层式铁路、公路两用桥梁。", pages: [(1, "要闻"), (4, "要闻")]),
            .init(id: "mayor", date: "2019-11-25", headline: "市长访谈",
                  body: "南京市长表示，将继续推进城市更新。", pages: [(2, "要闻")]),
            .init(id: "hongyun", paper: "浙江日报", slug: "zjrb", date: "2019-11-25", kicker: "民营经济", headline: "台州红云",
                  body: "台州红云公司发布新产品。红云集团表示……", pages: [(5, "经济")]),
            .init(id: "hongyun-body", date: "2020-01-02", headline: "新年新气象",
                  body: String(repeating: "前言。", count: 40) + "记者来到台州红云车间。" + String(repeating: "后记。", count: 40), pages: [(3, nil)]),
        ])
    }

    @Test("Two characters across word boundaries are found")
    func acrossWords() throws {
        #expect(try fixture.ids("红云") == ["hongyun", "hongyun-body"])
        #expect(try fixture.ids("市长") == ["bridge", "mayor"])
        #expect(try fixture.ids("京市") == ["bridge", "mayor"])
        #expect(try fixture.ids("州红") == ["hongyun", "hongyun-body"])
    }

    @Test("One character finds it anywhere in a run, including at the end")
    func oneCharacter() throws {
        #expect(try fixture.ids("桥") == ["bridge"])
        #expect(try fixture.ids("司") == ["hongyun"])
        #expect(try fixture.ids("谈") == ["mayor"])
    }

    @Test("A phrase is contiguous: characters in the same order but apart do not match")
    func phrase() throws {
        #expect(try fixture.ids("南京长江") == ["bridge"])
        #expect(try fixture.ids("\"台州 红云\"") == [])
        #expect(try fixture.ids("台州 红云") == ["hongyun", "hongyun-body"])
    }

    @Test func booleans() throws {
        #expect(try fixture.ids("红云 -公司") == ["hongyun-body"])
        #expect(try fixture.ids("桥梁 OR 访谈") == ["bridge", "mayor"])
        #expect(try fixture.ids("title:红云") == ["hongyun"])
        #expect(try fixture.ids("title:民营") == ["hongyun"])
    }

    @Test func filters() throws {
        #expect(try fixture.ids("南京 paper:rmrb") == ["bridge", "mayor"])
        #expect(try fixture.ids("红云 paper:浙江日报") == ["hongyun"])
        #expect(try fixture.ids("红云 -paper:zjrb") == ["hongyun-body"])
        #expect(try fixture.ids("长江 page:4") == ["bridge"])
        #expect(try fixture.ids("南京 section:要闻") == ["bridge", "mayor"])
        #expect(try fixture.ids("南京 date:2019-11") == ["mayor"])
        #expect(try fixture.ids("date:2019-11-25") == ["mayor", "hongyun"])
        #expect(try fixture.ids("date:2019-10-02..2020") == ["mayor", "hongyun", "hongyun-body"])
        #expect(try fixture.ids("page:5 -红云") == [])
    }

    @Test("Form filters are ANDed with the query")
    func formFilters() throws {
        let results = try fixture.db.read { db in
            try ArticleSearch.run(db, SearchRequest(query: "红云", paper: "rmrb", from: IssueDate("2019-12-01")))
        }
        #expect(results.hits.map(\.id) == ["hongyun-body"])
        let onlyForm = try fixture.db.read { db in try ArticleSearch.run(db, SearchRequest(query: "", section: "要闻")) }
        #expect(Set(onlyForm.hits.map(\.id)) == ["bridge", "mayor"])
    }

    @Test("Headline matches rank above body matches")
    func ranking() throws {
        let results = try fixture.search("红云")
        #expect(results.hits.map(\.id) == ["hongyun", "hongyun-body"])
        #expect(try fixture.search("红云", sort: .date).hits.map(\.id) == ["hongyun-body", "hongyun"])
    }

    @Test("Hits carry what a result page shows")
    func hitFields() throws {
        let hit = try #require(try fixture.search("长江大桥").hits.first)
        #expect(hit.id == "bridge")
        #expect(hit.paper == Paper(name: "人民日报", slug: "rmrb"))
        #expect(hit.date == IssueDate("2019-10-01"))
        #expect(hit.pages.map(\.number) == [1, 4])
        #expect(hit.pages.map(\.name) == ["要闻", "要闻"])
        #expect(hit.headlineSegments == [.init(text: "南京", isMatch: false), .init(text: "长江大桥", isMatch: true), .init(text: "通车", isMatch: false)])
        #expect(hit.snippets.first?.segments.contains(.init(text: "长江大桥", isMatch: true)) == true)
    }

    @Test("Snippets show a fixed number of characters either side")
    func kwic() throws {
        let results = try fixture.db.read { db in
            try ArticleSearch.run(db, SearchRequest(query: "红云车间", snippetRadius: 5))
        }
        let snippet = try #require(results.hits.first?.snippets.first)
        #expect(snippet.plainText == "…者来到台州【红云车间】。后记。后…")
        #expect(snippet.leadingEllipsis && snippet.trailingEllipsis)
    }

    @Test func facets() throws {
        let results = try fixture.search("南京 OR 红云")
        #expect(results.total == 4)
        #expect(results.facets.years.map(\.value) == ["2020", "2019"])
        #expect(results.facets.years.map(\.count) == [1, 3])
        #expect(results.facets.months.map(\.value) == ["2020-01", "2019-11", "2019-10"])
        #expect(results.facets.papers.map(\.value) == ["rmrb", "zjrb"])
        #expect(results.facets.papers.map(\.label) == ["人民日报", "浙江日报"])
        #expect(results.facets.papers.map(\.count) == [3, 1])
        #expect(results.facets.pages.map(\.value) == ["1", "2", "3", "4", "5"])
        #expect(results.facets.pages.first?.label == "01 要闻")
    }

    @Test func paging() throws {
        let first = try fixture.search("南京 OR 红云", sort: .date, limit: 3)
        let second = try fixture.search("南京 OR 红云", sort: .date, limit: 3, offset: 3)
        #expect(first.total == 4 && second.total == 4)
        #expect(first.hits.count == 3 && second.hits.count == 1 && first.hasMore && !second.hasMore)
        #expect(Set(first.hits.map(\.id) + second.hits.map(\.id)).count == 4)
    }

    @Test("Removing an article takes it out of the index")
    func remove() throws {
        try fixture.remove(id: "hongyun")
        #expect(try fixture.ids("红云") == ["hongyun-body"])
        #expect(try fixture.ids("司") == [])
    }
}
