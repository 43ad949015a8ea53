import BroadsheetCore
import BroadsheetStore
import Foundation

/// A real archive (`SQLiteArchive`) filled with a benchmark corpus by the store's own import.
public enum BenchArchive {
    /// A corpus item as the article the import takes: paper 人民日报, one paragraph a line.
    public static func article(_ it: BenchCorpus.Item) -> Article {
        let paragraphs = it.body.split(separator: "\n", omittingEmptySubsequences: false).map { Block.paragraph(String($0)) }
        return Article(
            id: "b\(it.id)", paper: Paper(name: "人民日报", slug: "rmrb"), date: IssueDate(it.date)!, headline: it.headline,
            blocks: paragraphs, placements: [Placement(page: PageRef(number: it.page), order: it.id, blockStart: 0, blockEnd: paragraphs.count)])
    }

    /// Removes any archive at `path` (with its WAL files) and creates an empty one.
    public static func create(path: String) throws -> SQLiteArchive {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return try SQLiteArchive(path: path)
    }

    /// Imports `corpus` into `store` (documents, placements, pages and both indexes) in one
    /// transaction; returns the seconds it took.
    public static func fill(_ store: SQLiteArchive, with corpus: BenchCorpus) async throws -> Double {
        let articles = corpus.items.map(article)
        return try await timeAsync { _ = try await store.importContent(records: [], articles: articles) }
    }
}
