import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// An archive of both scan fixture sets (real pages: the Deseret News, article-segmented, and an
/// NDNP batch of the Park Record) with its media folder, built once per test process.
enum ScanWebFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/fixtures/scans").path
    static let usable = FileManager.default.fileExists(atPath: root) && Vips.isAvailable
    static let reason: Comment = "needs ../shared/fixtures/scans beside the checkout and libvips-tools (apt-get install libvips-tools)"
    static let folder = NSTemporaryDirectory() + "broadsheet-scan-web-\(ProcessInfo.processInfo.processIdentifier)"

    private static let building = Task { () async throws -> SQLiteArchive in
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ScanWebFixture.folder) }
        let writable = try SQLiteArchive(path: folder + "/a.sqlite")
        var options = Importer.Options(paperName: "The Deseret News")
        options.mediaRoot = folder + "/media"
        _ = try await Importer(store: writable).run(
            paths: [root + "/ndnp/batch_local", root + "/article-segmented/batch_deseret_news"], options: options)
        try writable.close()
        return try SQLiteArchive(path: folder + "/a.sqlite", readOnly: true)
    }

    static func withClient<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var configuration = WebConfiguration(logLevel: .warning)
        configuration.mediaRoot = folder + "/media"
        let app = try await buildApplication(store: try await building.value, configuration: configuration)
        return try await app.test(.router, body)
    }

    static func image(_ html: String) -> String? {
        html.firstMatch(of: #/<image href="(/media/[0-9a-f]{64}/derived/[a-z]+\.webp)"/#).map { String($0.output.1) }
    }
}

@Suite(.enabled(if: ScanWebFixture.usable, ScanWebFixture.reason))
struct PageImageRouteTests {
    static let deseretPage1 = "/papers/the-deseret-news/1850-06-15/pages/1"
    static let parkPage1 = "/papers/the-park-record-park-city-ut/1935-08-02/pages/1"

