import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore

/// A store whose every call fails with an error that names SQL and a file, as a broken
/// database would; used to check that neither reaches a response.
struct FailingStore: ArchiveStore {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "SQLite error 11: database disk image is malformed - while executing `SELECT * FROM article` in /srv/secret.sqlite" }
    }

    func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport { throw Failure() }
    func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String? { throw Failure() }
    func createToken(name: String, digest: String, actor: String) async throws { throw Failure() }
    func tokens() async throws -> [TokenInfo] { throw Failure() }
    func revokeToken(name: String, actor: String) async throws -> Bool { throw Failure() }
    func tokenName(digest: String) async throws -> String? { throw Failure() }
    func auditLog(limit: Int) async throws -> [AuditEntry] { throw Failure() }
    func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal? { throw Failure() }
    func restore(id: String, actor: String) async throws -> Bool { throw Failure() }
    func withdrawal(id: String) async throws -> Withdrawal? { throw Failure() }
    func versions(of id: String) async throws -> [ArticleVersion] { throw Failure() }
    func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>? { throw Failure() }
    func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>? { throw Failure() }
    func version(of id: String, seq: Int) async throws -> Article? { throw Failure() }
    func holdings() async throws -> ArchiveHoldings { throw Failure() }
    func records() async throws -> ArchiveRecords { throw Failure() }
    func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport {
        throw Failure()
    }
    func revision() async throws -> Int64 { throw Failure() }
    func papers() async throws -> [PaperSummary] { throw Failure() }
    func paper(slug: String) async throws -> PaperSummary? { throw Failure() }
    func editions(paper: String) async throws -> [EditionSummary] { throw Failure() }
    func edition(paper: String, date: IssueDate) async throws -> EditionDetail? { throw Failure() }
    func article(id: String) async throws -> Article? { throw Failure() }
    func resolve(id: String) async throws -> ArticleAddress? { throw Failure() }
    func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] { throw Failure() }
    func stats() async throws -> ArchiveStats { throw Failure() }
    func search(_ request: SearchRequest) async throws -> SearchResults { throw Failure() }
    func matchingIDs(_ request: SearchRequest) async throws -> [String] { throw Failure() }
    func related(to id: String, limit: Int) async throws -> [RelatedArticle] { throw Failure() }
}
