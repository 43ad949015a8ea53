import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

/// Search must return exactly the articles whose folded text contains the folded query. The
/// ground truth is computed here by scanning bytes, on a sample of the real crawl, for every
/// query class of `QuerySets`.
@Suite("Contract: recall on the crawl corpus", .serialized)
struct RecallContract {
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

    @Test("every query class finds exactly what a scan of the folded text finds",
          .enabled(if: StoreFixtures.hasCorpus, "needs ../shared/corpus/rmrb-crawl beside the checkout"),
          arguments: Backend.all)
    func recall(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        _ = try await archive.importFiles(try Self.sampleFolders(StoreFixtures.corpusPath), paper: "人民日报")
        let docs: [(id: String, fields: [[UInt8]])] = try await archive.store.all().map { a in
            (a.id, [a.kicker ?? "", a.headline, a.subtitle ?? "", a.searchText].map { Array(TextFolding.fold($0).utf8) })
        }
        #expect(docs.count > 500)

        var rng = SeededGenerator(seed: 20191125)
        let queries = QuerySets.make(docs: docs.map(\.fields), rng: &rng)
        var checked = 0
        for (kind, list) in queries {
            for q in list {
                let truth = Set(docs.filter { GroundTruth.contains($0.fields, query: q) }.map(\.id))
                let request = try SearchRequest(parsing: "\"\(q)\"", limit: 0, includeFacets: false)
                let found = Set(try await archive.store.matchingIDs(request))
                #expect(found == truth, "\(kind) \(q): missing \(truth.subtracting(found).sorted().prefix(5)), extra \(found.subtracting(truth).sorted().prefix(5))")
                #expect(try await archive.store.search(request).total == truth.count, "\(kind) \(q): total")
                checked += 1
            }
        }
        print("recall (\(backend.name)): \(checked) queries over \(docs.count) articles, every result set equal to the ground truth")
    }

    @Test("every line of every input is found by searching for it, bylines and jump lines included",
          .enabled(if: StoreFixtures.hasCorpus, "needs ../shared/corpus/rmrb-crawl beside the checkout"),
          arguments: Backend.all)
    func everyLine(_ backend: Backend) async throws {
        let archive = try await ContractArchive(backend)
        // Every 16th day of the crawl, and the seed with its jump lines.
        let days = try Self.sampleFolders(StoreFixtures.corpusPath).enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
        _ = try await archive.importFiles(days, paper: "人民日报")
        _ = try await archive.importFiles([StoreFixtures.seedPath])
        let quotes = Set("\"“”＂「」『』")
        var checked = 0, apart = 0
        var missed: [String] = []
        for a in try await archive.store.all() {
            let stored = TextFolding.fold([a.kicker ?? "", a.headline, a.subtitle ?? "", a.bodyText].joined(separator: "\n"))
            for source in a.sources {
                var lines = source.text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
                if source.format == .editionText {
                    // The export's frame is metadata the filters search (paper:, page:, section:,
                    // date:): its first line (paper 数字报纸), the page line and the trailer.
                    lines = Array(lines.dropFirst().dropLast()).filter { !$0.contains(/^\d{5}版/) }
                }
                for raw in lines {
                    var line = String(raw.map { quotes.contains($0) ? " " : $0 }).trimmingCharacters(in: .whitespacesAndNewlines)
                    if line.count > 120 {
                        // A prefix, cut where it does not split a Latin word or a number.
                        line = String(line.prefix(120))
                        while let last = line.last, last.isASCII, last.isLetter || last.isNumber { line.removeLast() }
                    }
                    guard let request = try? SearchRequest(parsing: "\"\(line)\"", limit: 0, includeFacets: false) else { continue }
                    if !stored.contains(TextFolding.fold(line)) { apart += 1 }
                    if !(try await archive.store.matchingIDs(request)).contains(a.id) { missed.append("\(a.id): \(line)") }
                    checked += 1
                }
            }
        }
        #expect(apart > 50, "the sample has lines kept apart from the body (bylines)")
        #expect(missed.isEmpty, "\(missed.count) of \(checked) input lines not found, e.g. \(missed.prefix(5))")
        print("every line (\(backend.name)): \(checked) input lines found, \(apart) of them kept apart from the body")
    }
}
