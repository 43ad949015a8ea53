import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

/// The article page lists related articles, without the article itself.
@Suite("Related articles on the article page")
struct RelatedRouteTests {
    static func article(_ id: String, _ date: String, _ headline: String, _ body: String) -> Article {
        Article(
            id: id, paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(date)!, headline: headline,
            blocks: [.paragraph(body)], placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)])
    }

    @Test("a follow-up is listed under 相关文章 with its date; an article without any is shown without the section")
    func listed() async throws {
        let store = try SQLiteArchive.inMemory()
        let filler = (1...40).map { i in
            Self.article("f\(i)", "2019-10-\(String(format: "%02d", i % 28 + 1))", "其他新闻（\(i)）", "今年以来，第\(i)项工作取得新进展。")
        }
        _ = try await store.importContent(records: [], articles: filler + [
            Self.article("quake", "2019-10-05", "青海玛多发生地震", "青海玛多县发生地震，救援队伍连夜赶赴灾区，帐篷物资运抵玛多。"),
            Self.article("quake2", "2019-10-08", "玛多地震灾区生活恢复", "玛多县城的帐篷学校开课，灾区群众生活逐步恢复。"),
        ])
        let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let page = try await client.get("/articles/quake")
            #expect(page.text.contains("<h2 id=\"related-title\">相关文章</h2>"))
            #expect(page.text.contains("<li><a href=\"/articles/quake2\">玛多地震灾区生活恢复</a> <span class=\"muted\">人民日报 · 2019年10月8日</span></li>"))
            #expect(!page.text.contains("<li><a href=\"/articles/quake\">"))
            let lonely = try await client.get("/articles/f1")
            #expect(lonely.status == .ok)
            #expect(!lonely.text.contains("相关文章"))
        }
    }
}
