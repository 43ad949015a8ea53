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

    /// True where the crawl corpus is beside the checkout; tests that need it are enabled only
    /// then (`.enabled(if: StoreFixtures.hasCorpus, …)`), so a fresh clone reports them skipped.
    static let hasCorpus = FileManager.default.fileExists(atPath: corpusPath)

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
            let written = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
            precondition(written, "cannot write the fixture file \(file.path)")
            return file.path
        }

    }

    /// Everything in the archive, as JSONL: two equal snapshots mean nothing changed.
    static func snapshot(_ store: any ArchiveStore) async throws -> String {
        try await store.exportArticles().collect().map(ArticleJSONL.line).joined(separator: "\n")
            + "\n" + String(describing: try await store.stats())
    }

    static func crawlText(_ lines: [String]) -> String {
        lines.joined(separator: "\r\n") + "\r\n"
    }
}
