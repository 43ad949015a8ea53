import BroadsheetStore
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Escaping, error pages that tell nothing about internals, static files and request limits.
@Suite("Safety") struct SafetyTests {
    /// Everything the fixture's hostile article holds must come out as text, in every view.
    @Test("hostile text renders as text", arguments: [
        "/articles/csrb-20200102-01-01", "/papers/csrb/2020-01-02", "/papers/csrb/2020-01-02/pages/1",
        "/search?q=%E5%8D%B1%E9%99%A9", "/papers/csrb/feed.atom",
    ])
    func hostileTextRendersAsText(uri: String) async throws {
        let page = try await WebFixture.withClient { try await $0.get(uri) }
        #expect(page.status == .ok)
        #expect(!page.text.contains("<script>alert"))
        #expect(!page.text.contains("<img src=x"))
        #expect(!page.text.contains("<b>某某</b>"))
        #expect(!page.text.contains("\"><img"))
        #expect(!page.text.contains("</script><script>"))
    }

    @Test("hostile article shows its text escaped") func hostileArticleShowsItsTextEscaped() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/articles/csrb-20200102-01-01") }
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;危险标题"))
        #expect(page.text.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.text.contains("<h2>&lt;i&gt;小标题&lt;/i&gt;</h2>"))
        // Inside JSON-LD the kicker and headline cannot close the script element either.
        #expect(page.text.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e危险标题"))
        #expect(page.text.components(separatedBy: "</script>").count == 2, "only the JSON-LD element's own end tag")
    }

    @Test("bad query is a 400 page saying what is wrong") func badQueryIsA400PageSayingWhatIsWrong() async throws {
        try await WebFixture.withClient { client in
            let quote = try await client.get("/search?q=%22%E5%8F%B0%E5%B7%9E")
            #expect(quote.status == .badRequest)
            #expect(quote.contentType.hasPrefix("text/html"))
            #expect(quote.text.contains("检索式有误"))
            #expect(quote.text.contains("引号没有闭合"))
            #expect(quote.text.contains("第 1 个字符处"))
            for leak in ["SQL", "fts5", "FTS5", "GRDB", "syntax error", ".swift"] {
                #expect(!quote.text.contains(leak), "no \(leak) in the response")
            }
            let date = try await client.get("/search?q=a&from=2019-13-01")
            #expect(date.status == .badRequest)
            #expect(date.text.contains("起始日期不是有效的日期"))
            let sort = try await client.get("/search?q=a&sort=random")
            #expect(sort.status == .badRequest)
        }
    }

    @Test("fts 5 syntax never leaks", arguments: ["NEAR(a b)", "a:b", "(((", "*", "^红", "\"", "-", "OR", "title:", "date:2019-99"])
    func fts5SyntaxNeverLeaks(query: String) async throws {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let page = try await WebFixture.withClient { try await $0.get("/search?q=\(encoded)") }
        #expect(page.status == .ok || page.status == .badRequest)
        #expect(!page.text.contains("SQL"))
        #expect(!page.text.contains("fts5"))
    }

    @Test("long queries and UR is are refused") func longQueriesAndURIsAreRefused() async throws {
        try await WebFixture.withClient { client in
            // Over the 256-character query limit, under the 8,192-byte URI limit.
            let long = String(repeating: "a", count: 300)
            let query = try await client.get("/search?q=\(long)")
            #expect(query.status == .badRequest)
            #expect(query.text.contains("检索式太长"))
            let api = try await client.get("/api/v1/search?q=\(long)")
            #expect(api.status == .badRequest)
            #expect(api.contentType.hasPrefix("application/json"))
            let uri = try await client.get("/articles/" + String(repeating: "a", count: 9000))
            #expect(uri.status == .uriTooLong)
        }
    }

    @Test("oversized bodies are refused") func oversizedBodiesAreRefused() async throws {
        let status = try await WebFixture.withClient { client in
            try await client.execute(uri: "/search", method: .post, headers: [.contentLength: "1000000"],
                                     body: ByteBuffer(repeating: 0x61, count: 1_000_000)) { $0.status }
        }
        #expect(status == .contentTooLarge)
    }

    @Test("static files are served only from their folder") func staticFilesAreServedOnlyFromTheirFolder() async throws {
        try await WebFixture.withClient { client in
            let css = try await client.get("/static/style.css")
            #expect(css.status == .ok)
            #expect(css.contentType.hasPrefix("text/css"))
            let etag = try #require(css.headers[.eTag])
            let status = try await client.get("/static/style.css", headers: [.ifNoneMatch: etag]).status
            #expect(status == .notModified)
            for uri in ["/static/../Package.swift", "/static/%2e%2e/Package.swift", "/static/..%2f..%2fPackage.swift",
                        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fPackage.swift", "/static/../templates/head.mustache",
                        "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/", "/static/openapi.json"] {
                let page = try await client.get(uri)
                #expect(page.status == .notFound || page.status == .badRequest, "\(uri)")
                #expect(!page.text.contains("swift-tools-version"))
                #expect(!page.text.contains("root:"))
                #expect(!page.text.contains("{{"))
            }
        }
    }

    @Test("server errors show no internals") func serverErrorsShowNoInternals() async throws {
        // A store that fails the way a broken database would: the page must not show why.
        let app = try await buildApplication(store: FailingStore(), configuration: .init(logLevel: .critical))
        try await app.test(.router) { client in
            for uri in ["/", "/papers/zjrb", "/articles/zjrb-20102773", "/api/v1/papers"] {
                let page = try await client.get(uri)
                #expect(page.status == .internalServerError)
                #expect(!page.text.contains("SELECT"))
                #expect(!page.text.contains("secret.sqlite"))
            }
        }
    }

    @Test("a database server that does not answer: 503 with Retry-After and a plain message, on pages and the API")
    func unavailableDatabaseIs503() async throws {
        // Given a store whose server is down
        let down = StoreError.serverUnreachable(host: "db.internal", port: 5432, reason: "connect(descriptor:addr:size:): Connection refused (errno: 111)")
        let lost = StoreError.connectionLost(host: "db.internal", port: 5432, reason: "terminating connection due to administrator command")
        for failure in [down, lost] {
            let app = try await buildApplication(store: FailingStore(failure: failure), configuration: .init(logLevel: .critical))
            try await app.test(.router) { client in
                for uri in ["/", "/papers/zjrb", "/articles/zjrb-20102773", "/search?q=%E4%BA%BA", "/api/v1/papers"] {
                    // When a page is asked for
                    let page = try await client.get(uri)
                    // Then the reader is told to come back, and nothing of the server's whereabouts
                    #expect(page.status == .serviceUnavailable, "\(uri)")
                    #expect(page.headers[.retryAfter] == "5", "\(uri)")
                    #expect(page.text.contains("数据库暂时无法连接"), "\(uri)")
                    #expect(!page.text.contains("db.internal") && !page.text.contains("errno"), "\(uri)")
                }
            }
        }
    }
}
