import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Testing

/// What every backend's search must return for a parsed query: the same matches, counts,
/// facets, order and pages. The query language itself is tested in BroadsheetSearchTests.
@Suite("Contract: search")
struct SearchContract {
    static let items: [SearchItem] = [
        .init(id: "bridge", date: "2019-10-01", headline: "南京长江大桥通车",
              body: "南京市长江大桥是长江上第一座由中国自行设计和建造的双层式铁路、公路两用桥梁。", pages: [(1, "要闻"), (4, "要闻")]),
        .init(id: "mayor", date: "2019-11-25", headline: "市长访谈",
              body: "南京市长表示，将继续推进城市更新。", pages: [(2, "要闻")]),
        .init(id: "hongyun", paper: "浙江日报", slug: "zjrb", date: "2019-11-25", kicker: "民营经济", headline: "台州红云",
              body: "台州红云公司发布新产品。红云集团表示……", pages: [(5, "经济")]),
        .init(id: "hongyun-body", date: "2020-01-02", headline: "新年新气象",
              body: String(repeating: "前言。", count: 40) + "记者来到台州红云车间。" + String(repeating: "后记。", count: 40), pages: [(3, nil)]),
    ]

    @Test("two characters across word boundaries are found", arguments: Backend.all)
    func acrossWords(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        #expect(try await store.ids("红云") == ["hongyun", "hongyun-body"])
        #expect(try await store.ids("市长") == ["bridge", "mayor"])
        #expect(try await store.ids("京市") == ["bridge", "mayor"])
        #expect(try await store.ids("州红") == ["hongyun", "hongyun-body"])
    }

    @Test("one character finds it anywhere in a run, including at the end", arguments: Backend.all)
    func oneCharacter(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        #expect(try await store.ids("桥") == ["bridge"])
        #expect(try await store.ids("司") == ["hongyun"])
        #expect(try await store.ids("谈") == ["mayor"])
    }

    @Test("a phrase is contiguous: characters in the same order but apart do not match", arguments: Backend.all)
    func phrase(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        #expect(try await store.ids("南京长江") == ["bridge"])
        #expect(try await store.ids("\"台州 红云\"") == [])
        #expect(try await store.ids("台州 红云") == ["hongyun", "hongyun-body"])
    }

    @Test("a phrase whose every pair of neighbouring tokens is in an article, but apart, does not match it", arguments: Backend.all)
    func pairsApart(_ backend: Backend) async throws {
        // Given 经济发 and 济发展 apart (every adjacent token pair of 经济发展 is there), and the
        // phrase whole in another article
        let store = try await ContractArchive(backend, items: Self.items + [
            .init(id: "apart", date: "2020-03-01", headline: "两处", body: "谈到经济发。后来济发展起来。"),
            .init(id: "whole", date: "2020-03-02", headline: "一处", body: "谈到经济发展。"),
        ]).store
        // Then the four-character phrase finds only the article that holds it
        #expect(try await store.ids("经济发展") == ["whole"])
        #expect(try await store.search("经济发展").total == 1)
        #expect(try await store.ids("经济发展 OR 两处") == ["apart", "whole"])
        // And its three-character parts, one pair each, find both
        #expect(try await store.ids("经济发") == ["apart", "whole"])
        #expect(try await store.ids("济发展") == ["apart", "whole"])
    }

    @Test("phrases are found past the positions an index may keep: far into a long article, after a token's 256th time", arguments: Backend.all)
    func phrasesInLongArticles(_ backend: Backend) async throws {
        // Given a phrase after 40,000 characters, and one whose first token came 300 times before
        let store = try await ContractArchive(backend, items: Self.items + [
            .init(id: "long", date: "2020-02-01", headline: "长文", body: String(repeating: "前言。", count: 20_000) + "记者来到黄岩蜜橘园。"),
            .init(id: "repeated", date: "2020-02-02", headline: "重复", body: String(repeating: "红云，", count: 300) + "红云集团成立。"),
        ]).store
        // Then both are found, by phrase, alone and beside other terms, and apart they are not
        #expect(try await store.ids("黄岩蜜橘") == ["long"])
        #expect(try await store.ids("黄岩蜜橘 长文") == ["long"])
        #expect(try await store.ids("红云集团") == ["hongyun", "repeated"])
        #expect(try await store.ids("红云集团 -台州") == ["repeated"])
        #expect(try await store.ids("蜜橘黄岩") == [])
        #expect(try await store.ids("前言 -黄岩蜜橘") == ["hongyun-body"])
        #expect(try await store.search("黄岩蜜橘").total == 1)
    }

