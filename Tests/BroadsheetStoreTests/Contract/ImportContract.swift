import BroadsheetCore
import BroadsheetStore
import Foundation
import Synchronization
import Testing

/// What every backend must do with imports: keep every byte, stitch, stay idempotent, replace
/// changed inputs, and land whole or not at all.
@Suite("Contract: import")
struct ImportContract {
    @Test("the seed imports as one article on pages 1 and 5 and exports byte for byte", arguments: Backend.all)
    func seedRoundTrip(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let summary = try await archive.importFiles([StoreFixtures.seedPath])
        #expect(summary.store.articles == 1)
        #expect(summary.store.stitching.jumpsLinked == 1)
        let edition = try #require(try await archive.store.edition(paper: "zjrb", date: IssueDate("2019-11-25")!))
        #expect(edition.pages.map(\.page.number) == [1, 5])
        #expect(edition.pages[0].page.name == "要闻")
        #expect(edition.pages[1].articles.first?.isContinuation == true)
        #expect(edition.pages[0].articles.first?.isContinuation == false)
        let a = try #require(try await archive.store.article(id: "zjrb-20102773"))
        #expect(a.placements.map(\.page.number) == [1, 5])
        // The end of an id, as the source system numbers its articles, leads to it.
        #expect(try await archive.store.resolve(id: "20102773") == ArticleAddress(id: "zjrb-20102773", page: nil))
        #expect(a.sources.count == 1)
        let original = try #require(FileManager.default.contents(atPath: StoreFixtures.seedPath))
        #expect(Data(a.sources[0].text.utf8) == original)
    }

    @Test("importing the same files again changes nothing, not even the revision", arguments: Backend.all)
    func reimportIsNoOp(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        let before = try await archive.snapshot()
        let revision = try await archive.store.revision()
        let again = try await archive.importFiles([StoreFixtures.seedPath])
        #expect(again.store.editions == 0)
        #expect(again.store.unchanged == 1)
        #expect(try await archive.snapshot() == before)
        #expect(try await archive.store.revision() == revision)
    }

