import BroadsheetCore
import BroadsheetStore
import Foundation
import Testing

@Suite("Bad input leaves the archive exactly as it was")
struct BadInputTests {
    static let seed = StoreFixtures.seedText

    /// Each case: file name and bytes, and text the error must show.
    static let cases: [(name: String, bytes: [UInt8], mentions: String)] = [
        ("empty.txt", [], "empty"),
        ("image.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "binary"),
        ("latin1.txt", Array("浙江日报 数字报纸\n\n\n00001版:要闻\n\n".utf8) + [0xC9, 0x74, 0xE9, 0x0A], "invalid UTF-8"),
        ("no-trailer.txt", Array(String(seed[..<seed.range(of: "\n\n\n浙江日报 要闻")!.lowerBound]).utf8), "trailer"),
        ("bad-trailer.txt", Array(seed.replacingOccurrences(of: "2019-11-25 20102773 2 2019年11月25日 星期一", with: "2019-11-25").utf8), "trailer"),
        ("headline.txt", Array(seed.replacingOccurrences(of: "00001 奋进在新时代的大路上 2019", with: "00001 奋进在新时代 2019").utf8), "headline"),
        ("weekday.txt", Array(seed.replacingOccurrences(of: "星期一", with: "星期日").utf8), "weekday"),
        ("date.txt", Array(seed.replacingOccurrences(of: "2019-11-25 20102773 2 2019年11月25日", with: "2019-11-31 20102773 2 2019年11月31日").utf8), "2019-11-31"),
        ("2019-10-03-01.txt", Array(StoreFixtures.crawlText(["", "标题", "", "　　正文。"]).utf8), "crawl pattern"),
        ("20190229-01-01.txt", Array(StoreFixtures.crawlText(["", "标题", "", "　　正文。"]).utf8), "impossible date"),
    ]

    @Test("a bad file aborts the import, names file and line, and writes nothing", arguments: cases.indices)
    func aborts(_ i: Int) throws {
        let c = Self.cases[i]
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        let importer = Importer(store: store)
        _ = try importer.run(paths: [StoreFixtures.seedPath], options: .init())
        let before = try StoreFixtures.snapshot(store)
        // A good file beside the bad one must not land either.
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "好的文件", "", "　　这一篇没有问题。"]))
        let bad = dir.write("in/\(c.name)", c.bytes)
        do {
            _ = try importer.run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报"))
            Issue.record("\(c.name) was accepted")
        } catch let e as Importer.ImportError {
            guard case .aborted(let f) = e else { Issue.record("\(e)"); return }
            #expect(f.file == bad)
            #expect(f.description.contains(c.mentions), "\(f)")
        }
        #expect(try StoreFixtures.snapshot(store) == before)
    }

    @Test("--keep-going imports the good files and lists the bad ones")
    func keepGoing() throws {
        let dir = StoreFixtures.TempDir()
        let store = try dir.archive()
        dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "好的文件", "", "　　这一篇没有问题。"]))
        dir.write("in/20191003-02-02.txt", [0xFF, 0xFE, 0x00, 0x41])
        let summary = try Importer(store: store).run(paths: [dir.path + "/in"], options: .init(paperName: "人民日报", keepGoing: true))
        #expect(summary.errors.count == 1)
        #expect(summary.errors.first?.file.hasSuffix("20191003-02-02.txt") == true)
        #expect(try store.articles(paper: nil, from: nil, to: nil, id: nil).map(\.headline) == ["好的文件"])
    }
}
