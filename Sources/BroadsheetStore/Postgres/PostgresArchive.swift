#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The archive in a PostgreSQL database, through PostgresNIO's `PostgresClient` (a pool of
/// connections, statements sent with their arguments bound). Built with the `PostgreSQL` trait.
///
/// Opening checks the server, the credentials and the schema on one connection of its own (so
/// each fails with its own message), brings the schema up to date (`PostgresMigrations`), and
/// then starts the pool. Every write is one transaction that keeps the same invariants as the
/// SQLite archive (articles derived from their sources, pages and placements in step, the
/// search tokens in step, the revision grown); reads take a connection from the pool.
/// `PostgresPool` bounds the wait for a connection and renews the pool after an outage, so a
/// call fails within the location's `connectTimeout` while the server is away and succeeds
/// again soon after it is back.
public final class PostgresArchive: ArchiveStore {
    /// Background and query logs: quiet unless something fails.
    static let logger: Logger = {
        var logger = Logger(label: "broadsheet.postgres")
        logger.logLevel = .error
        return logger
    }()

    public let location: PostgresLocation
    /// The connections, with a deadline for getting one and a fresh pool after an outage.
    let pool: PostgresPool
    /// The revision between notices of its change (`PostgresRevisionWatch`).
    let revisions = PostgresRevisionWatch()
    /// Document frequencies for related articles, per revision.
    let frequencies = RevisionCache<String, Int>.documentFrequencies()
    private let paperList = RevisionCache<Int, [PaperSummary]>()
    private let editionLists = RevisionCache<String, [EditionSummary]>()
    private let pageNames = RevisionCache<Int, PostgresSearch.PageNames>()

    /// Opens the archive in the database `location` names: creates its schema in an empty
    /// database unless `readOnly`, and brings an older schema up to date (that one write
    /// happens even when opening read-only, as with SQLite).
    /// - Throws: `StoreError.serverUnreachable`, `.credentialsRefused`, `.serverError` (no such
    ///   database), `.newerSchema`, `.notAnArchive`, `.missingArchive` (read-only, empty).
    public init(location: PostgresLocation, readOnly: Bool = false) async throws {
        self.location = location
        try await Self.withConnection(location) { conn in
            let (version, otherTables) = try await PostgresMigrations.version(conn)
            if let version, version > PostgresMigrations.latest { throw StoreError.newerSchema(location.description) }
            if version == nil && otherTables { throw StoreError.notAnArchive(location.description) }
            if version == nil && readOnly { throw StoreError.missingArchive(location.description) }
            if version != PostgresMigrations.latest { try await PostgresMigrations.migrate(conn) }
        }
        pool = PostgresPool(location: location, maximumConnections: 8)
        revisions.start(location)
    }

    /// Opens the archive at a `postgres://` URL.
    public convenience init(url: String, readOnly: Bool = false) async throws {
        guard let location = PostgresLocation(url: url) else { throw StoreError.serverError(server: url, reason: "not a postgres:// URL") }
        try await self.init(location: location, readOnly: readOnly)
    }

    /// Closes the pool's connections; the archive is unusable afterwards.
    public func close() async {
        revisions.stop()
        await pool.close()
    }

    /// Creates an empty database `name` on the server of `server` (a URL whose user may create
    /// databases), for a new archive: UTF-8, with byte-order collation by default.
    public static func createDatabase(named name: String, server: PostgresLocation) async throws -> PostgresLocation {
        try await withConnection(server) { conn in
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            _ = try await conn.simpleQuery("CREATE DATABASE \(quoted) TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'").get()
        }
        return server.database(name)
    }

    /// Drops database `name` (a test's archive), if it exists.
    public static func dropDatabase(named name: String, server: PostgresLocation) async throws {
        try await withConnection(server) { conn in
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            _ = try await conn.simpleQuery("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)").get()
        }
    }

