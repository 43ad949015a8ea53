import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Testing

/// Credits read from the text at import: `byline:`, `place:`, `agency:`, the 记者 facet, and
/// credits following the text when an article is replaced.
@Suite("Contract: credits")
struct CreditContract {
    static func article(_ id: String, date: String = "2019-10-08", headline: String, _ paragraphs: [String]) -> Article {
        Article(
            id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(date)!, headline: headline,
            blocks: paragraphs.map { .paragraph($0) },
            placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: paragraphs.count)])
    }

    static let articles = [
        article("beijing", headline: "国庆假期消费旺", ["本报北京10月7日电  （记者王昊男、林丽鹂）国庆假期，消费火热。", "陈文武摄（影像中国）"]),
        article("paris", date: "2019-10-23", headline: "法国新闻", ["新华社巴黎10月22日电  （记者胡雪）法国政府宣布……"]),
        article("column", date: "2019-10-09", headline: "一篇评论", ["本报记者  刘  峰", "评论正文，记者了解到情况。"]),
        article("plain", date: "2019-10-10", headline: "无署名", ["王昊男来到北京。"]),
    ]

    @Test("byline:, place: and agency: find what the text credits, not what it mentions", arguments: Backend.all)
    func filters(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: Self.articles)
        #expect(try await store.ids("byline:王昊男") == ["beijing"])
        #expect(try await store.ids("byline:林丽鹂") == ["beijing"])
        #expect(try await store.ids("byline:陈文武") == ["beijing"])  // photographers too
        #expect(try await store.ids("byline:刘峰") == ["column"])  // `刘  峰`: the padding is not part of the name
        #expect(try await store.ids("byline:刘") == [])  // names match whole, not in part
        #expect(try await store.ids("place:北京") == ["beijing"])
        #expect(try await store.ids("place:巴黎") == ["paris"])
        #expect(try await store.ids("agency:新华社") == ["paris"])
        #expect(try await store.ids("北京 -place:北京") == ["plain"])
        #expect(try await store.ids("byline:胡雪 date:2019-10-23") == ["paris"])
        #expect(try await store.ids("byline:胡雪 date:2019-10-24..") == [])
        // Folded like the text: full width, traditional forms, spaces.
        #expect(try await store.ids("byline:林麗鸝") == ["beijing"])
        #expect(try await store.ids("byline:\"林 丽鹂\"") == ["beijing"])
    }

    @Test("the 记者 facet counts articles by reporter, most first", arguments: Backend.all)
    func facet(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: Self.articles + [
            Self.article("beijing2", date: "2019-10-11", headline: "再访", ["本报北京10月10日电  （记者林丽鹂）又一篇。"]),
        ])
        let results = try await store.search(SearchRequest(parsing: "date:2019-10"))
        let counts = Dictionary(uniqueKeysWithValues: results.facets.authors.map { ($0.label, $0.count) })
        #expect(counts == ["林丽鹂": 2, "王昊男": 1, "胡雪": 1, "刘峰": 1])  // not the photographer 陈文武
        #expect(results.facets.authors.first?.label == "林丽鹂")
        #expect(results.facets.authors.first?.count == 2)
        #expect(results.facets.authors.first.map { $0.filter(kind: .author) } == "byline:林丽鹂")
    }

    @Test("replacing an article replaces its credits", arguments: Backend.all)
    func replaced(_ backend: Backend) async throws {
        let store = try await ContractArchive(backend).store
        _ = try await store.importContent(records: [], articles: [Self.articles[1]])
        #expect(try await store.ids("byline:胡雪") == ["paris"])
        _ = try await store.importContent(records: [], articles: [
            Self.article("paris", date: "2019-10-23", headline: "法国新闻", ["新华社巴黎10月22日电  （记者唐霁）更正后的稿件。"]),
        ])
        #expect(try await store.ids("byline:胡雪") == [])
        #expect(try await store.ids("byline:唐霁") == ["paris"])
    }
}
