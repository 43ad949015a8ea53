import BroadsheetCore
import Foundation

/// Moves a whole archive into an empty one, whichever backends hold them: every article with
/// its original inputs byte for byte, placements, page labels and regions, and the credits,
/// tokens for search and everything else derived from them (the target derives those again
/// as it imports). Afterwards both export the same JSONL.
///
/// What the articles do not carry — tokens, withdrawals, embargoes, earlier versions, page-scan
/// files — is not moved through `ArchiveStore` (its writes stamp new times and actors, and each
/// is a transaction of its own, so the copy could no longer land whole). A source holding any
/// of them is refused unless `articlesOnly` says to leave them behind. The audit log stays
/// behind always; the target's log starts with the copy's own import.
///
/// The copy is one import transaction on the target, fed `batchSize` articles at a time:
/// memory stays bounded, and a failure anywhere leaves the target as empty as it was.
public enum ArchiveCopy {
    public struct Report: Sendable {
        public var articles = 0
        public var store = StoreImportReport()
        /// What the source held that was not copied (`articlesOnly`), in words.
        public var leftBehind: [String] = []
        /// Audit entries of the source, which stay behind.
        public var auditEntries = 0
    }

    /// Copies `source` into `target`.
    /// - Parameters:
    ///   - targetName: the target as the user named it, for the messages.
    ///   - progress: (articles read, articles in the source) after each batch.
    /// - Throws: `StoreError.copyTargetNotEmpty`, `.copyWouldLeaveBehind`, and either archive's errors.
    public static func run(
        from source: any ArchiveStore, to target: any ArchiveStore, targetName: String, articlesOnly: Bool = false,
        actor: String = AccessToken.commandLineActor, batchSize: Int = 500, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Report {
        let holdings = try await source.holdings()
        let there = try await target.holdings()
        guard there.isEmpty else {
            throw StoreError.copyTargetNotEmpty(target: targetName, articles: there.articles, other: there.beyondArticles)
        }
        let leftBehind = holdings.beyondArticles
        if !leftBehind.isEmpty && !articlesOnly { throw StoreError.copyWouldLeaveBehind(leftBehind) }

        let feed = ArticleFeed(store: source, batchSize: batchSize, total: holdings.articles, progress: progress)
        defer { feed.close() }
        var report = Report()
        report.store = try await target.importBatches(
            ImportBatchSource { try feed.next().map { ImportBatch(articles: $0) } }, expected: holdings.articles, actor: actor, publishAt: nil)
        report.articles = feed.done
        report.leftBehind = leftBehind
        report.auditEntries = holdings.auditEntries
        return report
    }
}

/// The source's articles in export order, a batch per `next()`, read on a thread of their own
/// (`ThreadExecutor`) while the caller — the target's write transaction — waits.
final class ArticleFeed: @unchecked Sendable {
    // @unchecked: `cursor`, `done` and `finished` are touched only by `next()`, which the
    // import calls one call after another (`ImportBatchSource`), and by `done` after it ended.
    private let store: any ArchiveStore
    private let batchSize: Int
    private let total: Int
    private let progress: (@Sendable (Int, Int) -> Void)?
    private let executor = ThreadExecutor(name: "broadsheet.copy")
    private var cursor: ArticleCursor?
    private var finished = false
    private(set) var done = 0

    init(store: any ArchiveStore, batchSize: Int, total: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        self.store = store
        self.batchSize = batchSize
        self.total = total
        self.progress = progress
    }

    func next() throws -> [Article]? {
        if finished { return nil }
        let answer = Answer()
        let (store, cursor, limit) = (self.store, self.cursor, batchSize)
        Task(executorPreference: executor) {
            do {
                answer.set(.success(try await store.articles(ArticleSelection(), after: cursor, limit: limit)))
            } catch {
                answer.set(.failure(error))
            }
        }
        let batch = try answer.wait()
        if batch.count < batchSize { finished = true }
        guard let last = batch.last else { return nil }
        self.cursor = ArticleCursor(after: last)
        done += batch.count
        progress?(done, max(total, done))
        return batch
    }

    func close() { executor.stop() }

    /// One batch handed from the reading task to the waiting caller.
    private final class Answer: @unchecked Sendable {
        // @unchecked: `result` is read and written under `condition` only.
        private let condition = NSCondition()
        private var result: Result<[Article], any Error>?

        func set(_ value: Result<[Article], any Error>) {
            condition.lock()
            result = value
            condition.signal()
            condition.unlock()
        }

        func wait() throws -> [Article] {
            condition.lock()
            defer { condition.unlock() }
            while result == nil { condition.wait() }
            return try result!.get()
        }
    }
}