    @Test("AND, OR, NOT and title: combine", arguments: Backend.all)
    func booleans(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        #expect(try await store.ids("红云 -公司") == ["hongyun-body"])
        #expect(try await store.ids("桥梁 OR 访谈") == ["bridge", "mayor"])
        #expect(try await store.ids("title:红云") == ["hongyun"])
        #expect(try await store.ids("title:民营") == ["hongyun"])
    }

    @Test("paper, page, section and date filters narrow the matches", arguments: Backend.all)
    func filters(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        #expect(try await store.ids("南京 paper:rmrb") == ["bridge", "mayor"])
        #expect(try await store.ids("南京 paper:RMRB") == ["bridge", "mayor"])
        #expect(try await store.ids("红云 paper:浙江日报") == ["hongyun"])
        #expect(try await store.ids("红云 -paper:zjrb") == ["hongyun-body"])
        #expect(try await store.ids("长江 page:4") == ["bridge"])
        #expect(try await store.ids("南京 section:要闻") == ["bridge", "mayor"])
        #expect(try await store.ids("南京 date:2019-11") == ["mayor"])
        #expect(try await store.ids("date:2019-11-25") == ["mayor", "hongyun"])
        #expect(try await store.ids("date:2019-10-02..2020") == ["mayor", "hongyun", "hongyun-body"])
        #expect(try await store.ids("page:5 -红云") == [])
    }

    @Test("form filters are ANDed with the query", arguments: Backend.all)
    func formFilters(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let results = try await store.search(SearchRequest(parsing: "红云", paper: "rmrb", from: IssueDate("2019-12-01")))
        #expect(results.hits.map(\.id) == ["hongyun-body"])
        let onlyForm = try await store.search(SearchRequest(parsing: "", section: "要闻"))
        #expect(Set(onlyForm.hits.map(\.id)) == ["bridge", "mayor"])
    }

    @Test("headline matches rank above body matches; scores are higher for better matches", arguments: Backend.all)
    func ranking(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let results = try await store.search("红云")
        #expect(results.hits.map(\.id) == ["hongyun", "hongyun-body"])
        let scores = results.hits.compactMap(\.score)
        #expect(scores.count == 2 && scores[0] > scores[1])
        #expect(try await store.search("红云", sort: .date).hits.map(\.id) == ["hongyun-body", "hongyun"])
    }

    @Test("hits carry what a result page shows", arguments: Backend.all)
    func hitFields(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let hit = try #require(try await store.search("长江大桥").hits.first)
        #expect(hit.id == "bridge")
        #expect(hit.paper == Paper(name: "人民日报", slug: "rmrb"))
        #expect(hit.date == IssueDate("2019-10-01"))
        #expect(hit.pages.map(\.number) == [1, 4])
        #expect(hit.pages.map(\.name) == ["要闻", "要闻"])
        #expect(hit.headlineSegments == [.init(text: "南京", isMatch: false), .init(text: "长江大桥", isMatch: true), .init(text: "通车", isMatch: false)])
        #expect(hit.snippets.first?.segments.contains(.init(text: "长江大桥", isMatch: true)) == true)
    }

    @Test("snippets show a fixed number of characters either side", arguments: Backend.all)
    func kwic(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let results = try await store.search(SearchRequest(parsing: "红云车间", snippetRadius: 5))
        let snippet = try #require(results.hits.first?.snippets.first)
        #expect(snippet.plainText == "…者来到台州【红云车间】。后记。后…")
        #expect(snippet.leadingEllipsis && snippet.trailingEllipsis)
    }

