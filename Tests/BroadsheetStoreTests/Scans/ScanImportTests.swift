import BroadsheetCore
import BroadsheetStore
import Foundation
import Testing

enum ScanFixtures {
    static let root = StoreFixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/scans").path
    static let ndnp = root + "/ndnp/batch_local"
    static let deseret = root + "/article-segmented/batch_deseret_news"
    /// Page images need the fixtures and libvips (Debian's libvips-tools), which a fresh machine lacks.
    static let usable = FileManager.default.fileExists(atPath: root) && Vips.isAvailable
    static let reason: Comment = "needs ../shared/fixtures/scans beside the checkout and libvips-tools (apt-get install libvips-tools)"

    /// Every file under `folder`, relative, sorted.
    static func files(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { rel in
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + rel, isDirectory: &dir) && !dir.boolValue
        }.sorted()
    }
}

@Suite(.enabled(if: ScanFixtures.usable, ScanFixtures.reason))
struct ScanImportTests {
    func options(_ media: String, paper: String? = nil) -> Importer.Options {
        var o = Importer.Options(paperName: paper)
        o.mediaRoot = media
        return o
    }

    @Test func bothFixtureSetsImportAndAgainIsANoOp() async throws {
        let dir = StoreFixtures.TempDir()
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        let media = dir.path + "/media"
        let first = try await Importer(store: store).run(paths: [ScanFixtures.ndnp, ScanFixtures.deseret], options: options(media, paper: "The Deseret News"))
        #expect(first.store.editions == 2)
        #expect(first.store.articles == 20)
        #expect(first.store.pageImages == 10)
        #expect(first.errors.isEmpty && first.skipped.isEmpty)

        // Pages carry their image and its size; the Deseret News PDFs render at 72 dpi.
        let deseret = try #require(try await store.edition(paper: "the-deseret-news", date: IssueDate(year: 1850, month: 6, day: 15)!))
        #expect(deseret.pages.count == 8)
        #expect(deseret.pages.allSatisfy { $0.image?.width != nil && $0.pdf != nil })
        let fire = try #require(deseret.pages[0].articles.first { $0.headline == "Terrible Fire in San Francisco" })
        #expect(fire.regions == [Region(x: 883, y: 949, width: 524, height: 1023)])
        let park = try #require(try await store.edition(paper: "the-park-record-park-city-ut", date: IssueDate(year: 1935, month: 8, day: 2)!))
        #expect(park.pages.map { $0.articles.count } == [1, 1])
        #expect(try await store.pageOCR(paper: "the-park-record-park-city-ut", date: park.date, page: 2)?.hasPrefix("<?xml") == true)

        // Every original is kept byte for byte, in a folder named by its digest.
        let store2 = MediaStore(root: media)
        for page in park.pages + deseret.pages {
            let image = try #require(page.image)
            #expect(MediaStore.isDigest(image.reference))
            let kept = try #require(store2.file(image.reference, image.reference == page.pdf ? "original.pdf" : "original.jp2"))
            let name = page.pdf == image.reference ? "pdf" : "jp2"
            let originals = ScanFixtures.files(ScanFixtures.root).filter { $0.hasSuffix(".\(name)") }
            let bytes = FileManager.default.contents(atPath: kept)
            #expect(originals.contains { FileManager.default.contents(atPath: ScanFixtures.root + "/" + $0) == bytes })
            for d in MediaStore.Derivative.allCases { #expect(store2.file(image.reference, "derived/\(d.rawValue)") != nil) }
            #expect(store2.file(image.reference, "derived/iiif/info.json") != nil)
        }

        let before = try await StoreFixtures.snapshot(store)
        let filesBefore = ScanFixtures.files(media)
        let again = try await Importer(store: store).run(paths: [ScanFixtures.ndnp, ScanFixtures.deseret], options: options(media, paper: "The Deseret News"))
        #expect(again.store.editions == 0)
        #expect(again.store.unchanged == 20)
        #expect(again.store.pageImages == 0)
        #expect(try await StoreFixtures.snapshot(store) == before)
        #expect(ScanFixtures.files(media) == filesBefore)
    }

    /// A sidecar whose image is a page of the Deseret News (a real PDF), for the seed's text.
    func sidecar(_ dir: StoreFixtures.TempDir, regions: String) throws -> String {
        try FileManager.default.copyItem(atPath: ScanFixtures.deseret + "/pages/pdf/p001_Va_071_D45_v01.pdf", toPath: dir.path + "/in/01.pdf")
        return dir.write("in/01.page.json", """
            {
              "paper": "浙江日报", "date": "2019-11-25", "page": 1, "label": "01", "name": "要闻",
              "image": "01.pdf", "pdf": "01.pdf",
              "regions": {
                \(regions)
              }
            }
            """)
    }

    @Test func aSidecarPutsItsRegionsOnTheArticlesItNames() async throws {
        let dir = StoreFixtures.TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        try sidecar(dir, regions: "\"20102773\": [[[100, 200], [900, 200], [900, 1500], [100, 1500]]]")
        let report = try await Importer(store: store).run(paths: [dir.path + "/in"], options: options(dir.path + "/media"))
        #expect(report.store.pageImages == 1)
        let seed = try #require(try await store.article(id: "zjrb-20102773"))
        #expect(seed.placements.first { $0.page.number == 1 }?.regions == [Region(x: 100, y: 200, width: 800, height: 1300)])
        // The page that has no sidecar keeps none.
        #expect(seed.placements.first { $0.page.number == 5 }?.regions == [])
        // The regions travel with the article's data.
        let line = try #require(try await store.exportArticles().collect().first.map(ArticleJSONL.line))
        #expect(line.contains("[[100,200],[900,200],[900,1500],[100,1500]]"))
        // Importing the seed again (stitching the edition anew) keeps them.
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        #expect(try await store.article(id: "zjrb-20102773")?.placements.first?.regions.isEmpty == false)
    }

    @Test func aRegionOutsideThePageIsRefusedAndNothingIsKept() async throws {
        let dir = StoreFixtures.TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        let file = try sidecar(dir, regions: "\"20102773\": [[[100, 200], [9000, 200], [9000, 1500], [100, 1500]]]")
        let before = try await StoreFixtures.snapshot(store)
        let error = await #expect(throws: Importer.ImportError.self) {
            try await Importer(store: store).run(paths: [dir.path + "/in"], options: options(dir.path + "/media"))
        }
        guard case .aborted(let problem) = error else { Issue.record("expected an aborted import, got \(String(describing: error))"); return }
        #expect(problem.file == file)
        #expect(problem.line == 5)
        #expect(problem.message.contains("1407×1972"))
        #expect(try await StoreFixtures.snapshot(store) == before)
        #expect(ScanFixtures.files(dir.path + "/media").isEmpty)
    }

