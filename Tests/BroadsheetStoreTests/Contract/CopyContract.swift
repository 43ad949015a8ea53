import BroadsheetCore
import BroadsheetStore
import Foundation
import Synchronization
import Testing

/// `ArchiveCopy`: a whole archive into an empty one of another backend and back, the same JSONL
/// at every step.
@Suite("Contract: copy")
struct CopyContract {
    /// An SQLite archive with the sample edition, an edition that is corrected once (so one
    /// article's sources change), and JSONL articles spread over two papers.
    static func source(_ dir: StoreFixtures.TempDir) async throws -> SQLiteArchive {
        let store = try SQLiteArchive(path: dir.url.appendingPathComponent("source.sqlite").path)
        _ = try await Importer(store: store).run(paths: [StoreFixtures.seedPath], options: .init())
        _ = try await store.importContent(records: [], articles: PublishingContract.articles)
        return store
    }

    @Test("SQLite → backend → SQLite: every article, its originals byte for byte, the same JSONL, a batch at a time",
          arguments: Backend.all)
    func roundTrip(_ backend: Backend) async throws {
        let dir = StoreFixtures.TempDir()
        let source = try await Self.source(dir)
        let middle = try await backend.open(dir.url, "middle")
        let back = try SQLiteArchive(path: dir.url.appendingPathComponent("back.sqlite").path)

        let there = try await ArchiveCopy.run(from: source, to: middle, targetName: "middle", batchSize: 2)
        let again = try await ArchiveCopy.run(from: middle, to: back, targetName: "back", batchSize: 2)

        let original = try await StoreFixtures.snapshot(source)
        #expect(try await StoreFixtures.snapshot(middle) == original)
        #expect(try await StoreFixtures.snapshot(back) == original)
        let count = try await source.holdings().articles
        #expect(count > 2 && there.articles == count && again.articles == count)
        #expect(try await middle.holdings().sources == source.holdings().sources)
        let found = try await source.ids("消费")
        #expect(try await middle.ids("消费") == found && !found.isEmpty)
    }

    @Test("a source that fails after the first batch was written leaves the target empty: the copy is one transaction",
          arguments: Backend.all)
    func wholeOrNothing(_ backend: Backend) async throws {
        // Given a copy two articles at a time of an archive with tokens, a withdrawal, an embargo
        // and a version, whose source is closed once the first batch is read
        let dir = StoreFixtures.TempDir()
        let source = try await Self.fullSource(dir)
        let target = try await backend.open(dir.url, "target")

        // When the second batch cannot be read
        await #expect(throws: (any Error).self) {
            try await ArchiveCopy.run(from: source, to: target, targetName: "target", batchSize: 2) { done, _ in
                if done == 2 { try? source.close() }
            }
        }

