import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// What the server answers where HTTP and the OpenAPI document say what it must: methods a path
/// does not take, parameters of the wrong type, limits counted as the document counts them.
/// Each case was found by `Stress/api-fuzz.sh` (schemathesis).
@Suite("HTTP conformance")
struct HTTPConformanceTests {
    @Test("a known path asked with a method none of its routes takes is 405 with Allow", arguments: [
        (HTTPRequest.Method.trace, "/api/v1/search", "GET, HEAD, OPTIONS"),
        (.put, "/api/v1/papers/zjrb", "GET, HEAD, OPTIONS"),
        (.post, "/articles/zjrb-20102773", "GET, HEAD, OPTIONS"),
        (.patch, "/api/v1/articles/zjrb-20102773", "GET, HEAD, DELETE, OPTIONS"),
        (.get, "/api/v1/imports", "POST, OPTIONS"),
        (.delete, "/static/style.css", "GET, HEAD, OPTIONS"),
        (.put, "/media/\(String(repeating: "a", count: 64))/derived/medium.webp", "GET, HEAD, OPTIONS"),
    ])
    func methodNotAllowed(method: HTTPRequest.Method, uri: String, allow: String) async throws {
        let (status, headers, body) = try await WebFixture.withClient { client in
            try await client.execute(uri: uri, method: method) { ($0.status, $0.headers, String(buffer: $0.body)) }
        }
        #expect(status == .methodNotAllowed)
        #expect(headers[.allow] == allow)
        #expect(body.contains(method.rawValue))
        #expect(headers[.contentType]?.hasPrefix(uri.hasPrefix("/api/") ? "application/json" : "text/html") == true)
    }

    @Test("OPTIONS on a known path is 204 with Allow; an unknown path is 404 whatever the method")
    func optionsAndUnknownPaths() async throws {
        try await WebFixture.withClient { client in
            let options = try await client.execute(uri: "/api/v1/articles/zjrb-20102773", method: .options) { ($0.status, $0.headers) }
            #expect(options.0 == .noContent)
            #expect(options.1[.allow] == "GET, HEAD, DELETE, OPTIONS")
            for method in [HTTPRequest.Method.get, .trace, .options, .put] {
                let status = try await client.execute(uri: "/api/v1/nothing/here", method: method) { $0.status }
                #expect(status == .notFound, "\(method)")
            }
            // A route's own 404 (no such paper) is not turned into 405.
            #expect(try await client.get("/api/v1/papers/nosuch").status == .notFound)
        }
    }

    @Test("the search API with no query and no filter finds every article, as its document says")
    func emptySearchFindsEverything() async throws {
        let articles = try await WebFixture.archive.exportArticles().collect().count
        try await WebFixture.withClient { client in
            let all = try JSONValue.parse(try await client.get("/api/v1/search").text)
            #expect(all["total"] == .number(Double(articles)))
            let byDate = try await client.get("/api/v1/search?sort=date&p=1")
            #expect(byDate.status == .ok)
            guard case .array(let hits)? = try JSONValue.parse(byDate.text)["hits"] else { Issue.record("no hits"); return }
            let dates = hits.compactMap { $0["date"]?.string }
            #expect(dates == dates.sorted(by: >), "newest first")
            // The reader's search page still opens empty, and the exports still want a search.
            #expect(try await client.get("/search").text.contains("检索") == true)
            #expect(try await client.get("/search.csv").status == .badRequest)
        }
    }

    @Test("a result page that is not a number is 400, not page 1", arguments: [
        "/api/v1/search?p=true", "/api/v1/search?q=%E5%8F%B0%E5%B7%9E&p=abc", "/search?q=%E5%8F%B0%E5%B7%9E&p=1.5",
    ])
    func resultPageMustBeANumber(uri: String) async throws {
        let page = try await WebFixture.withClient { try await $0.get(uri) }
        #expect(page.status == .badRequest)
        #expect(page.text.contains("页码"))
    }