    @Test func thePageShowsItsImageWithEveryArticleRegionAsALink() async throws {
        let page = try await ScanWebFixture.withClient { try await $0.get(Self.deseretPage1) }
        #expect(page.status == .ok)
        // Four articles begin on page 1 of the unit export; each is a link named by its headline.
        let links = page.text.matches(of: #/<a class="region" href="([^"]+)" data-article="[^"]+" aria-label="([^"]+)">/#)
        #expect(links.count == 4)
        #expect(links.contains { $0.output.1 == "/articles/the-deseret-news-18500615-3" && $0.output.2 == "Terrible Fire in San Francisco" })
        // The clipping box of articles/3.xml, l=883 t=949 r=1407 b=1972.
        #expect(page.text.contains("points=\"883,949 1407,949 1407,1972 883,1972\""))
        #expect(page.text.contains("viewBox=\"0 0 1407 1972\""))
        // 版面导航 with a thumbnail for each of the 8 pages, and the PDF.
        #expect(page.text.matches(of: #/<img src="/media/[0-9a-f]{64}/derived/thumb\.webp"/#).count == 8)
        #expect(page.text.contains("/original.pdf\">本版 PDF</a>"))
        #expect(page.text.contains("href=\"/papers/the-deseret-news/1850-06-15/pages/1/zoom\""))
    }

    @Test func imagesAreServedOnceForAll() async throws {
        try await ScanWebFixture.withClient { client in
            let page = try await client.get(Self.deseretPage1)
            let url = try #require(ScanWebFixture.image(page.text))
            let image = try await client.get(url)
            #expect(image.status == .ok)
            #expect(image.contentType == "image/webp")
            #expect(image.headers[.cacheControl] == "public, max-age=31536000, immutable")
            let etag = try #require(image.headers[.eTag])
            let again = try await client.get(url, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            // Nothing outside the image's folder is ever served.
            let sha = String(url.split(separator: "/")[1])
            for path in ["/media/\(sha)/../../a.sqlite", "/media/\(sha)/%2e%2e/%2e%2e/a.sqlite", "/media/\(sha)/derived/..%2f..%2f..%2fa.sqlite",
                         "/media/\(sha)/derived", "/media/../a.sqlite", "/media/\(String(repeating: "0", count: 64))/original.pdf",
                         "/iiif/image/\(sha)/../../../a.sqlite"] {
                #expect(try await client.get(path).status == .notFound, "\(path)")
            }
        }
    }

    @Test func theAPIPageCarriesItsImageAndRegionsAsDocumented() async throws {
        try await ScanWebFixture.withClient { client in
            let uri = "/api/v1/papers/the-deseret-news/editions/1850-06-15/pages/1"
            let response = try await client.get(uri)
            #expect(response.status == .ok)
            let validator = OpenAPIValidator(document: try JSONValue.parse(try await client.get("/api/v1/openapi.json").text))
            let template = try #require(validator.template(for: uri))
            let schema = try #require(validator.responseSchema(template: template, status: 200))
            let json = try JSONValue.parse(response.text)
            #expect(validator.errors(json, schema).isEmpty, "\(validator.errors(json, schema).prefix(5))")
            let page = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect((page["image"] as? String)?.hasSuffix("/derived/large.webp") == true)
            #expect(page["imageWidth"] as? Int == 1407)
            #expect((page["pdf"] as? String)?.hasSuffix("/original.pdf") == true)
            let fire = (page["articles"] as? [[String: Any]])?.first { $0["id"] as? String == "the-deseret-news-18500615-3" }
            #expect(fire?["regions"] as? [[[Int]]] == [[[883, 949], [1407, 949], [1407, 1972], [883, 1972]]])
            // The IIIF service URL answers with its info.json.
            #expect(try await client.get((page["iiif"] as? String ?? "") + "/info.json").status == .ok)
        }
    }

    @Test func theZoomedViewShowsTheLargeImage() async throws {
        let page = try await ScanWebFixture.withClient { try await $0.get(Self.deseretPage1 + "/zoom") }
        #expect(page.status == .ok)
        #expect(ScanWebFixture.image(page.text)?.hasSuffix("/derived/large.webp") == true)
        #expect(page.text.contains("class=\"pagescan zoomed\""))
    }

    @Test func aSearchHitOpensThePageWithItsWordsMarked() async throws {
        try await ScanWebFixture.withClient { client in
            let search = try await client.get("/search?q=Eccles")
            let link = try #require(search.text.firstMatch(of: #/class="onpage" href="([^"]+)"/#).map { String($0.output.1) })
            #expect(link.hasPrefix("/papers/the-park-record-park-city-ut/1935-08-02/pages/"))
            let page = try await client.get(link.replacingOccurrences(of: "&amp;", with: "&"))
            let marks = page.text.matches(of: #/<rect class="hit" x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)"/>/#)
            #expect(!marks.isEmpty)
            // As many marks as the page's ALTO has words that are Eccles (with or without a comma after), counted here from the file.
            let number = Int(link.split(separator: "/")[4].prefix { $0.isNumber })!
            let alto = try String(contentsOfFile: ScanWebFixture.root + "/ndnp/batch_local/sn85058233/17082901001/1935080201/\(number == 1 ? "1292" : "1289").xml", encoding: .utf8)
            let words = alto.matches(of: #/CONTENT="([^"]*)"/#).filter { $0.output.1.lowercased().trimmingCharacters(in: .punctuationCharacters) == "eccles" }
            #expect(marks.count == words.count)
            #expect(page.text.contains("<strong>\(words.count)</strong>"))
        }
    }

    @Test func theArticlePageShowsItsClipping() async throws {
        let page = try await ScanWebFixture.withClient { try await $0.get("/articles/the-deseret-news-18500615-3") }
        #expect(page.status == .ok)
        #expect(page.text.contains("class=\"clipping\" viewBox=\"883 949 524 1023\""))
    }

    @Test func theEditionHasAIIIFManifestAndEachImageAService() async throws {
        try await ScanWebFixture.withClient { client in
            let response = try await client.get("/iiif/the-deseret-news/1850-06-15/manifest.json")
            #expect(response.status == .ok)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            let manifest = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect(manifest["type"] as? String == "Manifest")
            #expect(manifest["@context"] as? String == "http://iiif.io/api/presentation/3/context.json")
            let canvases = try #require(manifest["items"] as? [[String: Any]])
            #expect(canvases.count == 8)
            let first = canvases[0]
            #expect(first["width"] as? Int == 1407 && first["height"] as? Int == 1972)
            let painting = (((first["items"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first)
            let body = try #require(painting?["body"] as? [String: Any])
            let service = try #require((body["service"] as? [[String: Any]])?.first)
            let serviceID = try #require(service["id"] as? String)
            #expect(service["profile"] as? String == "level0")
            // The service's info.json names itself by that URL and the image's size.
            let path = String(serviceID.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            let info = try await client.get(path + "/info.json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(info.text.utf8)) as? [String: Any])
            #expect(json["id"] as? String == serviceID)
            #expect(json["width"] as? Int == 1407)
            // Its largest tile at scale 1 is there: the top-left 512 × 512.
            #expect(try await client.get(path + "/0,0,512,512/512,512/0/default.jpg").status == .ok)
            // Articles are linking annotations on their regions.
            let annotations = (first["annotations"] as? [[String: Any]])?.first?["items"] as? [[String: Any]] ?? []
            #expect(annotations.contains { $0["target"] as? String == "\(first["id"]!)#xywh=883,949,524,1023" })
        }
    }
}

/// Text-only editions keep a page view: a schematic of the page, each article a link.
@Suite struct SchematicPageTests {
    @Test func aTextOnlyPageIsDrawnWithEveryArticleAsABlock() async throws {
        let page = try await WebFixture.withClient { try await $0.get("/papers/csrb/2020-01-02/pages/1") }
        #expect(page.status == .ok)
        #expect(page.text.contains("版面示意"))
        let blocks = page.text.matches(of: #/<a class="block" href="([^"]+)"/#).map { String($0.output.1) }
        let listed = page.text.matches(of: #/<li data-article="[^"]+">(?:<span class="kicker">[^<]*</span>)?(?:<a class="tag"[^>]*>[^<]*</a>)?<a class="hl" href="([^"]+)"/#).map { String($0.output.1) }
        #expect(!blocks.isEmpty)
        #expect(blocks == listed, "one block per article of the list, in its order")
        #expect(!page.text.contains("<image "))
    }
}
