import BroadsheetCore
import Foundation

/// Moves a whole archive into an empty one, whichever backends hold them, so that the target
/// is the same archive: every article with its original inputs byte for byte, placements, page
/// labels and regions (the target derives search tokens, credits and pages again as it imports),
/// and everything the articles do not carry, as stored (`ArchiveRecords`): tokens (digests, so a
/// token that worked on the source works on the target), withdrawals, embargoes, earlier
/// versions, page scans, and the audit log with its ids, followed by the copy's own entry. No
/// time or actor is stamped again. Afterwards both export the same JSONL.
///
/// The copy is one transaction on the target (`ArchiveStore.importCopy`), fed `batchSize`
/// articles at a time: memory stays bounded by a batch and the records, and a failure anywhere
/// leaves the target as empty as it was. The files of page scans are copied from one media
/// folder to the other first (`MediaStore.copy(_:to:)`, every original's SHA-256 checked
/// there), and the folders it made are removed again when the copy does not land.
public enum ArchiveCopy {
    /// Where the page-scan files are: the source archive's media folder and the target's
    /// (both backends keep them in a folder beside the database, not in it).
    public struct MediaFolders: Sendable {
        public var source: MediaStore
        public var target: MediaStore

        public init(source: MediaStore, target: MediaStore) {
            self.source = source
            self.target = target
        }
    }

    public struct Report: Sendable {
        public var articles = 0
        public var store = StoreImportReport()
        /// What was copied besides the articles, in words (`3 tokens`, `12 audit entries`).
        public var moved: [String] = []
        /// What the source held that was not copied (`articlesOnly`), in words.
        public var leftBehind: [String] = []
        /// Media folders copied (files with their derivatives) and checked.
        public var media = MediaStore.CopyResult()
    }

    /// Copies `source` into `target`.
    /// - Parameters:
    ///   - targetName: the target as the user named it, for the messages.
    ///   - articlesOnly: copy the articles alone, leaving behind tokens, withdrawals (the
    ///     articles become public), embargoes, versions, page scans and the audit log.
    ///   - media: the media folders; needed when the source has page scans.
    ///   - progress: (articles read, articles in the source) after each batch.
    /// - Throws: `StoreError.copyTargetNotEmpty`, `.copyNeedsMediaFolders`, `MediaError`, and
    ///   either archive's errors.
    public static func run(
        from source: any ArchiveStore, to target: any ArchiveStore, targetName: String, articlesOnly: Bool = false,
        media: MediaFolders? = nil, actor: String = AccessToken.commandLineActor, batchSize: Int = 500,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Report {
        let holdings = try await source.holdings()
        let there = try await target.holdings()
        guard there.isEmpty else {
            throw StoreError.copyTargetNotEmpty(target: targetName, articles: there.articles, other: there.beyondArticles)
        }
        var report = Report()
        let extras = holdings.beyondArticles + (holdings.auditEntries == 0 ? [] : [
            holdings.auditEntries == 1 ? "1 audit entry" : "\(holdings.auditEntries) audit entries",
        ])
        let records = articlesOnly ? ArchiveRecords() : try await source.records()
        if articlesOnly { report.leftBehind = extras } else { report.moved = extras }

        if !records.media.isEmpty {
            guard let media else { throw StoreError.copyNeedsMediaFolders(files: records.media.count) }
            report.media = try media.source.copy(records.media, to: media.target)
        }
        let feed = ArticleFeed(store: source, batchSize: batchSize, total: holdings.articles, progress: progress)
        defer { feed.close() }
        do {
            report.store = try await target.importCopy(
                ImportBatchSource { try feed.next().map { ImportBatch(articles: $0) } }, expected: holdings.articles, records: records, actor: actor)
        } catch {
            // The files are named by nothing now: what this copy put there goes again.
            media?.target.remove(report.media.created)
            throw error
        }
        report.articles = feed.done
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