    @Test func verifyChecksEveryMediaFileAgainstItsDigest() async throws {
        let dir = StoreFixtures.TempDir()
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        let media = dir.path + "/media"
        _ = try await Importer(store: store).run(paths: [ScanFixtures.ndnp], options: options(media))
        let clean = try await store.verify(media: media)
        #expect(clean.isClean)
        // Two JPEG 2000 scans, two PDFs, the METS file and the batch list.
        #expect(clean.mediaFiles == 6)
        // One byte of one scan flipped on disk.
        let scan = try #require(ScanFixtures.files(media).first { $0.hasSuffix("original.jp2") })
        var bytes = try #require(FileManager.default.contents(atPath: media + "/" + scan))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: media + "/" + scan))
        let damaged = try await store.verify(media: media)
        #expect(damaged.problems.map(\.kind) == [.mediaDigestMismatch])
        #expect(damaged.problems.first?.detail.contains(String(scan.split(separator: "/")[1])) == true)
        try FileManager.default.removeItem(atPath: media + "/" + scan)
        #expect(try await store.verify(media: media).problems.map(\.kind) == [.mediaMissing])
    }

    @Test func pageImagesNeedAMediaFolder() async throws {
        let dir = StoreFixtures.TempDir()
        let store = try SQLiteArchive(path: dir.path + "/a.sqlite")
        await #expect(throws: Importer.ImportError.self) {
            try await Importer(store: store).run(paths: [ScanFixtures.ndnp], options: .init())
        }
        #expect(try await store.stats().papers.isEmpty)
    }
}