        // Then nothing of the first batch is in the target
        #expect(try await target.holdings().isEmpty)
    }

    @Test("a target that holds anything is refused, and left as it was", arguments: Backend.all)
    func targetNotEmpty(_ backend: Backend) async throws {
        let dir = StoreFixtures.TempDir()
        let source = try await Self.source(dir)
        let target = try await backend.open(dir.url, "full")
        _ = try await target.importContent(records: [], articles: [PublishingContract.articles[0]])
        let before = try await StoreFixtures.snapshot(target)

        await #expect(throws: StoreError.copyTargetNotEmpty(target: "full", articles: 1, other: [])) {
            try await ArchiveCopy.run(from: source, to: target, targetName: "full")
        }
        #expect(try await StoreFixtures.snapshot(target) == before)
    }

    /// `source(_:)` holding what articles do not carry: a valid and a revoked token, a
    /// withdrawn article, an embargoed edition and a corrected article (one earlier version).
    static func fullSource(_ dir: StoreFixtures.TempDir) async throws -> SQLiteArchive {
        let store = try await source(dir)
        try await store.createToken(name: "夜班", digest: AccessToken.digest("valid-token"), actor: "cli:editor")
        try await store.createToken(name: "旧", digest: AccessToken.digest("revoked-token"), actor: "cli:editor")
        #expect(try await store.revokeToken(name: "旧", actor: "token:夜班"))
        #expect(try await store.ids("市场平稳") == ["a2"])
        _ = try await store.withdraw(id: "a2", reason: "更正：数据有误", actor: "token:夜班")
        _ = try await store.importContent(
            records: [], articles: [PublishingContract.article("later", "2019-10-10", "明年见报", "长期禁发的稿件。")],
            actor: "token:夜班", publishAt: "2099-01-01T00:00:00Z", progress: nil)
        var corrected = PublishingContract.articles[0]
        corrected.blocks = [.paragraph("本报北京10月7日电  （记者王昊男）国庆假期，消费火热，收入超6000亿元。")]
        _ = try await store.importContent(records: [], articles: [corrected], actor: "token:校对", publishAt: nil, progress: nil)
        return store
    }

    /// `copy` is the same archive as `original` beyond its JSONL: tokens work or stay revoked,
    /// the withdrawal, the embargo and the version are there as they were, and the log is the
    /// original's with the copy's own entry after it.
    static func expectSame(_ copy: any ArchiveStore, as original: any ArchiveStore) async throws {
        #expect(try await StoreFixtures.snapshot(copy) == StoreFixtures.snapshot(original))
        #expect(try await copy.tokens() == original.tokens())
        #expect(try await copy.tokenName(digest: AccessToken.digest("valid-token")) == "夜班")
        #expect(try await copy.tokenName(digest: AccessToken.digest("revoked-token")) == nil)
        let withdrawal = try #require(try await copy.withdrawal(id: "a2"))
        #expect(withdrawal.reason == "更正：数据有误" && withdrawal.actor == "token:夜班")
        #expect(try await withdrawal == original.withdrawal(id: "a2"))
        #expect(try await copy.ids("市场平稳").isEmpty)
        #expect(try await original.ids("市场平稳").isEmpty)
        #expect(try await copy.article(id: "later") == nil)
        let embargo = try #require(try await copy.embargoedEdition(paper: "rmrb", date: IssueDate("2019-10-10")!))
        #expect(embargo.publishAt == "2099-01-01T00:00:00Z")
        #expect(try await copy.versions(of: "a1") == original.versions(of: "a1"))
        #expect(try await copy.versions(of: "a1").map(\.actor) == ["token:校对"])
        #expect(try await copy.version(of: "a1", seq: 0) == original.version(of: "a1", seq: 0))
        #expect(try await copy.ids("6000亿元") == ["a1"])

        let (log, originalLog) = (try await copy.auditLog(limit: 1000), try await original.auditLog(limit: 1000))
        #expect(Array(log.dropFirst()) == originalLog)
        #expect(log.first?.action == "import" && log.first?.actor == AccessToken.commandLineActor)
        #expect(log.first.map(\.id) ?? 0 > originalLog.first?.id ?? .max)

        var records = try await copy.records(), originalRecords = try await original.records()
        #expect(records.auditLog.count == originalRecords.auditLog.count + 1)
        (records.auditLog, originalRecords.auditLog) = ([], [])
        #expect(records == originalRecords)
        var holdings = try await copy.holdings()
        holdings.auditEntries -= 1
        #expect(try await holdings == original.holdings())
    }

    @Test("SQLite → backend → SQLite with tokens, a withdrawal, an embargo, a version and the audit log: the same archive at every step",
          arguments: Backend.all)
    func wholeArchive(_ backend: Backend) async throws {
        let dir = StoreFixtures.TempDir()
        let source = try await Self.fullSource(dir)
        let middle = try await backend.open(dir.url, "middle")
        let back = try SQLiteArchive(path: dir.url.appendingPathComponent("back.sqlite").path)

        let there = try await ArchiveCopy.run(from: source, to: middle, targetName: "middle", batchSize: 2)
        let again = try await ArchiveCopy.run(from: middle, to: back, targetName: "back", batchSize: 2)

        let entries = try await source.holdings().auditEntries
        #expect(there.moved == ["2 tokens", "1 withdrawal", "1 embargoed edition", "1 earlier article version", "\(entries) audit entries"])
        #expect(again.moved.last == "\(entries + 1) audit entries")
        try await Self.expectSame(middle, as: source)
        try await Self.expectSame(back, as: middle)
        #expect(try await source.records().tokens.map(\.digest) == back.records().tokens.map(\.digest))
    }

    @Test("records that cannot be written after every article was leave the target empty, articles included", arguments: Backend.all)
    func recordsInTheTransaction(_ backend: Backend) async throws {
        // Given articles and records of which the last write fails: a page file whose media row is not there
        let dir = StoreFixtures.TempDir()
        let source = try await Self.fullSource(dir)
        let target = try await backend.open(dir.url, "target")
        var records = try await source.records()
        records.pageFiles = [.init(paper: "rmrb", date: "2019-10-08", page: 1, sha256: String(repeating: "ab", count: 32))]
        let articles = try await source.all()

        // When the target takes them as a copy
        let batches = Batches([articles])
        await #expect(throws: (any Error).self) {
            try await target.importCopy(ImportBatchSource { batches.next() }, expected: articles.count, records: records, actor: "cli:test")
        }

        // Then nothing is there: no article, token, withdrawal or log entry
        #expect(try await target.holdings().isEmpty)
    }

    @Test("with only articles asked for, what they do not carry stays behind and the copy says what", arguments: Backend.all)
    func articlesOnly(_ backend: Backend) async throws {
        let dir = StoreFixtures.TempDir()
        let source = try await Self.source(dir)
        try await source.createToken(name: "夜班", digest: AccessToken.digest("t"), actor: "cli:test")
        _ = try await source.withdraw(id: "a2", reason: "更正", actor: "cli:test")
        let target = try await backend.open(dir.url, "target")

        let report = try await ArchiveCopy.run(from: source, to: target, targetName: "target", articlesOnly: true)

        let entries = try await source.holdings().auditEntries
        #expect(report.leftBehind == ["1 token", "1 withdrawal", "\(entries) audit entries"] && report.moved.isEmpty)
        let held = try await target.holdings()
        let sourceArticles = try await source.holdings().articles
        #expect(held.articles == sourceArticles && held.tokens == 0 && held.withdrawals == 0 && held.auditEntries == 1)
        #expect(try await target.withdrawal(id: "a2") == nil)
    }
}

