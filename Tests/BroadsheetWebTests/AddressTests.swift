import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import HummingbirdTesting
import Testing

/// Every id a record ever had stays an address: a story printed twice is one article, and the
/// second record's id answers with a redirect to the part on its page.
@Suite("Addresses of merged records")
struct AddressTests {
    @Test("a merged record's id and the end of an id redirect to the article, on the web and in the API")
    func mergedIDsRedirect() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-address-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("in"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "\r\n两个版面\r\n\r\n　　这是一篇足够长的报道，用来检验同一篇文章在两个版面上各印一次时会被合并为一篇。\r\n"
        for name in ["20191003-01-05.txt", "20191003-03-02.txt"] {
            #expect(FileManager.default.createFile(atPath: dir.appendingPathComponent("in/" + name).path, contents: Data(text.utf8)))
        }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("archive.sqlite").path)
        _ = try await Importer(store: store).run(paths: [dir.appendingPathComponent("in").path, WebFixture.samplesFolder], options: .init(paperName: "人民日报"))
        let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
        try await app.test(.router) { client in
            let merged = try await client.get("/articles/rmrb-20191003-03-02")
            #expect(merged.status == .movedPermanently)
            #expect(merged.headers[.location] == "/articles/rmrb-20191003-01-05#page-3")
            let api = try await client.get("/api/v1/articles/rmrb-20191003-03-02")
            #expect(api.status == .movedPermanently)
            #expect(api.headers[.location] == "/api/v1/articles/rmrb-20191003-01-05")
            let suffix = try await client.get("/articles/20102773")
            #expect(suffix.status == .movedPermanently)
            #expect(suffix.headers[.location] == "/articles/zjrb-20102773")
            // Beneath an article, the redirect keeps the path (found by schemathesis: the versions
            // of the end of an id redirected to the article itself).
            let versions = try await client.get("/api/v1/articles/20102773/versions")
            #expect(versions.status == .movedPermanently)
            #expect(versions.headers[.location] == "/api/v1/articles/zjrb-20102773/versions")
            let version = try await client.get("/articles/20102773/versions/0/diff")
            #expect(version.headers[.location] == "/articles/zjrb-20102773/versions/0/diff")
            #expect(try await client.get("/articles/rmrb-20191003-09-09").status == .notFound)
            #expect(try await client.get("/articles/rmrb-20191003-01-05").status == .ok)
        }
    }

    @Test("a paper named by its name or by its slug in other case redirects to its slug")
    func paperNames() async throws {
        try await WebFixture.withClient { client in
            let byName = try await client.get("/papers/%E6%B5%99%E6%B1%9F%E6%97%A5%E6%8A%A5/2019-11-25")
            #expect(byName.status == .movedPermanently)
            #expect(byName.headers[.location] == "/papers/zjrb/2019-11-25")
            let api = try await client.get("/api/v1/papers/ZJRB/editions")
            #expect(api.status == .movedPermanently)
            #expect(api.headers[.location] == "/api/v1/papers/zjrb/editions")
            #expect(try await client.get("/papers/nosuch").status == .notFound)
        }
    }
}
