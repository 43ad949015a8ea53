import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

/// The server opens its archive read-only; another process imports into the same file. Every
/// cached page is keyed by the archive's revision, so the next request shows the import.
@Suite("Pages are never stale")
struct FreshnessTests {
    @Test("an import by another writer shows on the edition, article and search pages at the next request")
    func importFromAnotherWriter() async throws {
        // Given a server (with its page cache) over an archive holding one article of an edition
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-fresh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("archive.sqlite").path
        let writer = try SQLiteArchive(path: path)
        let paper = Paper(name: "测试日报", slug: "csrb")
        let date = IssueDate(year: 2020, month: 1, day: 2)!
        @Sendable func article(_ n: Int, _ headline: String, _ body: String) -> Article {
            Article(id: "csrb-20200102-01-0\(n)", paper: paper, date: date, headline: headline, blocks: [.paragraph(body)],
                    placements: [Placement(page: PageRef(number: 1, name: "要闻"), order: n, blockStart: 0, blockEnd: 1)])
        }
        _ = try await writer.importContent(records: [], articles: [article(1, "第一篇", "早先的文章。")])
        let reader = try SQLiteArchive(path: path, readOnly: true)
        let app = try await buildApplication(store: reader, configuration: WebConfiguration(logLevel: .warning, pageCacheSize: 100))

        try await app.test(.router) { client in
            let edition = "/papers/csrb/2020-01-02"
            let first = try await client.get(edition)
            #expect(first.text.contains("第一篇") && !first.text.contains("晚到的新闻"))
            let etag = try #require(first.headers[.eTag])
            #expect(try await client.get(edition, headers: [.ifNoneMatch: etag]).status == .notModified)
            #expect(try await client.get("/articles/csrb-20200102-01-01").text.contains("早先的文章"))
            #expect(try await client.get("/search?q=%E6%99%9A%E5%88%B0").text.contains("没有找到"))

            // When another writer imports a second article and changes the first
            _ = try await writer.importContent(records: [], articles: [
                article(1, "第一篇", "改过的文章。"), article(2, "晚到的新闻", "晚到的正文。"),
            ])

            // Then the next requests show it
            let again = try await client.get(edition)
            #expect(again.text.contains("晚到的新闻"))
            #expect(again.headers[.eTag] != etag)
            #expect(try await client.get(edition, headers: [.ifNoneMatch: etag]).status == .ok)
            #expect(try await client.get("/articles/csrb-20200102-01-01").text.contains("改过的文章"))
            #expect(try await client.get("/articles/csrb-20200102-01-02").status == .ok)
            #expect(try await client.get("/search?q=%E6%99%9A%E5%88%B0").text.contains("/articles/csrb-20200102-01-02"))
        }
    }

    @Test("every page and API answer carries ETag, Last-Modified and a CDN-safe Cache-Control; a withdrawal changes them at once")
    func validatorsEverywhere() async throws {
        let store = try SQLiteArchive.inMemory()
        let paper = Paper(name: "测试日报", slug: "csrb")
        _ = try await store.importContent(records: [], articles: [
            Article(id: "csrb-20200102-01-01", paper: paper, date: IssueDate("2020-01-02")!, headline: "第一篇", blocks: [.paragraph("早先的文章。")],
                    placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)]),
        ])
        let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let uris = ["/", "/papers/csrb", "/papers/csrb/2020-01-02", "/articles/csrb-20200102-01-01", "/search?q=%E6%96%87%E7%AB%A0",
                        "/api/v1/papers", "/api/v1/articles/csrb-20200102-01-01", "/api/v1/search?q=%E6%96%87%E7%AB%A0", "/sitemap.xml",
                        "/papers/csrb/feed.atom"]
            var etags: [String: String] = [:]
            for uri in uris {
                let page = try await client.get(uri)
                #expect(page.status == .ok, "\(uri)")
                let etag = try #require(page.headers[.eTag], "\(uri) has an ETag")
                let modified = try #require(page.headers[.lastModified], "\(uri) has Last-Modified")
                #expect(page.headers[.cacheControl] == "public, no-cache", "\(uri)")
                #expect(modified.hasSuffix(" GMT"))
                #expect(try await client.get(uri, headers: [.ifNoneMatch: etag]).status == .notModified, "\(uri)")
                #expect(try await client.get(uri, headers: [.ifModifiedSince: modified]).status == .notModified, "\(uri)")
                etags[uri] = etag
            }
            _ = try await store.withdraw(id: "csrb-20200102-01-01", reason: "测试", actor: "cli:test")
            for uri in uris where uri != "/articles/csrb-20200102-01-01" && uri != "/api/v1/articles/csrb-20200102-01-01" {
                let page = try await client.get(uri, headers: [.ifNoneMatch: etags[uri]!])
                #expect(page.status == .ok, "\(uri) is not 304 after the withdrawal")
                #expect(!page.text.contains("第一篇"), "\(uri) no longer lists the withdrawn article")
            }
            #expect(try await client.get("/articles/csrb-20200102-01-01", headers: [.ifNoneMatch: etags["/articles/csrb-20200102-01-01"]!]).status == .gone)
        }
    }
}