/// Batches handed out one by one to an `ImportBatchSource`.
final class Batches: Sendable {
    private let batches: Mutex<[[Article]]>

    init(_ batches: [[Article]]) { self.batches = Mutex(batches) }

    func next() -> ImportBatch? {
        batches.withLock { $0.isEmpty ? nil : ImportBatch(articles: $0.removeFirst()) }
    }
}

extension CopyContract {
    /// `source(_:)` with a page scan of the seed's edition: a sidecar with a PDF and the
    /// regions of one article, its files in `media`.
    static func scannedSource(_ dir: StoreFixtures.TempDir, media: String) async throws -> SQLiteArchive {
        let store = try await source(dir)
        try FileManager.default.createDirectory(atPath: dir.path + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ScanFixtures.deseret + "/pages/pdf/p001_Va_071_D45_v01.pdf", toPath: dir.path + "/in/01.pdf")
        dir.write("in/01.page.json", """
            {
              "paper": "浙江日报", "date": "2019-11-25", "page": 1, "label": "01", "name": "要闻",
              "image": "01.pdf", "pdf": "01.pdf",
              "regions": { "20102773": [[[100, 200], [900, 200], [900, 1500], [100, 1500]]] }
            }
            """)
        var options = Importer.Options()
        options.mediaRoot = media
        let report = try await Importer(store: store).run(paths: [dir.path + "/in"], options: options)
        #expect(report.store.pageImages == 1)
        return store
    }