    @Test("a query holding a NUL is searched, not a server error", arguments: [
        "/api/v1/search?q=%E5%8F%B0%E5%B7%9E%00%E7%BA%A2%E4%BA%91", "/api/v1/trends?q=C%C2%84%C3%9A%00%C3%9F",
        "/search?q=%22%00", "/kwic?q=%E5%8F%B0%00%E5%B7%9E",
    ])
    func nulInQuery(uri: String) async throws {
        let page = try await WebFixture.withClient { try await $0.get(uri) }
        #expect(page.status == .ok || page.status == .badRequest, "\(page.status)")
    }

    @Test("a byline name holding the query language's quote marks is a 400, not a 500 (found by Stress/attack.sh)", arguments: [
        "%EF%BC%82%EF%BC%9E%EF%BC%9Cimg", "%E3%80%8F", "a%E3%80%8D%20x%20%E2%80%9Cy", "%22",
    ])
    func bylineNamesWithQuotes(name: String) async throws {
        let page = try await WebFixture.withClient { try await $0.get("/bylines/\(name)") }
        #expect(page.status == .badRequest)
        #expect(page.text.contains("署名应是一个名字"))
    }

    @Test("the query limit counts code points, as the document's maxLength does")
    func queryLimitCountsCodePoints() async throws {
        // 200 letters, each with a combining accent: 200 characters to Swift, 400 code points.
        let accented = String(repeating: "e\u{301}", count: 200).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let exactly = String(repeating: "台", count: 256).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await WebFixture.withClient { client in
            let over = try await client.get("/api/v1/search?q=\(accented)")
            #expect(over.status == .badRequest)
            #expect(over.text.contains("400 个字符"))
            #expect(try await client.get("/api/v1/search?q=\(exactly)").status == .ok)
        }
    }

    @Test("the audit log's limit must be a number; an import's file name at most 60 code points")
    func logLimitAndFileName() async throws {
        let newsroom = try await PublishingRouteTests.Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let auth: HTTPFields = [.authorization: "Bearer \(newsroom.token)"]
            #expect(try await client.get("/api/v1/log?limit=abc", headers: auth).status == .badRequest)
            #expect(try await client.get("/api/v1/log?limit=2", headers: auth).status == .ok)
            let long = String(repeating: "报", count: 57) + ".txt"
            let (status, _, body) = try await PublishingRouteTests.post(
                client, "/api/v1/imports?name=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                token: newsroom.token, body: PublishingRouteTests.crawlFile)
            #expect(status == .badRequest)
            #expect(body.contains("文件名太长"))
        }
    }

    @Test("a connection that sends no whole request is closed after the idle timeout (found by Stress/attack.sh)",
          arguments: ["nothing", "blank lines", "a head never finished"])
    func idleConnectionsAreClosed(sending what: String) async throws {
        let sent = ["nothing": "", "blank lines": "\r\n\r\n", "a head never finished": "GET / HTTP/1.1\r\nHost: x\r\n"][what]!
        let app = try await buildApplication(
            store: try await WebFixture.archive, configuration: WebConfiguration(port: 0, logLevel: .warning, idleTimeout: 1))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let started = ContinuousClock.now
            // The wait blocks a thread: not one of the cooperative pool's, which the other tests share.
            let closed = await withCheckedContinuation { done in
                DispatchQueue.global().async { done.resume(returning: Self.closedByServer(port: port, sending: sent, within: 10)) }
            }
            #expect(closed, "closed, not left open")
            #expect(ContinuousClock.now - started >= .milliseconds(900))
        }
    }

    /// Connects, sends `text`, and waits up to `seconds` for the server to close the connection.
    static func closedByServer(port: Int, sending text: String, within seconds: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = text.withCString { send(fd, $0, strlen($0), 0) }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0  // 0: end of stream; -1: the wait ran out
    }
}
