import BroadsheetCore
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Logging
import Testing

/// `serve --watch DIR`: what lands in the folder is imported once it stops changing, then moved
/// to imported/ or, with the error beside it, to failed/.
@Suite("Watch folder")
struct WatchFolderTests {
    @Test("a good file is imported and moved to imported/; a bad one goes to failed/ with its error; the archive keeps only the good")
    func importsAndSorts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-watch-\(UUID().uuidString)")
        let inbox = dir.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteArchive(path: dir.appendingPathComponent("a.sqlite").path)
        let watcher = WatchFolder(folder: inbox.path, store: store, paperName: "人民日报", interval: .milliseconds(100), logger: Logger(label: "test"))
        let task = Task { try await watcher.run() }
        defer { task.cancel() }

        let good = "\r\n国庆假期消费旺\r\n\r\n　　本报北京10月7日电  （记者王昊男）国庆假期，消费火热。\r\n"
        FileManager.default.createFile(atPath: inbox.appendingPathComponent("20191008-01-05.txt").path, contents: Data(good.utf8))
        FileManager.default.createFile(atPath: inbox.appendingPathComponent("export.jsonl").path, contents: Data("{broken\n".utf8))
        FileManager.default.createFile(atPath: inbox.appendingPathComponent(".part").path, contents: Data("being written".utf8))

        let imported = inbox.appendingPathComponent("imported/20191008-01-05.txt").path
        let failed = inbox.appendingPathComponent("failed/export.jsonl").path
        for _ in 0..<100 where !(FileManager.default.fileExists(atPath: imported) && FileManager.default.fileExists(atPath: failed + ".error.txt")) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(FileManager.default.fileExists(atPath: imported))
        #expect(FileManager.default.fileExists(atPath: failed))
        let error = try String(contentsOfFile: failed + ".error.txt", encoding: .utf8)
        #expect(error.hasPrefix("export.jsonl:1:"))
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent(".part").path))
        #expect(try await store.exportArticles().collect().map(\.id) == ["rmrb-20191008-01-05"])
        #expect(try await store.auditLog(limit: 5).first?.actor == "watch:" + inbox.path)
    }
}
