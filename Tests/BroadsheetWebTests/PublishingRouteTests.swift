import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import ZIPFoundation

/// Writes over HTTP: tokens, imports, withdrawal and restore, the audit log. Every rejection is
/// checked against the archive before and after: unchanged.
@Suite("Publishing over HTTP")
struct PublishingRouteTests {
    /// A writable archive holding one crawl article, a valid token, and a revoked one.
    struct Newsroom {
        let dir: URL
        let store: SQLiteArchive
        let token: String
        let revoked: String

        init() async throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-publish-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("in/20191008"), withIntermediateDirectories: true)
            store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
            let text = "\r\n国庆假期消费旺\r\n\r\n　　本报北京10月7日电  （记者王昊男）国庆假期，消费火热。\r\n"
            FileManager.default.createFile(atPath: dir.appendingPathComponent("in/20191008/20191008-01-05.txt").path, contents: Data(text.utf8))
            _ = try await Importer(store: store).run(paths: [dir.appendingPathComponent("in").path], options: .init(paperName: "人民日报"))
            token = AccessToken.generate()
            try await store.createToken(name: "夜班", digest: AccessToken.digest(token), actor: "cli:test")
            revoked = AccessToken.generate()
            try await store.createToken(name: "离职", digest: AccessToken.digest(revoked), actor: "cli:test")
            _ = try await store.revokeToken(name: "离职", actor: "cli:test")
        }

        func snapshot() async throws -> [Article] { try await store.exportArticles().collect() }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static let crawlFile = "\r\n新闻发布会举行\r\n\r\n　　本报北京10月8日电  （记者林丽鹂）新闻发布会今天举行。\r\n"

    static func post(_ client: any TestClientProtocol, _ uri: String, token: String?, body: String, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        var h = headers
        if let token { h[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body)) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    @Test("an import without a valid token is refused with 401 and writes nothing")
    func refused() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let before = try await newsroom.snapshot()
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            for token in [nil, "bst_wrong", newsroom.revoked] {
                let (status, headers, body) = try await Self.post(client, "/api/v1/imports?name=20191008-02-01.txt&paper=人民日报", token: token, body: Self.crawlFile)
                #expect(status == .unauthorized)
                #expect(headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect(body.contains("令牌"))
            }
            let log = try await client.execute(uri: "/api/v1/log", method: .get) { $0.status }
            #expect(log == .unauthorized)
        }
        #expect(try await newsroom.snapshot() == before)
    }

    @Test("a token holder imports a file; the next request shows it; the audit log names the token")
    func imports() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let before = try await client.get("/search?q=%E5%8F%91%E5%B8%83%E4%BC%9A")  // 发布会
            #expect(before.text.contains("共 0 篇") || before.text.contains("没有找到"))
            var headers = HTTPFields()
            headers[.contentDisposition] = "attachment; filename=\"20191008-02-01.txt\""
            let (status, _, body) = try await Self.post(client, "/api/v1/imports?paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5", token: newsroom.token, body: Self.crawlFile, headers: headers)
            #expect(status == .ok)
            let report = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            #expect(report?["articles"] as? Int == 2)  // the edition is stitched again whole
            #expect(report?["editions"] as? Int == 1)
            #expect(report?["file"] as? String == "20191008-02-01.txt")
            let page = try await client.get("/articles/rmrb-20191008-02-01")
            #expect(page.status == .ok)
            #expect(page.text.contains("新闻发布会举行"))
            let after = try await client.get("/search?q=%E5%8F%91%E5%B8%83%E4%BC%9A")
            #expect(after.text.contains("共 1 篇"))
            let log = try await client.execute(uri: "/api/v1/log", method: .get, headers: [.authorization: "Bearer \(newsroom.token)"]) {
                String(buffer: $0.body)
            }
            let entries = try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]]
            #expect(entries?.first?["actor"] as? String == "token:夜班")
            #expect(entries?.first?["action"] as? String == "import")
        }
    }

    @Test("a malformed file is 422 with each file:line problem; a traversal name is 400; an oversized body 413; nothing written")
    func rejections() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let before = try await newsroom.snapshot()
        let revision = try await newsroom.store.revision()
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning, maxImportSize: 4096))
        try await app.test(.router) { client in
            let jsonl = "{\"not\": \"an article\"}\n{broken\n"
            let (status, _, body) = try await Self.post(client, "/api/v1/imports?name=export.jsonl", token: newsroom.token, body: jsonl)
            #expect(status == .unprocessableContent)
            let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let errors = (json?["error"] as? [String: Any])?["errors"] as? [String] ?? []
            #expect(errors.count == 2)
            #expect(errors.first?.hasPrefix("export.jsonl:1:") == true)
            #expect(errors.last?.hasPrefix("export.jsonl:2:") == true)
            #expect(!body.contains("/tmp/"))
            for name in ["..%2F..%2Fetc%2Fpasswd", "a%2Fb.txt", ".hidden"] {
                let (s, _, _) = try await Self.post(client, "/api/v1/imports?name=\(name)", token: newsroom.token, body: Self.crawlFile)
                #expect(s == .badRequest, "name \(name)")
            }
            let (missing, _, _) = try await Self.post(client, "/api/v1/imports", token: newsroom.token, body: Self.crawlFile)
            #expect(missing == .badRequest)
            let (big, _, _) = try await Self.post(client, "/api/v1/imports?name=20191008-02-01.txt&paper=x", token: newsroom.token,
                                                  body: String(repeating: "大", count: 5000))
            #expect(big == .contentTooLarge)
            let (unknown, _, unknownBody) = try await Self.post(client, "/api/v1/imports?name=notes.txt", token: newsroom.token, body: "随便写的一段话")
            #expect(unknown == .unprocessableContent)
            #expect(unknownBody.contains("notes.txt"))
            // A paper named with a line break, a NUL or nothing but spaces (found by Stress/attack.sh).
            for paper in ["%0D%0AX-Injected:%20x", "%20%20", "a%00b"] {
                let (s, _, b) = try await Self.post(client, "/api/v1/imports?name=20191008-02-01.txt&paper=\(paper)", token: newsroom.token,
                                                    body: Self.crawlFile)
                #expect(s == .unprocessableContent, "paper \(paper)")
                #expect(b.contains("is not a paper's name"))
            }
        }
        #expect(try await newsroom.snapshot() == before)
        #expect(try await newsroom.store.revision() == revision)
    }

    /// A zip in memory holding `entries` (path → text), deflated.
    static func zip(_ entries: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    static func postZip(_ client: any TestClientProtocol, _ zip: Data, token: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
            uri: "/api/v1/imports?name=day.zip&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/zip"], body: ByteBuffer(bytes: zip)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test("a zip of a day's folder is imported whole; traversal, links and zip bombs are refused with nothing written")
    func zips() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let before = try await newsroom.snapshot()
            let traversal = try Self.zip([("20191009/20191009-01-01.txt", Self.crawlFile), ("../20191009-02-01.txt", Self.crawlFile)])
            let (s1, b1) = try await Self.postZip(client, traversal, token: newsroom.token)
            #expect(s1 == .unprocessableContent)
            #expect(b1.contains("..") && !b1.contains("/tmp/"))
            let absolute = try Self.zip([("/etc/20191009-02-01.txt", Self.crawlFile)])
            #expect(try await Self.postZip(client, absolute, token: newsroom.token).0 == .unprocessableContent)
            let bomb = try Self.zip([("20191009/20191009-01-01.txt", String(repeating: "0", count: 8_000_000))])
            let (s3, b3) = try await Self.postZip(client, bomb, token: newsroom.token)
            #expect(s3 == .unprocessableContent)
            #expect(b3.contains("zip 炸弹"))
            let (s4, _) = try await Self.postZip(client, Data("not a zip at all".utf8), token: newsroom.token)
            #expect(s4 == .unprocessableContent)
            let bad = try Self.zip([("20191009/20191009-01-01.txt", Self.crawlFile), ("20191009/notes.txt", "随便")])
            let (s5, b5) = try await Self.postZip(client, bad, token: newsroom.token)
            #expect(s5 == .unprocessableContent)
            #expect(b5.contains("day.zip:20191009/notes.txt"))
            #expect(try await newsroom.snapshot() == before)

            let day = try Self.zip([("20191009/20191009-01-01.txt", Self.crawlFile),
                                    ("20191009/20191009-02-01.txt", Self.crawlFile.replacingOccurrences(of: "新闻发布会", with: "第二版新闻"))])
            let (ok, body) = try await Self.postZip(client, day, token: newsroom.token)
            #expect(ok == .ok)
            #expect(body.contains("\"articles\":2"))
            #expect(try await client.get("/papers/rmrb/2019-10-09").status == .ok)
        }
    }

    @Test("the write endpoints' answers conform to the served OpenAPI document")
    func documented() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let validator = OpenAPIValidator(document: try JSONValue.parse(try await client.get("/api/v1/openapi.json").text))
            let auth: HTTPFields = [.authorization: "Bearer \(newsroom.token)"]
            let id = "rmrb-20191008-01-05"
            let cases: [(HTTPRequest.Method, String, HTTPFields, String, Int)] = [
                (.post, "/api/v1/imports?name=20191008-02-01.txt&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5", auth, Self.crawlFile, 200),
                (.post, "/api/v1/imports?name=x.jsonl", auth, "{broken\n", 422),
                (.post, "/api/v1/imports?name=x.jsonl", [:], "{}", 401),
                (.post, "/api/v1/imports", auth, "x", 400),
                (.delete, "/api/v1/articles/\(id)?reason=%E4%BE%B5%E6%9D%83", auth, "", 200),
                (.get, "/api/v1/articles/\(id)", [:], "", 410),
                (.delete, "/api/v1/articles/nope?reason=x", auth, "", 404),
                (.post, "/api/v1/articles/\(id)/restore", auth, "", 200),
                (.post, "/api/v1/articles/\(id)/restore", [:], "", 401),
                (.get, "/api/v1/log?limit=5", auth, "", 200),
                (.get, "/api/v1/log?limit=0", auth, "", 400),
            ]
            for (method, uri, headers, body, status) in cases {
                let (got, text) = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) {
                    (Int($0.status.code), String(buffer: $0.body))
                }
                #expect(got == status, "\(method) \(uri)")
                let path = String(uri.split(separator: "?", maxSplits: 1)[0])
                let template = try #require(validator.template(for: path), "\(path) is documented")
                let schema = try #require(validator.responseSchema(template: template, status: status, method: method.rawValue.lowercased()),
                                          "\(method) \(template) documents \(status)")
                let errors = validator.errors(try JSONValue.parse(text), schema)
                #expect(errors.isEmpty, "\(method) \(uri): \(errors.prefix(5))")
            }
        }
    }

    @Test("a corrected file keeps the earlier text: a 更正 note, the earlier version, a compare view, the versions in the API")
    func correction() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let id = "rmrb-20191008-01-05"
            #expect(!(try await client.get("/articles/\(id)").text.contains("更正")))
            let corrected = "\r\n国庆假期消费旺\r\n\r\n　　本报北京10月7日电  （记者王昊男）国庆假期，消费火热，收入超6000亿元。\r\n"
            let (status, _, _) = try await Self.post(client, "/api/v1/imports?name=20191008-01-05.txt&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5",
                                                     token: newsroom.token, body: corrected)
            #expect(status == .ok)
            let page = try await client.get("/articles/\(id)")
            #expect(page.text.contains("<strong>更正</strong>"))
            #expect(page.text.contains("href=\"/articles/\(id)/versions/0\""))
            #expect(page.text.contains("收入超6000亿元"))
            let old = try await client.get("/articles/\(id)/versions/0")
            #expect(old.status == .ok)
            #expect(old.text.contains("国庆假期，消费火热。"))
            #expect(!old.text.contains("6000"))
            let diff = try await client.get("/articles/\(id)/versions/0/diff")
            #expect(diff.text.contains("<ins>，收入超6000亿元</ins>") || diff.text.contains("<ins>，收入超6000亿元。</ins>"))
            #expect(try await client.get("/articles/\(id)/versions/1").status == .notFound)
            let api = try await client.get("/api/v1/articles/\(id)/versions")
            let versions = try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [[String: Any]]
            #expect(versions?.count == 1)
            #expect(versions?.first?["by"] as? String == "token:夜班")
        }
    }

    @Test("an embargoed edition is 404 to readers and a preview to a token holder, never cached for readers")
    func embargoPreview() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let (status, _, _) = try await Self.post(
                client, "/api/v1/imports?name=20191009-01-01.txt&paper=%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5&publish_at=2099-01-01T00:00%2B08:00",
                token: newsroom.token, body: Self.crawlFile)
            #expect(status == .ok)
            let auth: HTTPFields = [.authorization: "Bearer \(newsroom.token)"]
            for uri in ["/papers/rmrb/2019-10-09", "/articles/rmrb-20191009-01-01", "/api/v1/articles/rmrb-20191009-01-01"] {
                #expect(try await client.get(uri).status == .notFound, "\(uri) to a reader")
                let preview = try await client.get(uri, headers: auth)
                #expect(preview.status == .ok, "\(uri) to a token holder")
                #expect(preview.headers[.cacheControl] == "private, no-store")
                #expect(try await client.get(uri).status == .notFound, "\(uri) to a reader after the preview")
                #expect(try await client.get(uri, headers: [.authorization: "Bearer \(newsroom.revoked)"]).status == .notFound)
            }
            let page = try await client.get("/papers/rmrb/2019-10-09", headers: auth)
            #expect(page.text.contains("预览：本期禁发至 2098年12月31日 16:00（UTC）"))
            #expect(page.text.contains("新闻发布会举行"))
            #expect(try await client.get("/articles/rmrb-20191009-01-01", headers: auth).text.contains("预览"))
        }
    }

    @Test("a withdrawn article answers 410 with the reason and leaves search; restore brings it back")
    func withdrawal() async throws {
        let newsroom = try await Newsroom()
        defer { newsroom.remove() }
        let app = try await buildApplication(store: newsroom.store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let id = "rmrb-20191008-01-05"
            #expect(try await client.get("/articles/\(id)").status == .ok)  // cached now
            let unauthorized = try await client.execute(uri: "/api/v1/articles/\(id)?reason=x", method: .delete) { $0.status }
            #expect(unauthorized == .unauthorized)
            let noReason = try await client.execute(uri: "/api/v1/articles/\(id)", method: .delete, headers: [.authorization: "Bearer \(newsroom.token)"]) { $0.status }
            #expect(noReason == .badRequest)
            let done = try await client.execute(
                uri: "/api/v1/articles/\(id)?reason=%E4%BE%B5%E6%9D%83", method: .delete, headers: [.authorization: "Bearer \(newsroom.token)"]) { $0.status }
            #expect(done == .ok)
            let page = try await client.get("/articles/\(id)")
            #expect(page.status == .gone)
            #expect(page.text.contains("侵权"))
            #expect(try await client.get("/api/v1/articles/\(id)").status == .gone)
            #expect(try await client.get("/search?q=%E6%B6%88%E8%B4%B9").text.contains("没有找到"))  // 消费
            #expect(!(try await client.get("/papers/rmrb/2019-10-08").text.contains(id)))
            let restored = try await client.execute(
                uri: "/api/v1/articles/\(id)/restore", method: .post, headers: [.authorization: "Bearer \(newsroom.token)"]) { $0.status }
            #expect(restored == .ok)
            #expect(try await client.get("/articles/\(id)").status == .ok)
            #expect(try await client.get("/search?q=%E6%B6%88%E8%B4%B9").text.contains("共 1 篇"))
        }
    }
}
