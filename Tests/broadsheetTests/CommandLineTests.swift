import ArgumentParser
import BroadsheetCore
import BroadsheetStore
import Foundation
import Synchronization
import Testing
import BroadsheetWeb

@testable import broadsheet

@Suite("Command line")
struct CommandLineTests {
    @Test("a search may start with an exclusion, as the query language documents", arguments: [
        (["-会议", "date:2020"], ["-会议", "date:2020"]),
        (["--limit", "5", "-会议", "date:2020"], ["-会议", "date:2020"]),
        (["台州红云", "--limit", "5"], ["台州红云"]),
    ])
    func leadingMinus(arguments: [String], query: [String]) throws {
        let command = try SearchCommand.parse(arguments)
        #expect(command.query == query)
    }

    @Test("search --all takes a format, csv by default")
    func searchAll() throws {
        #expect(try SearchCommand.parse(["--all", "台州红云"]).format == .csv)
        #expect(try SearchCommand.parse(["--all", "--format", "jsonl", "台州红云"]).format == .jsonl)
        #expect(throws: (any Error).self) { _ = try SearchCommand.parse(["--all", "--format", "xml", "台州红云"]) }
    }

    @Test("export takes a paper's slug in any case or its name, month and year dates, and refuses what would be empty")
    func exportSelection() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        _ = try await store.importContent(records: [], articles: [Article(
            id: "rmrb-20191003-01-01", paper: Paper(name: "人民日报"), date: IssueDate("2019-10-03")!, headline: "标题",
            blocks: [.paragraph("正文。")], placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1)])])

        for paper in ["rmrb", "RMRB", "人民日报"] {
            #expect(try await ExportCommand.parse(["--paper", paper]).selection(store).paper == "rmrb")
        }
        let month = try await ExportCommand.parse(["--from", "2019-10", "--to", "2019"]).selection(store)
        #expect(month.from == IssueDate("2019-10-01") && month.to == IssueDate("2019-12-31"))
        await #expect(throws: CLIError.self) { _ = try await ExportCommand.parse(["--paper", "浙江日报"]).selection(store) }
        do {
            _ = try await ExportCommand.parse(["--paper", "nosuch"]).selection(store)
        } catch let e as CLIError {
            #expect(e.description.contains("人民日报 (rmrb)"))
        }
        await #expect(throws: CLIError.self) { _ = try await ExportCommand.parse(["--from", "2019-11", "--to", "2019-10"]).selection(store) }
        await #expect(throws: ValidationError.self) { _ = try await ExportCommand.parse(["--from", "2019-13"]).selection(store) }
        // stats takes --paper the same way.
        let db = dir.appendingPathComponent("a.sqlite").path
        try await StatsCommand.parse(["--db", db, "--paper", "RMRB"]).run()
        await #expect(throws: CLIError.self) { try await StatsCommand.parse(["--db", db, "--paper", "nosuch"]).run() }
    }

    @Test("backup writes a copy that verify passes, and never overwrites a file")
    func backupAndVerify() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("a.sqlite").path
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples").path
        try await ImportCommand.parse(["--db", db, samples]).run()
        let copy = dir.appendingPathComponent("copy.sqlite").path

        try await BackupCommand.parse(["--db", db, copy]).run()

        try await VerifyCommand.parse(["--db", copy]).run()
        let original = try await SQLiteArchive(path: db, readOnly: true).exportArticles().collect()
        #expect(try await SQLiteArchive(path: copy, readOnly: true).exportArticles().collect() == original)
        #expect(!original.isEmpty)
        await #expect(throws: CLIError.self) { try await BackupCommand.parse(["--db", db, copy]).run() }
    }

    @Test("copy: SQLite to SQLite, the JSONL exports byte for byte the same, tokens and withdrawals with them; a missing source or a full target is refused")
    func copyArchive() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples").path
        let (a, b) = (dir.appendingPathComponent("a.sqlite").path, dir.appendingPathComponent("b.sqlite").path)
        try await ImportCommand.parse(["--db", a, samples]).run()
        try await TokensCommand.Create.parse(["--db", a, "夜班"]).run()
        let id = try #require(try await SQLiteArchive(path: a, readOnly: true).exportArticles().collect().first?.id)
        try await WithdrawCommand.parse(["--db", a, id, "--reason", "更正"]).run()

        try await CopyCommand.parse(["--from", a, "--to", b]).run()

        let (from, to) = (try SQLiteArchive(path: a, readOnly: true), try SQLiteArchive(path: b, readOnly: true))
        let tokens = try await from.tokens()
        #expect(try await to.tokens() == tokens && tokens.count == 1)
        #expect(try await to.withdrawal(id: id)?.reason == "更正")
        #expect(try await to.auditLog(limit: 100).dropFirst().elementsEqual(from.auditLog(limit: 100)))

        let (ea, eb) = (dir.appendingPathComponent("a.jsonl").path, dir.appendingPathComponent("b.jsonl").path)
        try await ExportCommand.parse(["--db", a, "--format", "jsonl", "--output", ea]).run()
        try await ExportCommand.parse(["--db", b, "--format", "jsonl", "--output", eb]).run()
        let (exported, copied) = (try Data(contentsOf: URL(fileURLWithPath: ea)), try Data(contentsOf: URL(fileURLWithPath: eb)))
        #expect(!exported.isEmpty && exported == copied)

        await #expect(throws: CLIError.self) { try await CopyCommand.parse(["--from", a, "--to", b]).run() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: b)).count > 0)
        let missing = dir.appendingPathComponent("nosuch.sqlite").path
        let c = dir.appendingPathComponent("c.sqlite").path
        await #expect(throws: CLIError.self) { try await CopyCommand.parse(["--from", missing, "--to", c]).run() }
        #expect(!FileManager.default.fileExists(atPath: c))
    }

    @Test("a failed first import leaves no archive file behind; a failed later one keeps the archive")
    func failedImportLeavesNoFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("new.sqlite").path
        let bad = dir.appendingPathComponent("20190229-01-01.txt").path
        #expect(FileManager.default.createFile(atPath: bad, contents: Data("\r\n标题\r\n\r\n　　正文。\r\n".utf8)))
        let good = dir.appendingPathComponent("20190228-01-01.txt").path
        #expect(FileManager.default.createFile(atPath: good, contents: Data("\r\n标题\r\n\r\n　　正文。\r\n".utf8)))

        await #expect(throws: (any Error).self) { try await ImportCommand.parse(["--db", db, "--paper", "人民日报", bad]).run() }
        #expect(!FileManager.default.fileExists(atPath: db))

        try await ImportCommand.parse(["--db", db, "--paper", "人民日报", good]).run()
        await #expect(throws: (any Error).self) { try await ImportCommand.parse(["--db", db, "--paper", "人民日报", bad]).run() }
        #expect(FileManager.default.fileExists(atPath: db))
    }

    @Test("a first import with --keep-going keeps the good files although it exits with an error")
    func keepGoingFirstImportKeepsArchive() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("new.sqlite").path
        let bad = dir.appendingPathComponent("20190229-01-01.txt").path
        #expect(FileManager.default.createFile(atPath: bad, contents: Data("\r\n标题\r\n\r\n　　正文。\r\n".utf8)))
        let good = dir.appendingPathComponent("20190228-01-01.txt").path
        #expect(FileManager.default.createFile(atPath: good, contents: Data("\r\n标题\r\n\r\n　　正文。\r\n".utf8)))

        await #expect(throws: CLIError.self) {
            try await ImportCommand.parse(["--db", db, "--paper", "人民日报", "--keep-going", bad, good]).run()
        }
        let store = try SQLiteArchive(path: db)
        #expect(try await store.article(id: "rmrb-20190228-01-01") != nil)
    }

    @Test("serve prints its URL only once it listens, and a taken port is said so, with no URL printed")
    func takenPort() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let port = 18_000 + Int.random(in: 0..<2_000)
        let banners = Banners()
        let first = Task { try await ServerOptions.parse(["--port", "\(port)", "--log-level", "error"]).serve(store) { url in banners.add("first \(url)") } }
        defer { first.cancel() }
        for _ in 0..<100 where banners.all.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        #expect(banners.all == ["first http://127.0.0.1:\(port)/"])
        do {
            try await ServerOptions.parse(["--port", "\(port)", "--log-level", "error"]).serve(store) { url in banners.add("second \(url)") }
            Issue.record("a second server started on a taken port")
        } catch let e as CLIError {
            #expect(e.description.contains("is taken") && e.description.contains("--port"))
        }
        #expect(banners.all.count == 1)
    }
}

