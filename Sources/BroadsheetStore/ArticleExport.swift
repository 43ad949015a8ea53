import BroadsheetCore
import BroadsheetSearch

/// Which articles to export; every field given must hold.
public struct ArticleSelection: Sendable, Hashable {
    /// Paper slug.
    public var paper: String?
    public var from: IssueDate?
    public var to: IssueDate?
    public var id: String?

    public init(paper: String? = nil, from: IssueDate? = nil, to: IssueDate? = nil, id: String? = nil) {
        self.paper = paper
        self.from = from
        self.to = to
        self.id = id
    }
}

/// A position in export order: the sort key of the last article of a batch.
public struct ArticleCursor: Sendable, Hashable {
    public var paper: String
    public var date: IssueDate
    public var firstPage: Int
    public var firstOrder: Int
    public var id: String

    /// The position just after `article`.
    public init(after article: Article) {
        paper = article.paper.slug
        date = article.date
        firstPage = article.placements.first?.page.number ?? 0
        firstOrder = article.placements.first?.order ?? 0
        id = article.id
    }
}

/// Every article of a selection in export order, fetched from the store a batch at a time.
public struct ArticleExport: AsyncSequence, Sendable {
    public typealias Element = Article

    let store: any ArchiveStore
    let selection: ArticleSelection
    let batchSize: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let export: ArticleExport
        var batch: [Article] = []
        var index = 0
        var cursor: ArticleCursor?
        var finished = false

        public mutating func next() async throws -> Article? {
            if index == batch.count {
                guard !finished else { return nil }
                batch = try await export.store.articles(export.selection, after: cursor, limit: export.batchSize)
                index = 0
                if batch.count < export.batchSize { finished = true }
                guard let last = batch.last else { return nil }
                cursor = ArticleCursor(after: last)
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(export: self)
    }

    /// All of them in one array (for small selections and tests).
    public func collect() async throws -> [Article] {
        var all: [Article] = []
        for try await a in self { all.append(a) }
        return all
    }
}

extension ArchiveStore {
    /// Every hit of `request` in its order, fetched `SearchRequest.maxLimit` at a time: for
    /// exports and concordances that need all of them, not a page.
    public func everyHit(_ request: SearchRequest) -> AsyncThrowingStream<SearchHit, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var page = request
                    page.limit = SearchRequest.maxLimit
                    page.offset = 0
                    page.includeFacets = false
                    while !Task.isCancelled {
                        let results = try await search(page)
                        for hit in results.hits { continuation.yield(hit) }
                        page.offset += results.hits.count
                        if results.hits.isEmpty || page.offset >= results.total { break }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
