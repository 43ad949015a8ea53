import BroadsheetCore
import BroadsheetStore
import Foundation
import Testing

@Suite("Import into the SQLite archive")
struct ImportTests {
    @Test("the seed imports as one article on pages 1 and 5 and exports byte for byte")
    func seedRoundTrip() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        let summary = try Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        #expect(summary.store.articles == 1)
        #expect(summary.store.stitching.jumpsLinked == 1)
        let edition = try #require(try store.edition(paper: "zjrb", date: IssueDate("2019-11-25")!))
        #expect(edition.pages.map(\.page.number) == [1, 5])
        #expect(edition.pages[0].page.name == "要闻")
        #expect(edition.pages[1].articles.first?.isContinuation == true)
        let a = try #require(try store.article(id: "zjrb-20102773"))
        #expect(a.sources.count == 1)
        let original = try #require(FileManager.default.contents(atPath: StoreFixtures.seedPath))
        #expect(Data(a.sources[0].text.utf8) == original)
    }

    @Test("importing the same files again changes nothing")
    func reimportIsNoOp() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        let importer = Importer(store: store)
        _ = try importer.run(paths: [StoreFixtures.seedPath], options: .init())
        let before = try StoreFixtures.snapshot(store)
        let again = try importer.run(paths: [StoreFixtures.seedPath], options: .init())
        #expect(again.store.editions == 0)
        #expect(again.store.unchanged == 1)
        #expect(try StoreFixtures.snapshot(store) == before)
    }

    @Test("a changed file updates its article and never duplicates it")
    func changedFileUpdates() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        let importer = Importer(store: store)
        let path = dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "原来的标题", "", "　　原来的正文。"]))
        _ = try importer.run(paths: [path], options: .init(paperName: "人民日报"))
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "改过的标题", "", "　　改过的正文。"]))
        let second = try importer.run(paths: [path], options: .init(paperName: "人民日报"))
        #expect(second.store.updated == 1)
        let all = try store.articles(paper: nil, from: nil, to: nil, id: nil)
        #expect(all.count == 1)
        #expect(all.first?.headline == "改过的标题")
        #expect(all.first?.id == "rmrb-20191003-02-01")
    }

    @Test("jump parts that arrive in different imports are joined")
    func partsAcrossImports() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        let importer = Importer(store: store)
        let front = dir.write("a/20191125-01-02.txt", StoreFixtures.crawlText(["", "跨版文章", "", "　　前半部分。", "　　（下转第五版）"]))
        let first = try importer.run(paths: [front], options: .init(paperName: "人民日报"))
        #expect(first.store.stitching.unresolved.count == 1)
        let back = dir.write("b/20191125-05-01.txt", StoreFixtures.crawlText(["", "跨版文章", "", "　　（上接第一版）", "　　后半部分。"]))
        let second = try importer.run(paths: [back], options: .init(paperName: "人民日报"))
        #expect(second.store.stitching.jumpsLinked == 1)
        let all = try store.articles(paper: nil, from: nil, to: nil, id: nil)
        #expect(all.count == 1)
        #expect(all.first?.placements.map(\.page.number) == [1, 5])
    }

    @Test("JSONL export, import into an empty archive, export again: identical")
    func jsonlRoundTrip() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        _ = try Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["引题", "标题", "副题", "　　本报记者  王  五", "　　正文。"]))
        _ = try Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
        let exported = try store.articles(paper: nil, from: nil, to: nil, id: nil).map { ArticleJSONL.line($0) + "\n" }.joined()
        let file = dir.write("export.jsonl", exported)
        let other = try SQLiteArchive(path: dir.url.appendingPathComponent("other.sqlite").path)
        _ = try Importer(store: other).run(paths: [file], options: .init())
        let again = try other.articles(paper: nil, from: nil, to: nil, id: nil).map { ArticleJSONL.line($0) + "\n" }.joined()
        #expect(again == exported)
        #expect(try other.stats().years == (try store.stats().years))
    }
}