    @Test("every import that changes something grows the revision", arguments: Backend.all)
    func revisionGrows(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let empty = try await archive.store.revision()
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        let first = try await archive.store.revision()
        #expect(first > empty)
        let path = archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "标题", "", "　　正文。"]))
        _ = try await archive.importFiles([path], paper: "人民日报")
        #expect(try await archive.store.revision() > first)
    }

    @Test("a changed file updates its article and never duplicates it", arguments: Backend.all)
    func changedFileUpdates(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let path = archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "原来的标题", "", "　　原来的正文。"]))
        _ = try await archive.importFiles([path], paper: "人民日报")
        archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "改过的标题", "", "　　改过的正文。"]))
        let second = try await archive.importFiles([path], paper: "人民日报")
        #expect(second.store.updated == 1)
        let all = try await archive.store.all()
        #expect(all.map(\.headline) == ["改过的标题"])
        #expect(all.first?.id == "rmrb-20191003-02-01")
        // The old text is gone from search too.
        #expect(try await archive.store.ids("原来") == [])
        #expect(try await archive.store.ids("改过") == ["rmrb-20191003-02-01"])
    }

    @Test("jump parts that arrive in different imports are joined", arguments: Backend.all)
    func partsAcrossImports(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let front = archive.dir.write("a/20191125-01-02.txt", StoreFixtures.crawlText(["", "跨版文章", "", "　　前半部分。", "　　（下转第五版）"]))
        let first = try await archive.importFiles([front], paper: "人民日报")
        #expect(first.store.stitching.unresolved.count == 1)
        let back = archive.dir.write("b/20191125-05-01.txt", StoreFixtures.crawlText(["", "跨版文章", "", "　　（上接第一版）", "　　后半部分。"]))
        let second = try await archive.importFiles([back], paper: "人民日报")
        #expect(second.store.stitching.jumpsLinked == 1)
        let all = try await archive.store.all()
        #expect(all.count == 1)
        #expect(all.first?.placements.map(\.page.number) == [1, 5])
        #expect(try await archive.store.ids("前半部分 后半部分") == [all[0].id])
    }

    @Test("a story printed on two pages is one article placed on both", arguments: Backend.all)
    func printedTwice(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let body = ["　　这是一篇足够长的报道，用来检验同一篇文章在两个版面上各印一次时会被合并为一篇。", "　　第二段也一样。"]
        let a = archive.dir.write("in/20191003-01-05.txt", StoreFixtures.crawlText(["", "两个版面", ""] + body))
        let b = archive.dir.write("in/20191003-03-02.txt", StoreFixtures.crawlText(["", "两个版面", ""] + body))
        let summary = try await archive.importFiles([a, b], paper: "人民日报")
        #expect(summary.store.stitching.duplicatesMerged == 1)
        let all = try await archive.store.all()
        #expect(all.count == 1)
        #expect(all.first?.placements.map(\.page.number) == [1, 3])
        #expect(Set(all.first?.sources.map(\.name) ?? []) == ["20191003-01-05.txt", "20191003-03-02.txt"])
        let edition = try #require(try await archive.store.edition(paper: "rmrb", date: IssueDate("2019-10-03")!))
        #expect(edition.pages.map { $0.articles.map(\.id) } == [[all[0].id], [all[0].id]])
        // The merged record's own id still leads to the article, at its page.
        #expect(all[0].id == "rmrb-20191003-01-05")
        #expect(try await archive.store.resolve(id: "rmrb-20191003-03-02") == ArticleAddress(id: "rmrb-20191003-01-05", page: 3))
        #expect(try await archive.store.resolve(id: "20191003-03-02") == nil)
        #expect(try await archive.store.resolve(id: "rmrb-20191003-09-09") == nil)
    }

    @Test("JSONL export, import into an empty archive, export again: identical", arguments: Backend.all)
    func jsonlRoundTrip(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["引题", "标题", "副题", "　　本报记者  王  五", "　　正文。"]))
        _ = try await archive.importFiles([archive.dir.path + "/in"], paper: "人民日报")
        let exported = try await archive.store.all().map { ArticleJSONL.line($0) + "\n" }.joined()
        let file = archive.dir.write("export.jsonl", exported)
        let other = try await archive.other()
        _ = try await Importer(store: other).run(paths: [file], options: .init())
        let again = try await other.all().map { ArticleJSONL.line($0) + "\n" }.joined()
        #expect(again == exported)
        #expect(try await other.stats().years == (try await archive.store.stats().years))
    }

    @Test("papers whose initials collide share an archive: each new one gets the next free slug, or the one asked for", arguments: Backend.all)
    func collidingSlugs(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let names = ["河南日报", "湖南日报", "海南日报", "河北日报", "湖北日报", "山西日报", "陕西日报", "江西日报", "吉林日报", "济南日报"]
        // The same file name in every paper's folder: the inputs must stay apart all the same.
        for name in names {
            let file = archive.dir.write("\(name)/20191003-01-01.txt", StoreFixtures.crawlText(["", "\(name)头版", "", "　　\(name)的报道。"]))
            let summary = try await archive.importFiles([file], paper: name)
            #expect(summary.store.articles == 1, "\(name)")
        }
        let papers = try await archive.store.papers()
        #expect(Set(papers.map(\.paper.name)) == Set(names))
        #expect(Set(papers.map(\.paper.slug)).count == names.count)
        #expect(papers.first { $0.paper.name == "河南日报" }?.paper.slug == "hnrb")
        #expect(papers.first { $0.paper.name == "湖南日报" }?.paper.slug == "hnrb2")
        let all = try await archive.store.all()
        #expect(all.count == names.count)
        #expect(Set(all.map(\.id)).count == names.count)
        for a in all { #expect(a.headline == a.paper.name + "头版") }
        // Importing one again finds it under its slug and changes nothing.
        let again = try await archive.importFiles([archive.dir.path + "/湖南日报"], paper: "湖南日报")
        #expect(again.store.unchanged == 1 && again.store.editions == 0)
        // A slug asked for: taken is an error, free is used.
        let file = archive.dir.write("黑龙江日报/20191003-01-01.txt", StoreFixtures.crawlText(["", "标题", "", "　　正文。"]))
        await #expect(throws: StoreError.self) {
            _ = try await Importer(store: archive.store).run(paths: [file], options: .init(paperName: "黑龙江日报", slug: "hnrb"))
        }
        _ = try await Importer(store: archive.store).run(paths: [file], options: .init(paperName: "黑龙江日报", slug: "hljrb"))
        #expect(try await archive.store.paper(slug: "hljrb")?.paper.name == "黑龙江日报")
    }

    @Test("regions on placements survive a round trip", arguments: Backend.all)
    func regions(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        var item = SearchItem(id: "mapped", headline: "有热区的文章", body: "正文。", pages: [(1, "要闻"), (2, nil)]).article
        item.placements[0].regions = [Region(x: 10, y: 20, width: 300, height: 400), Region(points: [.init(x: 0, y: 0), .init(x: 5, y: 0), .init(x: 0, y: 5)])]
        _ = try await archive.store.importContent(records: [], articles: [item])
        let stored = try #require(try await archive.store.article(id: "mapped"))
        #expect(stored.placements.map(\.regions) == item.placements.map(\.regions))
        #expect(stored == item)
    }

    @Test("export streams in batches, in order, with nothing lost or repeated", arguments: Backend.all)
    func streamingExport(_ backend: Backend) async throws {
        let items = (1...23).map { i in
            SearchItem(id: "s\(i)", date: "2019-11-\(10 + i % 5)", headline: "第\(i)篇", body: "正文\(i)。", pages: [(1 + i % 3, nil)])
        }
        let archive = try await ContractArchive(backend, items: items)
        let whole = try await archive.store.exportArticles(batchSize: 1000).collect()
        let batched = try await archive.store.exportArticles(batchSize: 4).collect()
        #expect(batched == whole)
        #expect(Set(whole.map(\.id)).count == 23)
        let keys = whole.map { ($0.date.description, $0.placements[0].page.number, $0.placements[0].order, $0.id) }
        #expect(keys.map { "\($0)" } == keys.sorted { $0 < $1 }.map { "\($0)" })
        let november12 = try await archive.store.exportArticles(ArticleSelection(from: IssueDate("2019-11-12"), to: IssueDate("2019-11-12")), batchSize: 2).collect()
        #expect(Set(november12.map(\.id)) == Set(items.filter { $0.date == "2019-11-12" }.map(\.id)))
    }
}