@Suite("Command-line wording")
struct CommandLineWordingTests {
    @Test("--db takes a postgres:// URL: without the trait, an error that says how to build with it; backup needs a file")
    func postgresURL() async throws {
        let option = try ArchiveOption.parse(["--db", "postgres://u:secret@127.0.0.1:1/archive"])
        #expect(option.isURL && option.displayName == "postgres://u@127.0.0.1:1/archive")
        #expect(option.mediaPath == ProcessInfo.processInfo.environment["BROADSHEET_MEDIA"] ?? "./broadsheet.media")
        do {
            _ = try await option.store(readOnly: true)
            Issue.record("opened an archive on port 1")
        } catch let e as CLIError {
            #if PostgreSQL
            #expect(e.description.contains("cannot reach the PostgreSQL server at 127.0.0.1:1"))
            #else
            #expect(e.description.contains("--traits PostgreSQL"))
            #endif
            #expect(!e.description.contains("secret"))
        }
        #expect(throws: CLIError.self) { _ = try option.open(readOnly: true, for: "backup") }
    }

    @Test("counts read as English: 1 file, 2 files")
    func plurals() {
        #expect(plural(1, "edition") == "1 edition")
        #expect(plural(2, "edition") == "2 editions")
        #expect(plural(0, "error") == "0 errors")
    }

    @Test("progress shows no rate for a run too short to measure, and says when the store indexes and commits")
    func progressLines() {
        let state = LockedState()
        let start = Date()
        #expect(state.line(phase: "reading", done: 1, total: 1, now: start, terminal: false) == "reading: 1/1")
        let writing = state.line(phase: "writing editions", done: 90, total: 90, now: start, terminal: false) ?? ""
        #expect(writing.contains("indexing for search and committing"))
        #expect(!writing.contains("/s"))
    }

    @Test("show labels pages one way: the jump's target as the page lines label it")
    func showLabels() async throws {
        let records = [try EditionTextFormat.parse(String(contentsOfFile: Self.seed, encoding: .utf8), file: Self.seed)]
        let article = try #require(Stitcher.stitch(records, paper: Paper(name: "浙江日报")).articles.first)
        let text = ArticleText.render(article)
        #expect(text.contains("→ 第05版") && text.contains("→ 第01版"))
        #expect(!text.contains("→ 第5版"))
    }

    static let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples/zjrb-20191125-20102773.txt").path
}

/// Banners printed by servers under test.
final class Banners: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) -> String {
        lines.withLock { $0.append(line) }
        return line
    }
    var all: [String] { lines.withLock { $0 } }
}