    @Test("page scans move with their files, each file checked; missing files or a failure leave the target and its media folder empty",
          .enabled(if: ScanFixtures.usable, ScanFixtures.reason), arguments: Backend.all)
    func pageScans(_ backend: Backend) async throws {
        // Given an archive with a scanned page whose regions place an article
        let dir = StoreFixtures.TempDir()
        let media = (source: MediaStore(root: dir.path + "/source.media"), middle: MediaStore(root: dir.path + "/middle.media"),
                     back: MediaStore(root: dir.path + "/back.media"))
        let source = try await Self.scannedSource(dir, media: media.source.root)
        let records = try await source.records()
        #expect(records.pages.count == 1 && records.pageRegions.count == 1 && !records.media.isEmpty)
        let date = IssueDate("2019-11-25")!

        // When it is copied to the backend and back to SQLite
        let middle = try await backend.open(dir.url, "middle")
        let there = try await ArchiveCopy.run(from: source, to: middle, targetName: "middle",
                                              media: .init(source: media.source, target: media.middle), batchSize: 2)
        let back = try SQLiteArchive(path: dir.url.appendingPathComponent("back.sqlite").path)
        let again = try await ArchiveCopy.run(from: middle, to: back, targetName: "back",
                                              media: .init(source: media.middle, target: media.back), batchSize: 2)

        // Then every record and every file is there, the same
        #expect(there.media.files == records.media.count && there.media.verified == records.media.count && again.media.files == records.media.count)
        var expected = records
        expected.auditLog = []
        for copy in [middle, back] as [any ArchiveStore] {
            var copied = try await copy.records()
            copied.auditLog = []
            #expect(copied == expected)
            #expect(try await StoreFixtures.snapshot(copy) == StoreFixtures.snapshot(source))
            let page = try #require(try await copy.edition(paper: "zjrb", date: date)?.pages.first)
            #expect(try await page == source.edition(paper: "zjrb", date: date)?.pages.first)
            #expect(page.image != nil && page.pdf != nil)
        }
        let files = ScanFixtures.files(media.source.root)
        #expect(!files.isEmpty && ScanFixtures.files(media.middle.root) == files && ScanFixtures.files(media.back.root) == files)
        for file in files {
            #expect(FileManager.default.contents(atPath: media.back.root + "/" + file) == FileManager.default.contents(atPath: media.source.root + "/" + file))
        }
        #expect(try await back.verify(media: media.back.root).isClean)

        // And a copy whose media folders are not given, or lack the files, is refused with nothing written
        let refused = try await backend.open(dir.url, "refused")
        await #expect(throws: StoreError.copyNeedsMediaFolders(files: records.media.count)) {
            try await ArchiveCopy.run(from: source, to: refused, targetName: "refused")
        }
        await #expect(throws: MediaError.self) {
            try await ArchiveCopy.run(from: source, to: refused, targetName: "refused",
                                      media: .init(source: MediaStore(root: dir.path + "/nowhere"), target: MediaStore(root: dir.path + "/refused.media")))
        }
        #expect(try await refused.holdings().isEmpty && ScanFixtures.files(dir.path + "/refused.media").isEmpty)

        // And a copy that fails after its files were copied takes them away again
        let failed = MediaStore(root: dir.path + "/failed.media")
        await #expect(throws: (any Error).self) {
            try await ArchiveCopy.run(from: source, to: refused, targetName: "refused", media: .init(source: media.source, target: failed),
                                      batchSize: 2) { done, _ in if done == 2 { try? source.close() } }
        }
        #expect(try await refused.holdings().isEmpty)
        #expect(ScanFixtures.files(failed.root).isEmpty)
    }
}