/// Bad input: one bad file stops the import, names file and line, and writes nothing.
@Suite("Contract: bad input leaves the archive exactly as it was")
struct BadInputContract {
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
        ("20190229-01-01.txt", Array(StoreFixtures.crawlText(["", "标题", "", "　　正文。"]).utf8), "impossible date"),
        ("bad.jsonl", Array("{\"id\": \"x\"}\n".utf8), "bad.jsonl:1"),
    ]

    @Test("a bad file aborts the import, names file and line, and writes nothing", arguments: Backend.all, cases.indices)
    func aborts(_ backend: Backend, _ i: Int) async throws {
        let c = Self.cases[i]
        let archive = try await ContractArchive(backend)
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        let before = try await archive.snapshot()
        let revision = try await archive.store.revision()
        // A good file beside the bad one must not land either.
        archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "好的文件", "", "　　这一篇没有问题。"]))
        let bad = archive.dir.write("in/\(c.name)", c.bytes)
        do {
            _ = try await archive.importFiles([archive.dir.path + "/in"], paper: "人民日报")
            Issue.record("\(c.name) was accepted")
        } catch let e as Importer.ImportError {
            guard case .aborted(let f) = e else { Issue.record("\(e)"); return }
            #expect(f.file == bad)
            #expect(f.description.contains(c.mentions), "\(f)")
        }
        #expect(try await archive.snapshot() == before)
        #expect(try await archive.store.revision() == revision)
    }

    @Test("an article id taken by another edition stops the import and writes nothing", arguments: Backend.all)
    func idConflict(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend, items: [SearchItem(id: "same", date: "2019-11-25", headline: "一", body: "一。")])
        let before = try await archive.snapshot()
        await #expect(throws: StoreError.self) {
            _ = try await archive.store.importContent(records: [], articles: [
                SearchItem(id: "other", date: "2019-11-26", headline: "二", body: "二。").article,
                SearchItem(id: "same", date: "2019-11-27", headline: "三", body: "三。").article,
            ])
        }
        #expect(try await archive.snapshot() == before)
    }

    @Test("a text file in none of the formats is skipped and listed, or stops a strict import", arguments: Backend.all)
    func unrecognizedFiles(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "好的文件", "", "　　这一篇没有问题。"]))
        let stray = archive.dir.write("in/说明.txt", "这个文件夹是2019年10月的人民日报。\n")
        let misnamed = archive.dir.write("in/2019-10-03-01.txt", StoreFixtures.crawlText(["", "标题", "", "　　正文。"]))
        let before = try await archive.snapshot()
        do {
            _ = try await Importer(store: archive.store).run(paths: [archive.dir.path + "/in"], options: .init(paperName: "人民日报", strict: true))
            Issue.record("a strict import took files in none of the formats")
        } catch let e as Importer.ImportError {
            guard case .aborted(let f) = e else { Issue.record("\(e)"); return }
            #expect([stray, misnamed].contains(f.file))
            #expect(f.description.contains("none of the formats"))
        }
        #expect(try await archive.snapshot() == before)
        let summary = try await archive.importFiles([archive.dir.path + "/in"], paper: "人民日报")
        #expect(summary.errors.isEmpty)
        #expect(summary.skipped.count == 2)
        #expect(summary.skipped.contains { $0.hasPrefix(stray) && $0.contains("none of the formats") })
        #expect(try await archive.store.all().map(\.headline) == ["好的文件"])
    }

    @Test("a JSON Lines file with a broken line: that line is the error; with --keep-going the good lines land", arguments: Backend.all)
    func jsonlBrokenLine(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        let good = ArticleJSONL.line(SearchItem(id: "good-1", headline: "好的一行", body: "正文。").article)
        let other = ArticleJSONL.line(SearchItem(id: "good-2", headline: "另一行", body: "正文。").article)
        let file = archive.dir.write("in/mixed.jsonl", good + "\n{\"id\": \"broken\"\n" + other + "\n")
        do {
            _ = try await archive.importFiles([file])
            Issue.record("a broken line was accepted")
        } catch let e as Importer.ImportError {
            guard case .aborted(let f) = e else { Issue.record("\(e)"); return }
            #expect(f.file == file && f.line == 2)
        }
        #expect(try await archive.store.all().isEmpty)
        let summary = try await archive.importFiles([file], keepGoing: true)
        #expect(summary.errors.map(\.line) == [2])
        #expect(Set(try await archive.store.all().map(\.id)) == ["good-1", "good-2"])
    }

    @Test("--keep-going imports the good files and lists the bad ones", arguments: Backend.all)
    func keepGoing(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        archive.dir.write("in/20191003-02-01.txt", StoreFixtures.crawlText(["", "好的文件", "", "　　这一篇没有问题。"]))
        archive.dir.write("in/20191003-02-02.txt", [0xFF, 0xFE, 0x00, 0x41])
        let summary = try await archive.importFiles([archive.dir.path + "/in"], paper: "人民日报", keepGoing: true)
        #expect(summary.errors.count == 1)
        #expect(summary.errors.first?.file.hasSuffix("20191003-02-02.txt") == true)
        #expect(try await archive.store.all().map(\.headline) == ["好的文件"])
    }

    @Test("an edition written in two batches of one import is reported whole, in the report and the audit entry", arguments: Backend.all)
    func editionAcrossBatches(_ backend: Backend) async throws {
        // Given an import whose two batches each hold two of one edition's four articles
        let archive = try await ContractArchive(backend)
        func article(_ n: Int) -> Article {
            Article(id: "rmrb-20191125-01-0\(n)", paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate("2019-11-25")!,
                    kicker: nil, headline: "标题\(n)", subtitle: nil, blocks: [.paragraph("正文\(n)")],
                    placements: [Placement(page: PageRef(number: n < 3 ? 1 : 2), order: n, blockStart: 0, blockEnd: 1)])
        }
        let batches = Mutex([[article(3), article(4)], [article(1), article(2)]])
        let source = ImportBatchSource { batches.withLock { $0.popLast() }.map { ImportBatch(articles: $0) } }
        // When it runs
        let report = try await archive.store.importBatches(source, expected: 4, actor: "test", publishAt: nil)
        // Then the report counts the edition as it stands: one edition, two pages, four articles
        #expect(try await archive.store.all().count == 4)
        #expect(report.editions == 1)
        #expect(report.pages == 2)
        #expect(report.articles == 4)
        let entry = try #require(try await archive.store.auditLog(limit: 1).first)
        #expect(entry.detail.contains("articles 4,"))
    }
}
