import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A real archive in a temporary SQLite file holding the shipped sample (the 浙江日报 seed) and a
/// few fixture articles of a made-up paper, 测试日报 (`csrb`), opened read-only as `serve` does.
/// Built once per test process: every test only reads it.
enum WebFixture {
    static let hostile = "\"><img src=x onerror=alert(1)>"

    /// Built by the first test that asks; the others wait for it.
    private static let building = Task { () async throws -> SQLiteArchive in
        WebFixture.removeFile()
        atexit { WebFixture.removeFile() }
        let path = WebFixture.path
        let writable = try SQLiteArchive(path: path)
        _ = try await Importer(store: writable).run(paths: [samplesFolder], options: .init())
        _ = try await writable.importContent(records: [], articles: articles)
        return try SQLiteArchive(path: path, readOnly: true)
    }

    /// One file per test process, removed when the process ends.
    private static var path: String {
        NSTemporaryDirectory() + "broadsheet-web-tests-\(ProcessInfo.processInfo.processIdentifier).sqlite"
    }

    private static func removeFile() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static var archive: SQLiteArchive {
        get async throws { try await building.value }
    }

    /// `Samples/` of this checkout, found from this file's path.
    static var samplesFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples").path
    }

    static let paper = Paper(name: "测试日报", slug: "csrb")

    static func page(_ n: Int, _ name: String?) -> PageRef { PageRef(number: n, name: name) }

    static var articles: [Article] {
        let d1 = IssueDate(year: 2020, month: 1, day: 2)!, d2 = IssueDate(year: 2020, month: 1, day: 3)!
        return [
            // Everything a reader could type into a paper's text that a browser would run.
            Article(
                id: "csrb-20200102-01-01", paper: paper, date: d1, kicker: "</script><script>alert('kicker')</script>",
                headline: "<script>alert(1)</script>危险标题", subtitle: hostile, bylines: ["记者 <b>某某</b>"],
                blocks: [.paragraph("正文开头" + hostile), .subhead("<i>小标题</i>"), .paragraph("<script>alert(4)</script>结尾 & 更多")],
                placements: [Placement(page: page(1, "要闻"), order: 1, blockStart: 0, blockEnd: 3)]),
            Article(
                id: "csrb-20200102-01-02", paper: paper, date: d1, headline: "第二篇文章",
                blocks: [.paragraph("第二篇的正文,提到台州红云。"), .paragraph("（本报记者林丽鹂）")],
                placements: [Placement(page: page(1, "要闻"), order: 2, blockStart: 0, blockEnd: 2)]),
            Article(
                id: "csrb-20200102-02-01", paper: paper, date: d1, headline: "国际新闻一则",
                blocks: [.paragraph("第二版的文章。")],
                placements: [Placement(page: page(2, "国际"), order: 1, blockStart: 0, blockEnd: 1)]),
            Article(
                id: "csrb-20200103-01-01", paper: paper, date: d2, headline: "次日头条",
                blocks: [.paragraph("第二天的文章。")],
                placements: [Placement(page: page(1, "要闻"), order: 1, blockStart: 0, blockEnd: 1)]),
        ]
    }

    static let seedID = "zjrb-20102773"
    static let seedHeadline = "奋进在新时代的大路上"

    /// Runs `body` with a client of the application `broadsheet serve` would run over the fixture.
    static func withClient<T: Sendable>(
        _ configuration: WebConfiguration = WebConfiguration(logLevel: .warning),
        _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let app = try await buildApplication(store: try await archive, configuration: configuration)
        return try await app.test(.router, body)
    }
}

/// A response read as text.
struct Page: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var contentType: String { headers[.contentType] ?? "" }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Page {
        try await execute(uri: uri, method: .get, headers: headers) { response in
            Page(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}
