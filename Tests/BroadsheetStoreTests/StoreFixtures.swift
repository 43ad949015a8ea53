import BroadsheetCore
import BroadsheetStore
import Foundation

/// Temporary archives and input folders for store tests.
enum StoreFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seedPath = packageRoot.appendingPathComponent("Samples/zjrb-20191125-20102773.txt").path
    static var seedText: String { try! String(contentsOfFile: seedPath, encoding: .utf8) }
    static let corpusPath = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/rmrb-crawl").path

    /// The crawl corpus, or nil (and a printed reason) where it is absent.
    static func corpus() -> String? {
        if FileManager.default.fileExists(atPath: corpusPath) { return corpusPath }
        print("skipped: ../shared/corpus/rmrb-crawl is not here (\(corpusPath))")
        return nil
    }

    /// A fresh folder that is removed when the test ends.
    final class TempDir: @unchecked Sendable {
        // Safe: immutable after init.
        let url: URL
        init() {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-test-\(UUID().uuidString)")
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        var path: String { url.path }

        @discardableResult
        func write(_ name: String, _ text: String) -> String {
            write(name, Array(text.utf8))
        }

        @discardableResult
        func write(_ name: String, _ bytes: [UInt8]) -> String {
            let file = url.appendingPathComponent(name)
            try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
            return file.path
        }

        func archive() throws -> SQLiteArchive {
            try SQLiteArchive(path: url.appendingPathComponent("archive.sqlite").path)
        }
    }

    /// Everything in the archive, as JSONL: two equal snapshots mean nothing changed.
    static func snapshot(_ store: SQLiteArchive) throws -> String {
        try store.articles(paper: nil, from: nil, to: nil, id: nil).map(ArticleJSONL.line).joined(separator: "\n")
            + "\n" + String(describing: try store.stats())
    }

    static func crawlText(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}
