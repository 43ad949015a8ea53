import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import HummingbirdTesting
import Testing

/// The reader's pages, requested through the router over the fixture archive.
@Suite("Reader routes") struct ReaderRouteTests {
    @Test("home lists papers with their latest editions") func homeListsPapersWithTheirLatestEditions() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/") }
        #expect(page.status == .ok)
        #expect(page.contentType.hasPrefix("text/html"))
        #expect(page.text.contains("浙江日报"))
        #expect(page.text.contains("href=\"/papers/zjrb/2019-11-25\""))
        #expect(page.text.contains("href=\"/papers/csrb/2020-01-03\""), "the latest edition of 测试日报")
    }

    @Test("paper page shows editions on a calendar") func paperPageShowsEditionsOnACalendar() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/papers/csrb") }
        #expect(page.status == .ok)
        #expect(page.text.contains("2020年"))
        #expect(page.text.contains("<caption>1月"))
        #expect(page.text.contains("href=\"/papers/csrb/2020-01-02\""))
        #expect(page.text.contains("href=\"/papers/csrb/2020-01-03\""))
        // 2020-01-01 was a Wednesday: three empty cells before it in a Sunday-first week.
        #expect(page.text.contains("<tr><td class=\"none\"></td><td class=\"none\"></td><td class=\"none\"></td><td class=\"none\">1</td>"))
    }

    @Test("a paper of many years shows one year's calendar at a time, with every year as a link")
    func calendarByYear() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-years-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let dates = ["1950-03-01", "1950-03-02", "1987-07-01", "2019-10-01"]
        _ = try await store.importContent(records: [], articles: dates.map { d in
            Article(id: "csrb-\(d)", paper: WebFixture.paper, date: IssueDate(d)!, headline: "头条 \(d)", blocks: [.paragraph("正文。")],
                    placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)])
        })
        let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let latest = try await client.get("/papers/csrb")
            #expect(latest.status == .ok)
            #expect(latest.text.contains("href=\"/papers/csrb/2019-10-01\""))
            #expect(latest.text.contains("href=\"/papers/csrb/2019-10-01\" title="))
            #expect(!latest.text.contains("href=\"/papers/csrb/1987-07-01\""), "only the latest year's calendar")
            #expect(latest.text.contains("<strong aria-current=\"page\">2019</strong>"))
            #expect(latest.text.contains("href=\"/papers/csrb?year=1950\""))
            #expect(latest.text.contains("href=\"/papers/csrb?year=1987\""))
            #expect(latest.text.contains("4 期"), "the count is of every year")

            let old = try await client.get("/papers/csrb?year=1950")
            #expect(old.status == .ok)
            #expect(old.text.contains("href=\"/papers/csrb/1950-03-01\""))
            #expect(old.text.contains("href=\"/papers/csrb/1950-03-02\""))
            #expect(old.text.contains("<caption>3月 <span class=\"muted\">(2 期)</span>"))
            // The latest edition stays linked above the calendar, not in it.
            #expect(!old.text.contains("href=\"/papers/csrb/2019-10-01\" title="))
            #expect(old.text.contains("href=\"/papers/csrb?year=2019\""))

            #expect(try await client.get("/papers/csrb?year=1960").status == .notFound)
            #expect(try await client.get("/papers/csrb?year=abc").status == .notFound)
        }
    }

    @Test("edition page lists pages and their articles") func editionPageListsPagesAndTheirArticles() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/papers/zjrb/2019-11-25") }
        #expect(page.status == .ok)
        #expect(page.text.contains("版面导航"))
        #expect(page.text.contains("第01版\u{FF1A}要闻"))
        #expect(page.text.contains("href=\"/articles/zjrb-20102773\""))
        // Page 5 holds the continuation: it links to the part printed there.
        #expect(page.text.contains("上接第01版"))
        // Both directions are links to the part on the other page.
        #expect(page.text.contains("href=\"/articles/zjrb-20102773#page-1\">上接第01版</a>"))
        #expect(page.text.contains("href=\"/articles/zjrb-20102773#page-5\">转第05版</a>"))
        // A weekday never breaks across lines.
        #expect(page.text.contains("<span class=\"muted nowrap\">星期一</span>"))
        #expect(page.text.contains("href=\"/articles/zjrb-20102773#page-5\""))
    }

    @Test("edition links to neighbouring editions") func editionLinksToNeighbouringEditions() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/papers/csrb/2020-01-02") }
        #expect(page.text.contains("href=\"/papers/csrb/2020-01-03\" rel=\"next\""))
        #expect(!page.text.contains("rel=\"prev\""))
    }

    @Test("page view shows articles in order with previous and next page") func pageViewShowsArticlesInOrderWithPreviousAndNextPage() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/papers/csrb/2020-01-02/pages/1") }
        #expect(page.status == .ok)
        let first = try #require(page.text.range(of: "危险标题"))
        let second = try #require(page.text.range(of: "第二篇文章"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(page.text.contains("href=\"/papers/csrb/2020-01-02/pages/2\" rel=\"next\""))
        #expect(page.text.contains("第二篇的正文"), "the lead of the part on this page")

        let five = try await WebFixture.withClient { try await $0.get("/papers/zjrb/2019-11-25/pages/5") }
        #expect(five.text.contains("href=\"/articles/zjrb-20102773#page-5\""))
        #expect(five.text.contains("一本书的力量有多大"), "the lead of the page-5 part")
        #expect(five.text.contains("rel=\"prev\""))
    }

    @Test("article reads whole with jump links both ways") func articleReadsWholeWithJumpLinksBothWays() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/articles/\(WebFixture.seedID)") }
        #expect(page.status == .ok)
        let html = page.text
        #expect(html.contains("<h1>\(WebFixture.seedHeadline)</h1>"))
        #expect(html.contains("——我省推动新时代机关党建高质量发展纪事"))
        #expect(html.contains("<h2>一种站位</h2>"), "sub-heads")
        // 下转第五版 jumps to the continuation, whose 上接第一版 leads back to the jump point.
        #expect(html.contains("id=\"continues-5\"><a href=\"#page-5\">下转第五版</a>"))
        #expect(html.contains("<section class=\"part\" id=\"page-5\">"))
        #expect(html.contains("<a href=\"#continues-5\">上接第一版</a>"))
        // The whole text in one piece: the first and the last paragraph on one page.
        #expect(html.contains("让党中央放心,让人民群众满意。"))
        #expect(html.contains("台州红云"))
        // The pages it stands on.
        #expect(html.contains("href=\"/papers/zjrb/2019-11-25/pages/1\""))
        #expect(html.contains("href=\"/papers/zjrb/2019-11-25/pages/5\""))
    }

    @Test("article carries news article JSONLD") func articleCarriesNewsArticleJSONLD() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/articles/\(WebFixture.seedID)") }
        let start = try #require(page.text.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(page.text.range(of: "</script>", range: start.upperBound..<page.text.endIndex))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(page.text[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        #expect(json["@type"] as? String == "NewsArticle")
        #expect(json["headline"] as? String == WebFixture.seedHeadline)
        #expect(json["printPage"] as? String == "01")
        #expect(json["printSection"] as? String == "要闻")
        #expect((json["printEdition"] as? String)?.contains("2019年11月25日") == true)
    }

    @Test("article links to previous and next article of the edition") func articleLinksToPreviousAndNextArticleOfTheEdition() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/articles/csrb-20200102-01-02") }
        #expect(page.text.contains("href=\"/articles/csrb-20200102-01-01\" rel=\"prev\""))
        #expect(page.text.contains("href=\"/articles/csrb-20200102-02-01\" rel=\"next\""))
    }

    @Test("unknown things are 404 pages", arguments: [
        "/papers/nosuch", "/papers/zjrb/2019-11-26", "/papers/zjrb/2019-02-30", "/papers/zjrb/20191125",
        "/papers/zjrb/2019-11-25/pages/9", "/papers/zjrb/2019-11-25/pages/x", "/articles/zjrb-1", "/articles/%3Cscript%3E",
        "/no/such/page", "/papers/NoSuch/2019-11-25",
    ])
    func unknownThingsAre404Pages(uri: String) async throws {
        let page = try await WebFixture.withClient { try await $0.get(uri) }
        #expect(page.status == .notFound)
        #expect(page.contentType.hasPrefix("text/html"))
        #expect(page.text.contains("404"))
        #expect(!page.text.contains("<script>"))
    }

    @Test("feeds sitemap and open search") func feedsSitemapAndOpenSearch() async throws {
        try await WebFixture.withClient { client in
            let feed = try await client.get("/papers/zjrb/feed.atom")
            #expect(feed.status == .ok)
            #expect(feed.contentType.hasPrefix("application/atom+xml"))
            #expect(feed.text.contains("<title>\(WebFixture.seedHeadline)</title>"))
            #expect(feed.text.contains("<id>http://127.0.0.1:8080/articles/zjrb-20102773</id>"))

            let section = try await client.get("/papers/zjrb/sections/%E8%A6%81%E9%97%BB/feed.atom")
            #expect(section.status == .ok)
            #expect(section.text.contains("<title>浙江日报 · 要闻</title>"))
            let status = try await client.get("/papers/zjrb/sections/%E4%BD%93%E8%82%B2/feed.atom").status
            #expect(status == .notFound)

            // The sitemap is an index: the papers' file, then a file per paper and month.
            let index = try await client.get("/sitemap.xml")
            #expect(index.text.contains("<sitemapindex"))
            let files = index.text.matches(of: #/<loc>http://127\.0\.0\.1:8080(/sitemaps/[^<]+)</loc>/#).map { String($0.output.1) }
            #expect(files == ["/sitemaps/papers.xml", "/sitemaps/csrb/2020-01.xml", "/sitemaps/zjrb/2019-11.xml"])
            let papers = try await client.get("/sitemaps/papers.xml")
            #expect(papers.text.contains("<loc>http://127.0.0.1:8080/papers/zjrb</loc>"))
            let zjrb = try await client.get("/sitemaps/zjrb/2019-11.xml")
            #expect(zjrb.text.contains("<loc>http://127.0.0.1:8080/articles/zjrb-20102773</loc>"))
            let csrb = try await client.get("/sitemaps/csrb/2020-01.xml")
            #expect(csrb.text.contains("<loc>http://127.0.0.1:8080/papers/csrb/2020-01-02/pages/2</loc>"))
            #expect(try await client.get("/sitemaps/csrb/2019-01.xml").status == .notFound)
            #expect(try await client.get("/sitemaps/csrb/..%2F..%2Fetc.xml").status == .notFound)

            let open = try await client.get("/opensearch.xml")
            #expect(open.text.contains("template=\"http://127.0.0.1:8080/search?q={searchTerms}\""))
        }
    }

    @Test("feeds parse as XML") func feedsParseAsXML() async throws {
        try await WebFixture.withClient { client in
            for uri in ["/papers/csrb/feed.atom", "/sitemap.xml", "/opensearch.xml"] {
                let page = try await client.get(uri)
                let parser = XMLParser(data: Data(page.text.utf8))
                #expect(parser.parse(), "\(uri) is well-formed XML")
            }
        }
    }

    @Test("health and metrics") func healthAndMetrics() async throws {
        try await WebFixture.withClient { client in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(health.text == "ok\n")
            _ = try await client.get("/articles/\(WebFixture.seedID)")
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("http_server_request_duration_bucket{http_route=\"/articles/{id}\""))
        }
    }

    @Test("head is get without the body") func headIsGetWithoutTheBody() async throws {
        try await WebFixture.withClient { client in
            let get = try await client.get("/articles/\(WebFixture.seedID)")
            let head = try await client.execute(uri: "/articles/\(WebFixture.seedID)", method: .head) { $0 }
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.contentLength] == String(get.text.utf8.count))
            let missing = try await client.execute(uri: "/articles/no-such-article", method: .head) { $0 }
            #expect(missing.status == .notFound)
        }
    }
}
