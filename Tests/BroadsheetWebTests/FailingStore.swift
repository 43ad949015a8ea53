import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore

/// A store whose every read fails with an error that names SQL and a file, as a broken
/// database would; used to check that neither reaches a response.
struct FailingStore: ArchiveStore {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "SQLite error 11: database disk image is malformed - while executing `SELECT * FROM article` in /srv/secret.sqlite" }
    }

    func importContent(
        records: [ParsedRecord], articles: [Article], progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> StoreImportReport { throw Failure() }
    func papers() throws -> [PaperSummary] { throw Failure() }
    func paper(slug: String) throws -> PaperSummary? { throw Failure() }
    func editions(paper: String) throws -> [EditionSummary] { throw Failure() }
    func edition(paper: String, date: IssueDate) throws -> EditionDetail? { throw Failure() }
    func article(id: String) throws -> Article? { throw Failure() }
    func articles(paper: String?, from: IssueDate?, to: IssueDate?, id: String?) throws -> [Article] { throw Failure() }
    func stats() throws -> ArchiveStats { throw Failure() }
    func search(_ request: SearchRequest) throws -> SearchResults { throw Failure() }
}
