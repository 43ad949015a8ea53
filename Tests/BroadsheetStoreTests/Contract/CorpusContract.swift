import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

@Suite("Contract: the whole crawl corpus")
struct CorpusContract {
    @Test("imports with counts that match the files, the known pair merged, re-import a no-op",
          .enabled(if: StoreFixtures.hasCorpus, "needs ../shared/corpus/rmrb-crawl beside the checkout"),
          arguments: Backend.all)
    func wholeCorpus(_ backend: Backend) async throws {
        let corpus = StoreFixtures.corpusPath
        let archive = try await ContractArchive(backend)
        let store = archive.store
        let importer = Importer(store: store)
        let summary = try await importer.run(paths: [corpus], options: .init(paperName: "人民日报"))

        // Count the files and days ourselves.
        var files = 0
        var days = Set<String>()
        var pages = Set<String>()
        let e = FileManager.default.enumerator(atPath: corpus)!
        while let rel = e.nextObject() as? String {
            guard rel.hasSuffix(".txt") else { continue }
            let name = (rel as NSString).lastPathComponent
            files += 1
            days.insert(String(name.prefix(8)))
            pages.insert(String(name.prefix(11)))
        }
        #expect(summary.files == files)
        #expect(summary.errors.isEmpty)
        #expect(summary.store.editions == days.count)
        #expect(summary.store.pages == pages.count)
        // Every file is kept; every file is an article or a placement of a merged one.
        let stats = try await store.stats()
        #expect(stats.sources == files)
        #expect(summary.store.articles + summary.store.stitching.duplicatesMerged == files)
        #expect(summary.store.stitching.duplicatesMerged > 100)

        let pair = try #require(try await store.article(id: "rmrb-20191003-01-05"))
        #expect(pair.placements.map(\.page.number) == [1, 3])
        #expect(Set(pair.sources.map(\.name)) == ["20191003-01-05.txt", "20191003-03-05.txt"])
        #expect(try await store.article(id: "rmrb-20191003-03-05") == nil)

        // Original bytes survive.
        let original = try #require(FileManager.default.contents(atPath: corpus + "/2019年10月/20191003/20191003-03-05.txt"))
        #expect(pair.sources.contains { Data($0.text.utf8) == original })

        // A load this size is indexed in one rebuild at the end: search must still find every
        // article a scan of the folded text finds.
        let all = try await store.all()
        for query in ["改革开放", "台州", "機關", "ＧＤＰ"] {
            let needle = TextFolding.fold(query)
            let expected = Set(all.filter { a in
                [a.kicker ?? "", a.headline, a.subtitle ?? "", a.searchText].contains { TextFolding.fold($0).contains(needle) }
            }.map(\.id))
            let results = try await store.search(query, limit: 1000)
            #expect(results.total == expected.count, "\(query)")
            let found = try await store.ids(query)
            #expect(found == expected, "\(query): missing \(expected.subtracting(found).sorted().prefix(3)), extra \(found.subtracting(expected).sorted().prefix(3))")
        }

        // Every article written as edition text reads back with the same fields.
        var mismatches: [String] = []
        for a in all {
            let text = EditionTextFormat.render(a)
            do {
                let r = try EditionTextFormat.parse(text, file: a.id)
                if r.headline != a.headline || r.kicker != a.kicker || r.subtitle != a.subtitle || r.blocks != a.blocks
                    || r.bylines != a.bylines || r.date != a.date {
                    mismatches.append(a.id)
                }
            } catch {
                mismatches.append("\(a.id): \(error)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) articles do not survive edition text: \(mismatches.prefix(5))")

        let again = try await importer.run(paths: [corpus], options: .init(paperName: "人民日报"))
        #expect(again.store.editions == 0)
        #expect(again.store.unchanged == files)
    }
}
