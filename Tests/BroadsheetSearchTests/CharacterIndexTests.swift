import BroadsheetCore
import BroadsheetSearch
import GRDB
import Testing

@Suite("Character index and large match sets")
struct CharacterIndexTests {
    @Test(arguments: [
        ("台州红云", ["台", "州", "红", "云"]),
        ("红红火火", ["红", "火"]),
        ("機關黨建", ["机", "关", "党", "建"]),
        ("GDP 2019，增长", ["增", "长"]),
        ("", []),
    ])
    func tokens(text: String, expected: [String]) {
        #expect(CharacterTokenizer().tokens(text) == expected)
    }

    @Test("One-character queries, alone, ANDed, excluded and after deletes, count what they find")
    func oneCharacterQueries() throws {
        // Given articles where 桥 stands alone, at the end of a run and inside one
        let fixture = try Fixture([
            .init(id: "a", headline: "大桥", body: "桥"),
            .init(id: "b", headline: "新闻", body: "桥梁建设。"),
            .init(id: "c", headline: "新闻", body: "没有。"),
            .init(id: "d", headline: "橋", body: "繁体。"),
        ])
        // Then
        #expect(try fixture.ids("桥") == ["a", "b", "d"])
        #expect(try fixture.ids("桥 新") == ["b"])
        #expect(try fixture.ids("桥 -新闻") == ["a", "d"])
        #expect(try fixture.ids("新闻 -桥") == ["c"])
        #expect(try fixture.ids("桥 -梁") == ["a", "d"])
        #expect(try fixture.ids("title:桥") == ["a", "d"])
        #expect(try count(fixture, "桥") == 3)
        // When one is removed, the vocabulary count follows
        try fixture.remove(id: "b")
        #expect(try count(fixture, "桥") == 2)
        #expect(try count(fixture, "桥梁") == 0)
        #expect(try fixture.ids("桥") == ["a", "d"])
    }

    @Test("Above the ranking window, pages still cover every match exactly once")
    func rankingWindow() throws {
        // Given more matches than the ranking window
        let n = SearchIndex.rankingWindow + 30
        let fixture = try Fixture()
        try fixture.db.write { db in
            try db.execute(sql: "INSERT INTO paper(slug, name) VALUES ('rmrb', '人民日报')")
            try db.execute(sql: "INSERT INTO edition(id, paper, date) VALUES (1, 'rmrb', '2019-11-25')")
            for i in 1...n {
                try db.execute(sql: """
                    INSERT INTO article(id, edition_id, paper, date, headline, body, first_page, first_order, doc)
                    VALUES (?, 1, 'rmrb', '2019-11-25', ?, ?, 1, 1, '{}')
                    """, arguments: ["n\(i)", i % 7 == 0 ? "长江新闻" : "新闻", "长江的水。" + String(repeating: "长江", count: i % 5)])
            }
            try SearchIndex.rebuild(db)
        }
        for query in ["长江", "的"] {
            // When paging across the window's edge
            var seen: [String] = []
            var total = 0
            for offset in stride(from: 0, to: n, by: 700) {
                let page = try fixture.db.read { db in
                    try ArticleSearch.run(db, SearchRequest(query: query, limit: 700, offset: offset, includeFacets: false))
                }
                total = page.total
                seen += page.hits.map(\.id)
            }
            // Then the total is exact and no match is lost or repeated
            #expect(total == n)
            #expect(seen.count == n)
            #expect(Set(seen).count == n)
        }
        // And the ranked part still puts headline matches first
        let top = try fixture.db.read { db in
            try ArticleSearch.run(db, SearchRequest(query: "长江", limit: 5, includeFacets: false))
        }
        #expect(top.hits.allSatisfy { $0.headline.contains("长江") })
    }

    private func count(_ fixture: Fixture, _ query: String) throws -> Int {
        try fixture.db.read { db in try ArticleSearch.count(db, query: query) }
    }
}
