import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore

/// A store whose every call fails: by default with an error that names SQL and a file, as a
/// broken database would (to check that neither reaches a response), or with `failure`.
struct FailingStore: ArchiveStore {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "SQLite error 11: database disk image is malformed - while executing `SELECT * FROM article` in /srv/secret.sqlite" }
    }

    var failure: any Error = Failure()

    func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport { throw failure }
    func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String? { throw failure }
    func createToken(name: String, digest: String, actor: String) async throws { throw failure }
    func tokens() async throws -> [TokenInfo] { throw failure }
    func revokeToken(name: String, actor: String) async throws -> Bool { throw failure }
    func tokenName(digest: String) async throws -> String? { throw failure }
    func auditLog(limit: Int) async throws -> [AuditEntry] { throw failure }
    func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal? { throw failure }
    func restore(id: String, actor: String) async throws -> Bool { throw failure }
    func withdrawal(id: String) async throws -> Withdrawal? { throw failure }
    func versions(of id: String) async throws -> [ArticleVersion] { throw failure }
    func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>? { throw failure }
    func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>? { throw failure }
    func version(of id: String, seq: Int) async throws -> Article? { throw failure }
    func holdings() async throws -> ArchiveHoldings { throw failure }
    func records() async throws -> ArchiveRecords { throw failure }
    func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport {
        throw failure
    }
    func revision() async throws -> Int64 { throw failure }
    func papers() async throws -> [PaperSummary] { throw failure }
    func paper(slug: String) async throws -> PaperSummary? { throw failure }
    func editions(paper: String) async throws -> [EditionSummary] { throw failure }
    func edition(paper: String, date: IssueDate) async throws -> EditionDetail? { throw failure }
    func article(id: String) async throws -> Article? { throw failure }
    func resolve(id: String) async throws -> ArticleAddress? { throw failure }
    func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] { throw failure }
    func stats() async throws -> ArchiveStats { throw failure }
    func search(_ request: SearchRequest) async throws -> SearchResults { throw failure }
    func matchingIDs(_ request: SearchRequest) async throws -> [String] { throw failure }
    func related(to id: String, limit: Int) async throws -> [RelatedArticle] { throw failure }
}
