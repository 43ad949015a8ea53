import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import GRDB
import Testing

/// Search must return exactly the articles whose folded text contains the folded query.
/// The ground truth is computed here by scanning bytes, on a sample of the real crawl.
@Suite("Recall on the crawl corpus", .serialized)
struct RecallTests {
    /// `../shared/corpus/rmrb-crawl` from the package root, or `BROADSHEET_CORPUS`.
    static let corpus: String? = {
        if let env = ProcessInfo.processInfo.environment["BROADSHEET_CORPUS"] { return env }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/rmrb-crawl").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    /// Every fourth day folder of the three months: a sample that imports in seconds.
    static func sampleFolders(_ corpus: String) throws -> [String] {
        let fm = FileManager.default
        var days: [String] = []
        for month in try fm.contentsOfDirectory(atPath: corpus).sorted() {
            let monthPath = corpus + "/" + month
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: monthPath, isDirectory: &isDir), isDir.boolValue else { continue }
            days += try fm.contentsOfDirectory(atPath: monthPath).sorted().map { monthPath + "/" + $0 }
        }
        return days.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
    }

    struct Doc {
        var id: String
        var fields: [[UInt8]]
    }

    @Test func recallMatchesGroundTruth() throws {
        guard let corpus = Self.corpus else {
            print("RecallTests skipped: ../shared/corpus/rmrb-crawl not found (set BROADSHEET_CORPUS to run)")
            return
        }
        let store = try SQLiteArchive.inMemory()
        _ = try Importer(store: store).run(paths: try Self.sampleFolders(corpus), options: .init(paperName: "人民日报"))
        let docs: [Doc] = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kicker, headline, subtitle, body FROM article").map { row in
                Doc(id: row["id"], fields: ["kicker", "headline", "subtitle", "body"].map { (row[$0] as String?).map { Array(TextFolding.fold($0).utf8) } ?? [] })
            }
        }
        #expect(docs.count > 500)

        var rng = SeededGenerator(seed: 20191125)
        let queries = QuerySets.make(docs: docs.map(\.fields), rng: &rng)
        var checked = 0
        for (kind, list) in queries {
            for q in list {
                let truth = Set(docs.filter { GroundTruth.contains($0.fields, query: q) }.map(\.id))
                let found = try store.read { db in Set(try ArticleSearch.allIDs(db, SearchRequest(query: "\"\(q)\""))) }
                #expect(found == truth, "\(kind) \(q): missing \(truth.subtracting(found).sorted().prefix(5)), extra \(found.subtracting(truth).sorted().prefix(5))")
                checked += 1
            }
        }
        print("RecallTests: \(checked) queries over \(docs.count) articles, every result set equal to the ground truth")
    }
}