    @Test("facets count every match by year, month, paper and page", arguments: Backend.all)
    func facets(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let results = try await store.search("南京 OR 红云")
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

    @Test("a page facet is labelled with the names of the papers with most matches first, each paper's commonest name first", arguments: Backend.all)
    func pageFacetLabels(_ backend: Backend) async throws {
        // Given page 1 named 要闻 in two of 人民日报's editions and 头版 in one, and 浙江新闻 in
        // 浙江日报's, where the query matches twice in 浙江日报 and once in 人民日报
        let items: [SearchItem] = [
            .init(id: "r1", date: "2019-10-01", headline: "甲", body: "乙。", pages: [(1, "头版")]),
            .init(id: "r2", date: "2019-10-02", headline: "丙", body: "丁。", pages: [(1, "要闻")]),
            .init(id: "r3", date: "2019-10-03", headline: "西湖", body: "戊。", pages: [(1, "要闻")]),
            .init(id: "z1", paper: "浙江日报", slug: "zjrb", date: "2019-10-01", headline: "西湖", body: "己。", pages: [(1, "浙江新闻")]),
            .init(id: "z2", paper: "浙江日报", slug: "zjrb", date: "2019-10-02", headline: "西湖", body: "庚。", pages: [(1, "浙江新闻")]),
        ]
        let store = try await ContractArchive(backend, items: items).store
        // Then the label lists 浙江日报's name, then 人民日报's commoner then rarer one
        let pages = try await store.search("西湖").facets.pages
        #expect(pages.map(\.label) == ["01 浙江新闻/要闻/头版"])
        #expect(pages.map(\.count) == [3])
    }

    @Test("pages of hits cover the matches once each", arguments: Backend.all)
    func paging(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: Self.items).store
        let first = try await store.search("南京 OR 红云", sort: .date, limit: 3)
        let second = try await store.search("南京 OR 红云", sort: .date, limit: 3, offset: 3)
        #expect(first.total == 4 && second.total == 4)
        #expect(first.hits.count == 3 && second.hits.count == 1 && first.hasMore && !second.hasMore)
        #expect(Set(first.hits.map(\.id) + second.hits.map(\.id)).count == 4)
    }