    /// One connection of its own to `location`, closed afterwards; the server's failures as
    /// `StoreError`s that say which.
    static func withConnection<T>(_ location: PostgresLocation, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        var config = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        config.options.connectTimeout = .milliseconds(
            location.connectTimeout.components.seconds * 1000 + location.connectTimeout.components.attoseconds / 1_000_000_000_000_000)
        let conn: PostgresConnection
        do {
            conn = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
        } catch {
            throw storeError(error, location)
        }
        do {
            let result = try await body(conn)
            try? await conn.close()
            return result
        } catch {
            try? await conn.close()
            throw storeError(error, location)
        }
    }

    /// A PostgresNIO error in words: unreachable server, refused credentials, missing database,
    /// or the server's message; other errors (`StoreError`s among them) as they are.
    static func storeError(_ error: any Error, _ location: PostgresLocation) -> any Error {
        if let t = error as? PostgresTransactionError, let inner = t.closureError ?? t.beginError ?? t.commitError {
            return storeError(inner, location)
        }
        // The pool's own error (its module is not public): no connection could be made for a
        // while (60 s, its circuit breaker), or the pool was shut down. `PostgresPool` gives up
        // long before the first.
        if String(describing: type(of: error)) == "ConnectionPoolError" {
            let reason = "\(error)".contains("poolShutdown") ? "the archive's connections were closed"
                : "no connection could be made for a minute (the pool retries; requests succeed again once the server is back)"
            return StoreError.serverUnreachable(host: location.host, port: location.port, reason: reason)
        }
        guard let e = error as? PSQLError else { return error }
        switch e.code {
        case .connectionError:
            let reason = e.underlying.map { "\($0)" } ?? "\(e.code)"
            return StoreError.serverUnreachable(host: location.host, port: location.port, reason: reason)
        case .serverClosedConnection, .clientClosedConnection:
            let reason = e.underlying.map { "\($0)" } ?? "the connection was closed"
            return StoreError.connectionLost(host: location.host, port: location.port, reason: reason)
        case .authMechanismRequiresPassword:
            return StoreError.credentialsRefused(user: location.user, server: location.description, reason: "the server asks for a password and the URL gives none")
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            let message = e.serverInfo?[.message] ?? "\(e.code)"
            // 28P01 invalid_password, 28000 invalid_authorization_specification (pg_hba refused).
            if state == "28P01" || state == "28000" {
                return StoreError.credentialsRefused(user: location.user, server: location.description, reason: message)
            }
            if state == "3D000" {
                return StoreError.serverError(server: location.description, reason: "\(message) (create it first: createdb \(location.database))")
            }
            if state == "53100" { return StoreError.diskFull(location.description) }
            // 57P03 cannot_connect_now: the server is starting up or shutting down.
            if state == "57P03" { return StoreError.serverUnreachable(host: location.host, port: location.port, reason: message) }
            // 57P01 admin_shutdown (a fast shutdown, or pg_terminate_backend), 57P02
            // crash_shutdown, class 08 connection_exception: the session ended under the statement.
            if state == "57P01" || state == "57P02" || state.hasPrefix("08") {
                return StoreError.connectionLost(host: location.host, port: location.port, reason: message)
            }
            return StoreError.serverError(server: location.description, reason: message + (state.isEmpty ? "" : " (SQLSTATE \(state))"))
        default:
            return StoreError.serverError(server: location.description, reason: "\(e.code)" + (e.underlying.map { ": \($0)" } ?? ""))
        }
    }

