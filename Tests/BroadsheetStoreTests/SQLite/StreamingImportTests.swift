@testable import BroadsheetStore
import BroadsheetCore
import BroadsheetSearch
import Foundation
import Synchronization
import Testing

/// An import larger than one batch: read and written a batch at a time, still all or nothing.
struct StreamingImportTests {
    /// `days` editions of `perDay` crawl files each, in date folders as the crawl has them.
    static func crawl(_ dir: StoreFixtures.TempDir, days: Int, perDay: Int) -> [String] {
        var files: [String] = []
        for d in 1...days {
            let date = String(format: "201910%02d", d)
            for n in 1...perDay {
                let page = (n - 1) / 20 + 1, order = (n - 1) % 20 + 1
                let name = String(format: "%@-%02d-%02d.txt", date, page, order)
                files.append(dir.write("in/\(date)/\(name)", StoreFixtures.crawlText([
                    "", "第\(d)天第\(n)篇", "", "　　正文\(d)-\(n)：流式导入的测试稿件，每篇都不一样。",
                ])))
            }
        }
        return files
    }

    @Test func batchesEndWhereAnEditionEnds() throws {
        let dir = StoreFixtures.TempDir()
        let files = Self.crawl(dir, days: 5, perDay: 700).sorted()
        let reader = Importer.BatchReader(files: files, options: .init(paperName: "人民日报"), summary: .init(), progress: nil)
        var sizes: [Int] = []
        var editions: [Set<String>] = []
        while let batch = try reader.next() {
            sizes.append(batch.records.count)
            editions.append(Set(batch.records.map { $0.date.description }))
        }
        #expect(sizes.reduce(0, +) == 3_500)
        #expect(sizes.count > 1, "more than one batch for 3,500 files")
        // No edition is cut in two, and no batch runs past its size by more than an edition.
        for (i, a) in editions.enumerated() { for b in editions[(i + 1)...] { #expect(a.isDisjoint(with: b)) } }
        #expect(sizes.allSatisfy { $0 < Importer.BatchReader.batchItems + 700 })
    }

    @Test func aFolderNamedThroughASymbolicLinkIsImportedWhole() async throws {
        let dir = StoreFixtures.TempDir()
        _ = Self.crawl(dir, days: 2, perDay: 3)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: dir.path + "/in")
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        let summary = try await Importer(store: store).run(paths: [dir.path + "/link"], options: .init(paperName: "人民日报"))
        #expect(summary.files == 6)
        #expect(try await store.stats().papers.first?.articles == 6)
    }

    /// While the store writes one batch, the next is read on another thread: every batch still
    /// arrives, once and in order, and a bad file still stops the import.
    @Test func readAheadGivesEveryBatchOnceInOrder() throws {
        let produced = Mutex(0)
        let ahead = ReadAhead<Int> {
            produced.withLock { n in
                n += 1
                return n <= 50 ? n : nil
            }
        }
        var seen: [Int] = []
        while let n = try ahead.next() { seen.append(n) }
        #expect(seen == Array(1...50))
        #expect(try ahead.next() == nil, "the end is given again")
        ahead.stop()

        struct Bad: Error {}
        let calls = Mutex(0)
        let failing = ReadAhead<Int> {
            try calls.withLock { n in
                n += 1
                if n > 3 { throw Bad() }
                return n
            }
        }
        #expect(try failing.next() == 1)
        #expect(try failing.next() == 2)
        #expect(try failing.next() == 3)
        #expect(throws: Bad.self) { try failing.next() }
        #expect(throws: Bad.self) { try failing.next() }
        failing.stop()

        // Stopped early, the thread ends and `stop` returns.
        let endless = ReadAhead<Int> { 1 }
        #expect(try endless.next() == 1)
        endless.stop()
    }

    @Test func aBadFileAfterTheFirstBatchLeavesTheArchiveAsItWas() async throws {
        let dir = StoreFixtures.TempDir()
        _ = Self.crawl(dir, days: 5, perDay: 700)
        // Sorted last, read after several batches were written in the transaction.
        dir.write("in/20191031/20191031-01-01.txt", "")
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        let before = try await StoreFixtures.snapshot(store)
        let error = await #expect(throws: Importer.ImportError.self) {
            try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        }
        guard case .aborted(let problem) = error else { Issue.record("expected an aborted import"); return }
        #expect(problem.file.hasSuffix("20191031-01-01.txt"))
        #expect(try await StoreFixtures.snapshot(store) == before)
        #expect(try await store.revision() == 2)

        // Without the bad file, every batch lands, counted once.
        try FileManager.default.removeItem(atPath: dir.path + "/in/20191031")
        let summary = try await Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        #expect(summary.files == 3_500)
        #expect(summary.store.articles == 3_500)
        #expect(summary.store.editions == 5)
        #expect(try await store.stats().papers.first { $0.paper.slug == "rmrb" }?.articles == 3_500)
        #expect(try await store.versions(of: "rmrb-20191001-01-01").isEmpty)
        #expect(try await store.search(SearchRequest(parsing: "流式导入")).total == 3_500)
    }
}
