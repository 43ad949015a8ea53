import BroadsheetCore
import BroadsheetStore
import Foundation
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
        // Given a copy two articles at a time, whose source is closed once the first batch is read
        let dir = StoreFixtures.TempDir()
        let source = try await Self.source(dir)
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

    @Test("what articles do not carry (a token, a withdrawal) refuses the copy, unless only articles are asked for",
          arguments: Backend.all)
    func leftBehind(_ backend: Backend) async throws {
        let dir = StoreFixtures.TempDir()
        let source = try await Self.source(dir)
        try await source.createToken(name: "夜班", digest: AccessToken.digest("t"), actor: "cli:test")
        _ = try await source.withdraw(id: "a2", reason: "更正", actor: "cli:test")
        let target = try await backend.open(dir.url, "target")

        await #expect(throws: StoreError.copyWouldLeaveBehind(["1 token", "1 withdrawal"])) {
            try await ArchiveCopy.run(from: source, to: target, targetName: "target")
        }
        #expect(try await target.holdings().isEmpty)

        let report = try await ArchiveCopy.run(from: source, to: target, targetName: "target", articlesOnly: true)
        #expect(report.leftBehind == ["1 token", "1 withdrawal"])
        #expect(try await target.holdings().articles == source.holdings().articles)
    }
}