    /// Runs `body` on a pooled connection, errors in words; `StoreError.serverUnreachable`
    /// when none comes within the location's `connectTimeout`.
    /// A read on a connection that closes under it (a pooled one the server is just ending)
    /// fails at once with `connectionLost` (`untilClosed`).
    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let location = location
        return try await pool.withConnection { conn in try await Self.untilClosed(conn, location) { try await body(conn) } }
    }

    /// Runs `body`'s several statements on one snapshot (a read-only repeatable-read
    /// transaction), as an SQLite read sees one: a write committing meanwhile shows in all of
    /// them or in none.
    func readSnapshot<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await read { conn in
            _ = try await conn.run("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            do {
                let value = try await body(conn)
                _ = try await conn.run("COMMIT")
                return value
            } catch {
                _ = try? await conn.run("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in one transaction on a pooled connection: committed when it returns,
    /// rolled back when it throws (or when the connection is lost, by the server).
    func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        // Whatever happened, what this archive wrote is read back at once (its notice may come
        // a moment later).
        defer { revisions.invalidate() }
        let location = location
        return try await pool.withConnection { conn in
            try await Self.untilClosed(conn, location, reason: "the server ended the session during the transaction; it was rolled back") {
                try await conn.withTransaction(logger: Self.logger) { conn in try await body(conn) }
            }
        }
    }

    /// `work` on `conn`, or `StoreError.connectionLost` as soon as the connection closes under
    /// it. PostgresNIO did not fail a statement sent just as the server ended the session
    /// (`pg_terminate_backend` between two statements of an import: the import waited forever;
    /// a read on a pooled connection the server was shutting down: 8 s). The server has rolled
    /// any transaction back by then; `work` is cancelled and left behind.
    static func untilClosed<T: Sendable>(
        _ conn: PostgresConnection, _ location: PostgresLocation, reason: String = "the server ended the session",
        _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = Outcome<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.start(continuation)
                let task = Task {
                    do { outcome.finish(.success(try await work())) } catch { outcome.finish(.failure(error)) }
                }
                // Looks every 50 ms rather than waiting on the connection's close future, whose
                // callbacks could not be removed and would pile up on a pooled connection.
                let watch = Task {
                    while !Task.isCancelled {
                        if conn.isClosed {
                            outcome.finish(.failure(StoreError.connectionLost(host: location.host, port: location.port, reason: reason)))
                            return
                        }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
                outcome.onFinish {
                    task.cancel()
                    watch.cancel()
                }
            }
        } onCancel: {
            outcome.finish(.failure(CancellationError()))
        }
    }

    /// The first of several ways a call can end, delivered once.
    final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var result: Result<T, any Error>?
            var cleanup: (@Sendable () -> Void)?
        }
        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            let early: Result<T, any Error>? = state.withLock { s in
                if let r = s.result { return r }
                s.continuation = continuation
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
            let done = state.withLock { s in
                if s.result != nil { return true }
                s.cleanup = cleanup
                return false
            }
            if done { cleanup() }
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, cleanup): (CheckedContinuation<T, any Error>?, (@Sendable () -> Void)?) = state.withLock { s in
                guard s.result == nil else { return (nil, nil) }
                s.result = result
                defer { (s.continuation, s.cleanup) = (nil, nil) }
                return (s.continuation, s.cleanup)
            }
            continuation?.resume(with: result)
            cleanup?()
        }
    }

    // MARK: Writing

    public func importContent(
        records: [ParsedRecord], articles: [Article], pages: [PageScanInput], actor: String, publishAt: String?,
        progress: (@Sendable (Int, Int) -> Void)?
    ) async throws -> StoreImportReport {
        let report = try await write { conn in
            var writer = PostgresEditionWriter(conn: conn)
            try await writer.importBatch(records: records, articles: articles, scans: pages, actor: actor, progress: progress)
            return try await writer.finish(actor: actor, publishAt: publishAt)
        }
        await refreshStatistics(after: report)
        return report
    }

    public func importBatches(_ source: ImportBatchSource, expected: Int, actor: String, publishAt: String?) async throws -> StoreImportReport {
        let report = try await write { conn in
            var writer = PostgresEditionWriter(conn: conn)
            while let batch = try source.next() {
                try await writer.importBatch(records: batch.records, articles: batch.articles, scans: batch.pages, actor: actor, progress: nil)
            }
            return try await writer.finish(actor: actor, publishAt: publishAt)
        }
        await refreshStatistics(after: report)
        return report
    }

    /// After an import that wrote many articles, outside its transaction: the planner's
    /// statistics (without them, a freshly imported archive's article page took 63 ms at p99
    /// against 15 ms) and the visibility map, by `VACUUM (ANALYZE)`, as autovacuum would do
    /// later. A failure here loses nothing; autovacuum still comes.
    func refreshStatistics(after report: StoreImportReport) async {
        guard report.articles >= 1_000 else { return }
        _ = try? await pool.withConnection { conn in
            _ = try await conn.simpleQuery("VACUUM (ANALYZE) article, placement, credit, source, page, edition, search_posting").get()
        }
    }

    // MARK: Reading

    public func revision() async throws -> Int64 {
        let (kept, generation) = revisions.current(now: AccessToken.now())
        if let kept { return kept }
        let (revision, nextEmbargo) = try await read { conn in try await PostgresQueries.revisionAndNextEmbargo(conn) }
        revisions.keep(revision, until: nextEmbargo, generation: generation)
        return revision
    }

    public func papers() async throws -> [PaperSummary] {
        try await paperList.get(try await revision(), 0) {
            try await read { conn in try await PostgresQueries.papers(conn) }
        }
    }

    public func paper(slug: String) async throws -> PaperSummary? {
        for p in try await papers() where p.paper.slug == slug { return p }
        return nil
    }

    public func editions(paper: String) async throws -> [EditionSummary] {
        try await editionLists.get(try await revision(), paper) {
            try await read { conn in try await PostgresQueries.editions(conn, paper: paper) }
        }
    }

    public func edition(paper: String, date: IssueDate) async throws -> EditionDetail? {
        try await read { conn in try await PostgresQueries.edition(conn, paper: paper, date: date) }
    }

    public func article(id: String) async throws -> Article? {
        try await read { conn in
            var sql = SQL()
            let placeholder = sql.bind(id)
            sql += "a.id = \(placeholder) AND \(PostgresQueries.released)"
            return try await PostgresQueries.articles(conn, where: sql).first
        }
    }

    public func resolve(id: String) async throws -> ArticleAddress? {
        try await read { conn in try await PostgresQueries.resolve(conn, id: id) }
    }

    public func articles(_ selection: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] {
        try await read { conn in try await PostgresQueries.articles(conn, selection, after: cursor, limit: limit) }
    }

    public func stats() async throws -> ArchiveStats {
        try await read { conn in try await PostgresQueries.stats(conn) }
    }

    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let revision = try await revision()
        return try await readSnapshot { conn in
            try await PostgresSearch.run(conn, request, pageNames: {
                try await self.pageNames.get(revision, 0) { try await PostgresSearch.PageNames.read(conn) }
            })
        }
    }

    public func matchingIDs(_ request: SearchRequest) async throws -> [String] {
        try await read { conn in try await PostgresSearch.ids(conn, request) }
    }

    public func pageOCR(paper: String, date: IssueDate, page: Int) async throws -> String? {
        try await read { conn in
            let rows = try await conn.rows("""
                SELECT s.data FROM source s JOIN edition e ON e.id = s.edition_id
                WHERE e.paper = \(paper) AND e.date = \(date.description) AND s.format = \(SourceRecord.Format.altoPage.rawValue)
                  AND s.record_page = \(page) AND \(unescaped: PostgresQueries.published) LIMIT 1
                """)
            return try rows.first.map { String(decoding: try $0.decode(Data.self), as: UTF8.self) }
        }
    }

    public func related(to id: String, limit: Int) async throws -> [RelatedArticle] {
        let (revision, frequencies) = (try await revision(), frequencies)
        return try await read { conn in
            try await PostgresRelated.find(conn, id: id, limit: limit, revision: revision, frequencies: frequencies)
        }
    }
}
#endif
