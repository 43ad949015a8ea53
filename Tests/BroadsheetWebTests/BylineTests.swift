import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

/// Credits on the web: the article page links its reporter, the reporter's page lists their
/// articles, the search has a 记者 facet and byline: works in the API.
@Suite("Bylines")
struct BylineTests {
    static let name = "%E6%9E%97%E4%B8%BD%E9%B9%82"  // 林丽鹂

    @Test("the article page links the reporter it credits to their page, which lists their articles")
    func articleAndBylinePage() async throws {
        try await WebFixture.withClient { client in
            let article = try await client.get("/articles/csrb-20200102-01-02")
            #expect(article.text.contains("<p class=\"credits\"><span class=\"credit\">记者 <a href=\"/bylines/\(Self.name)\">林丽鹂</a></span>"))
            let page = try await client.get("/bylines/\(Self.name)")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>林丽鹂</h1>"))
            #expect(page.text.contains("署名文章 1 篇"))
            #expect(page.text.contains("href=\"/articles/csrb-20200102-01-02\""))
            #expect(!page.text.contains("csrb-20200102-01-01"))
            #expect(try await client.get("/bylines/%E6%B2%A1%E6%9C%89%E8%BF%99%E4%BA%BA").status == .notFound)  // 没有这人
            #expect(try await client.get("/bylines/\(Self.name)?p=0").status == .badRequest)
            #expect(try await client.get("/bylines/\(Self.name)?p=2").status == .notFound)
        }
    }

    @Test("the search has a 记者 facet that adds byline: to the query, and the API counts it too")
    func facet() async throws {
        try await WebFixture.withClient { client in
            let page = try await client.get("/search?q=%E7%BA%A2%E4%BA%91")  // 红云
            #expect(page.text.contains("<h3>记者</h3>"))
            #expect(page.text.contains("href=\"/search?q=%E7%BA%A2%E4%BA%91%20byline%3A\(Self.name)\">林丽鹂</a>"))
            let api = try await client.get("/api/v1/search?q=byline%3A\(Self.name)")
            let json = try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as! [String: Any]
            #expect(json["total"] as? Int == 1)
            let authors = (json["facets"] as? [String: Any])?["authors"] as? [[String: Any]]
            #expect(authors?.first?["label"] as? String == "林丽鹂")
            let bad = try await client.get("/search?q=byline%3A")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("byline:"))
        }
    }
}
