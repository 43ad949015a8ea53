import BroadsheetCore
import BroadsheetSearch

/// Every call of `ArchiveStore`, sent where `ReplicatedArchive` says: writes and what must be
/// current (tokens, the audit log, embargo previews) to the primary, the rest to a replica.
extension ReplicatedArchive {
    // MARK: Writing

    public func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        try await write { try await $0.importContent(records: records, articles: articles, pages: pages, actor: actor, publishAt: publishAt, progress: progress) }
    }

    public func importBatches(_ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?) async throws -> StoreImportReport {
        try await write { try await $0.importBatches(source, expected: expected, actor: actor, publishAt: publishAt) }
    }

    public func importCopy(_ source: ImportBatchSource, expected: Int, records: ArchiveRecords, actor: String) async throws -> StoreImportReport {
        try await write { try await $0.importCopy(source, expected: expected, records: records, actor: actor) }
    }

    public func createToken(name: String, digest: String, actor: String) async throws {
        try await write { try await $0.createToken(name: name, digest: digest, actor: actor) }
    }

    public func revokeToken(name: String, actor: String) async throws -> Bool {
        try await write { try await $0.revokeToken(name: name, actor: actor) }
    }

    public func withdraw(id: String, reason: String, actor: String) async throws -> Withdrawal? {
        try await write { try await $0.withdraw(id: id, reason: reason, actor: actor) }
    }

    public func restore(id: String, actor: String) async throws -> Bool {
        try await write { try await $0.restore(id: id, actor: actor) }
    }

    // MARK: From the primary

    public func tokens() async throws -> [TokenInfo] { try await primary.tokens() }
    public func tokenName(digest: String) async throws -> String? { try await primary.tokenName(digest: digest) }
    public func auditLog(limit: Int) async throws -> [AuditEntry] { try await primary.auditLog(limit: limit) }
    public func holdings() async throws -> ArchiveHoldings { try await primary.holdings() }
    public func records() async throws -> ArchiveRecords { try await primary.records() }

    public func embargoedEdition(paper: String, date: IssueDate) async throws -> EmbargoPreview<EditionDetail>? {
        try await primary.embargoedEdition(paper: paper, date: date)
    }

    public func embargoedArticle(id: String) async throws -> EmbargoPreview<Article>? {
        try await primary.embargoedArticle(id: id)
    }

    /// The primary's revision, which raises the fence: the reads that follow it in a request
    /// come from a replica only if that replica is at least as new. When the primary does not
    /// answer, the newest revision among the replicas that are up.
    public func revision() async throws -> Int64 {
        do {
            let revision = try await primary.revision()
            primaryIs(at: revision)
            return revision
        } catch {
            let known = status().filter(\.up).compactMap(\.revision).max()
            guard let known else { throw error }
            return known
        }
    }

    // MARK: From a replica

    public func withdrawal(id: String) async throws -> Withdrawal? { try await read { try await $0.withdrawal(id: id) } }
    public func versions(of id: String) async throws -> [ArticleVersion] { try await read { try await $0.versions(of: id) } }
    public func version(of id: String, seq: Int) async throws -> Article? { try await read { try await $0.version(of: id, seq: seq) } }
    public func papers() async throws -> [PaperSummary] { try await read { try await $0.papers() } }
    public func paper(slug: String) async throws -> PaperSummary? { try await read { try await $0.paper(slug: slug) } }
    public func editions(paper: String) async throws -> [EditionSummary] { try await read { try await $0.editions(paper: paper) } }

    public func edition(paper: String, date: IssueDate) async throws -> EditionDetail? {
        try await read { try await $0.edition(paper: paper, date: date) }
    }

    public func article(id: String) async throws -> Article? { try await read { try await $0.article(id: id) } }
    public func resolve(id: String) async throws -> ArticleAddress? { try await read { try await $0.resolve(id: id) } }

    public func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] {
        try await read { try await $0.articles(selection, after: cursor, limit: limit) }
    }

    public func stats() async throws -> ArchiveStats { try await read { try await $0.stats() } }
    public func search(_ request: SearchRequest) async throws -> SearchResults { try await read { try await $0.search(request) } }
    public func matchingIDs(_ request: SearchRequest) async throws -> [String] { try await read { try await $0.matchingIDs(request) } }

    public func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String? {
        try await read { try await $0.pageOCR(paper: paper, date: date, page: page) }
    }

    public func related(to id: String, limit: Int) async throws -> [RelatedArticle] {
        try await read { try await $0.related(to: id, limit: limit) }
    }

    public func monthCounts(_ request: SearchRequest) async throws -> [String: Int] {
        try await read { try await $0.monthCounts(request) }
    }

    public func matchingTexts(_ request: SearchRequest, offset: Int, limit: Int) async throws -> MatchedTexts {
        try await read { try await $0.matchingTexts(request, offset: offset, limit: limit) }
    }
    // `everyHit` is the protocol's default: pages of `search`, each routed as a read.
}