    @Test("a replaced article leaves the index with its old text", arguments: Backend.all)
    func replaced(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend, items: Self.items)
        var changed = Self.items[2]
        changed.headline = "台州新闻"
        changed.body = "台州发布新产品。"
        _ = try await archive.store.importContent(records: [], articles: [changed.article])
        #expect(try await archive.store.ids("红云") == ["hongyun-body"])
        #expect(try await archive.store.ids("司") == [])
        #expect(try await archive.store.ids("新产品") == ["hongyun"])
    }

    @Test("one-character queries, alone, ANDed, excluded and after a replacement, count what they find", arguments: Backend.all)
    func oneCharacterQueries(_ backend: Backend) async throws {
        // Given articles where 桥 stands alone, at the end of a run and inside one
        let archive = try await ContractArchive(backend, items: [
            .init(id: "a", headline: "大桥", body: "桥"),
            .init(id: "b", headline: "新闻", body: "桥梁建设。"),
            .init(id: "c", headline: "新闻", body: "没有。"),
            .init(id: "d", headline: "橋", body: "繁体。"),
        ])
        let store = archive.store
        #expect(try await store.ids("桥") == ["a", "b", "d"])
        #expect(try await store.ids("桥 新") == ["b"])
        #expect(try await store.ids("桥 -新闻") == ["a", "d"])
        #expect(try await store.ids("新闻 -桥") == ["c"])
        #expect(try await store.ids("桥 -梁") == ["a", "d"])
        #expect(try await store.ids("title:桥") == ["a", "d"])
        #expect(try await count(store, "桥") == 3)
        // When b loses its bridge, the counts follow
        _ = try await store.importContent(records: [], articles: [SearchItem(id: "b", headline: "新闻", body: "道路建设。").article])
        #expect(try await count(store, "桥") == 2)
        #expect(try await count(store, "桥梁") == 0)
        #expect(try await store.ids("桥") == ["a", "d"])
    }

    @Test("many matches: pages still cover every match exactly once, headline matches first", arguments: Backend.all)
    func manyMatches(_ backend: Backend) async throws {
        // Given more matches than a backend would rank in full (SQLite ranks the newest 2000)
        let n = 2_030
        let items = (1...n).map { i in
            SearchItem(id: "n\(i)", headline: i % 7 == 0 ? "长江新闻" : "新闻", body: "长江的水。" + String(repeating: "长江", count: i % 5))
        }
        let store = try await ContractArchive(backend, items: items).store
        for query in ["长江", "的"] {
            // When paging across
            var seen: [String] = []
            var total = 0
            for offset in stride(from: 0, to: n, by: 700) {
                let page = try await store.search(SearchRequest(parsing: query, limit: 700, offset: offset, includeFacets: false))
                total = page.total
                seen += page.hits.map(\.id)
            }
            // Then the total is exact and no match is lost or repeated
            #expect(total == n)
            #expect(seen.count == n)
            #expect(Set(seen).count == n)
        }
        let top = try await store.search(SearchRequest(parsing: "长江", limit: 5, includeFacets: false))
        #expect(top.hits.allSatisfy { $0.headline.contains("长江") })
    }

    @Test("full-width, half-width and traditional forms match each other; highlights keep the stored text", arguments: Backend.all)
    func folding(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: [
            .init(id: "simplified", headline: "奋进在新时代的大路上", body: "推动新时代机关党建高质量发展。"),
            .init(id: "traditional", headline: "機關報", body: "推動機關黨建工作，ＧＤＰ增長６．５％。"),
            .init(id: "halfwidth", headline: "Economy", body: "GDP grew 6.5% in Q3, said the NBS."),
        ]).store
        let cases: [(String, Set<String>)] = [
            ("機關黨建", ["simplified", "traditional"]), ("机关党建", ["simplified", "traditional"]),
            ("GDP", ["traditional", "halfwidth"]), ("ｇｄｐ", ["traditional", "halfwidth"]),
            ("6.5", ["traditional", "halfwidth"]), ("６．５", ["traditional", "halfwidth"]),
            ("nbs", ["halfwidth"]), ("機關", ["simplified", "traditional"]),
        ]
        for (query, expected) in cases {
            #expect(try await store.ids(query) == expected, "\(query)")
        }
        let hit = try #require(try await store.search("机关党建").hits.first { $0.id == "traditional" })
        #expect(hit.snippets.flatMap(\.segments).filter(\.isMatch).map(\.text) == ["機關黨建"])
    }

    @Test("a hit in the continuation of a jumped story names the page of that part", arguments: Backend.all)
    func matchInContinuation(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        // In the part printed on page 5 only.
        let continuation = try #require(try await archive.store.search("一本书的力量有多大").hits.first)
        #expect(continuation.matchPage == 5)
        // In the part on page 1, where the article starts.
        let start = try #require(try await archive.store.search("让党中央放心").hits.first)
        #expect(start.matchPage == nil)
        // A story printed in full on two pages has no continuation to point at.
        let body = ["　　这是一篇足够长的报道，用来检验同一篇文章在两个版面上各印一次时会被合并为一篇。"]
        archive.dir.write("in/20191003-01-05.txt", StoreFixtures.crawlText(["", "两个版面", ""] + body))
        archive.dir.write("in/20191003-03-02.txt", StoreFixtures.crawlText(["", "两个版面", ""] + body))
        _ = try await archive.importFiles([archive.dir.path + "/in"], paper: "人民日报")
        #expect(try await archive.store.search("足够长的报道").hits.first?.matchPage == nil)
    }

    @Test("bylines and jump lines are searched, and a match there shows in the snippet", arguments: Backend.all)
    func linesApartFromTheBody(_ backend: Backend) async throws {
        var article = SearchItem(id: "byline", headline: "两会特写", body: "会场内外气氛热烈。").article
        article.bylines = ["本报记者  姜泓冰  张  枨"]
        article.blocks.append(.jump(Jump(direction: .continuesOn, pageLabel: "5", pageNumber: 5, text: "（下转第五版）")))
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: [article])
        #expect(try await store.ids("姜泓冰") == ["byline"])
        #expect(try await store.ids("\"下转第五版\"") == ["byline"])
        let hit = try #require(try await store.search("姜泓冰").hits.first)
        #expect(hit.snippets.flatMap(\.segments).contains(.init(text: "姜泓冰", isMatch: true)))
    }

    @Test("a simplified character never finds a different character that folding used to merge into it", arguments: Backend.all)
    func ambiguousForms(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: [
            .init(id: "zhe-simplified", headline: "窗", body: "他看着窗外。"),
            .init(id: "zhe-traditional", headline: "窗", body: "他看著窗外。"),
            .init(id: "qianlong", headline: "史", body: "乾隆年间的故事。"),
            .init(id: "zhuming", headline: "人", body: "一位著名作家。"),
            .init(id: "ganbu", headline: "人", body: "一位老幹部。"),
        ]).store
        #expect(try await store.ids("著") == ["zhe-traditional", "zhuming"])
        #expect(try await store.ids("干") == ["ganbu"])
        #expect(try await store.ids("看着") == ["zhe-simplified", "zhe-traditional"])
        #expect(try await store.ids("著名") == ["zhuming"])
        #expect(try await store.ids("乾隆") == ["qianlong"])
        #expect(try await store.ids("干部") == ["ganbu"])
        let hit = try #require(try await store.search("看着").hits.first { $0.id == "zhe-traditional" })
        #expect(hit.snippets.flatMap(\.segments).filter(\.isMatch).map(\.text) == ["看著"])
    }

    @Test("decimal points, percent signs and title marks count in a phrase; other punctuation matches loosely", arguments: Backend.all)
    func marks(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: [
            .init(id: "range", headline: "督导", body: "第1—10督导组进驻。"),
            .init(id: "decimal", headline: "增长", body: "产量增长1.10倍。"),
            .init(id: "issue", headline: "期刊", body: "第101期出版。"),
            .init(id: "percent", headline: "完成", body: "任务完成101％。"),
            .init(id: "bare", headline: "名单", body: "名录公布了。"),
            .init(id: "title", headline: "发布", body: "《名录》发布了。"),
        ]).store
        #expect(try await store.ids("1.10") == ["decimal"])
        #expect(try await store.ids("１．１０") == ["decimal"])
        #expect(try await store.ids("101%") == ["percent"])
        #expect(try await store.ids("101") == ["issue", "percent"])
        #expect(try await store.ids("《名录》") == ["title"])
        #expect(try await store.ids("名录") == ["bare", "title"])
        // The decimal point is a token of its own: a phrase with only a space between 1 and 10 is not 1.10.
        #expect(try await store.ids("\"1 10\"") == ["range"])
        let hit = try #require(try await store.search("1.10").hits.first)
        #expect(hit.snippets.flatMap(\.segments).filter(\.isMatch).map(\.text) == ["1.10"])
    }

    @Test("the middle dots of every width and script separate words like any punctuation", arguments: Backend.all)
    func middleDots(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: [
            .init(id: "dot", headline: "人物", body: "汤姆·摩尔让人们看到了希望。"),
        ]).store
        for query in ["汤姆・摩尔让人们看", "汤姆･摩尔让人们看", "汤姆·摩尔让人们看", "汤姆 摩尔让人们看", "汤姆‧摩尔让人们看"] {
            #expect(try await store.ids(query) == ["dot"], "\(query)")
        }
    }

    @Test("strings full of engine syntax are results or query errors, never engine errors", arguments: Backend.all)
    func nothingLeaks(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend, items: [.init(id: "a", headline: "台州红云", body: "NEAR 的 (括号) \"引号\" a*b ^c")]).store
        let nasty = [
            "\"", "\"\"\"", "*", "^", "NEAR(", "NEAR(a b, 3)", ":", "(", ")", "a:b", "{headline}: x", "a OR", "a AND",
            "NOT a", "a NOT b", "\"a\"*", "-(a)", "a + b", "a^b", "col:", "headline:台州", "*台州", "台州*", "^台州",
            "''", "'; DROP TABLE article; --", "\u{0}", "\\", "台州 (红云 OR (NEAR OR \"x\"))", "-\"台州\" 红云",
            "title:(红云)", "“台州”", "「台州」", "（台州）", "－台州 红云", "page:1..9999", "date:9999-12-31",
            "a <-> b", "a & b", "a | b", "!a", "a:*", "@@", "$$ $$",
        ]
        for q in nasty {
            do {
                _ = try await store.search(q)
            } catch is SearchQueryError {
            } catch {
                Issue.record("\(q): \(error)")
            }
        }
    }

    private func count(_ store: any ArchiveStore, _ query: String) async throws -> Int {
        try await store.search(SearchRequest(parsing: query, limit: 0, includeFacets: false)).total
    }
}
