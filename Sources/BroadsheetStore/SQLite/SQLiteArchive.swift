import BroadsheetCore
import BroadsheetSearch
import Foundation
import GRDB

/// The archive in one SQLite file (WAL), through GRDB.
///
/// Owns the database connection(s) and runs the migrator when it opens for writing; every
/// write is one transaction that keeps the invariants (articles derived from their sources,
/// pages derived from placements, the search index in step with articles).
public final class SQLiteArchive: ArchiveStore {
    let writer: any DatabaseWriter
    /// Where the archive lives; nil in memory.
    public let path: String?

    /// Opens (and creates, unless read-only) the archive at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        var config = Configuration()
        config.readonly = readOnly
        config.prepareDatabase { db in
            try SearchIndex.prepare(db)
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.missingArchive(path)
            }
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.read { db in
                guard try ArchiveMigrations.migrator().hasCompletedMigrations(db) else {
                    throw StoreError.notAnArchive(path)
                }
            }
            writer = pool
        } else {
            let pool = try DatabasePool(path: path, configuration: config)
            try ArchiveMigrations.migrator().migrate(pool)
            writer = pool
        }
        self.path = path
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        self.path = nil
        try ArchiveMigrations.migrator().migrate(writer)
    }

    /// A fresh archive in memory, for tests.
    public static func inMemory() throws -> SQLiteArchive {
        var config = Configuration()
        config.prepareDatabase { db in try SearchIndex.prepare(db) }
        return try SQLiteArchive(writer: DatabaseQueue(configuration: config))
    }

    /// Runs `body` in a read transaction; for callers (search) that need the database itself.
    public func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    // MARK: Writing

    public func importContent(
        records: [ParsedRecord], articles: [Article], progress: (@Sendable (Int, Int) -> Void)?
    ) throws -> StoreImportReport {
        try writer.write { db in
            try EditionWriter.importContent(db, records: records, articles: articles, progress: progress)
        }
    }

    // MARK: Reading

    public func papers() throws -> [PaperSummary] {
        try writer.read { db in try ArchiveQueries.papers(db) }
    }

    public func paper(slug: String) throws -> PaperSummary? {
        try writer.read { db in try ArchiveQueries.papers(db, slug: slug).first }
    }

    public func editions(paper: String) throws -> [EditionSummary] {
        try writer.read { db in try ArchiveQueries.editions(db, paper: paper) }
    }

    public func edition(paper: String, date: IssueDate) throws -> EditionDetail? {
        try writer.read { db in try ArchiveQueries.edition(db, paper: paper, date: date) }
    }

    public func article(id: String) throws -> Article? {
        try writer.read { db in try ArchiveQueries.articles(db, where: "a.id = ?", [id]).first }
    }

    public func articles(paper: String?, from: IssueDate?, to: IssueDate?, id: String?) throws -> [Article] {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let paper { clauses.append("a.paper = ?"); args.append(paper) }
        if let from { clauses.append("a.date >= ?"); args.append(from.description) }
        if let to { clauses.append("a.date <= ?"); args.append(to.description) }
        if let id { clauses.append("a.id = ?"); args.append(id) }
        let whereSQL = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
        let arguments = StatementArguments(args) ?? StatementArguments()
        return try writer.read { db in try ArchiveQueries.articles(db, where: whereSQL, arguments) }
    }

    public func stats() throws -> ArchiveStats {
        try writer.read { db in try ArchiveQueries.stats(db) }
    }

    public func search(_ request: SearchRequest) throws -> SearchResults {
        try writer.read { db in try ArticleSearch.run(db, request) }
    }
}

/// Errors of the store, with what a user needs to act on them.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case missingArchive(String)
    case notAnArchive(String)
    case paperNameConflict(slug: String, stored: String, incoming: String)
    case articleIDConflict(id: String, date: String)
    case unreadableSource(key: String, reason: String)

    public var description: String {
        switch self {
        case .missingArchive(let p): return "\(p): no archive here (run `broadsheet import` first)"
        case .notAnArchive(let p): return "\(p): not a Broadsheet archive, or one written by a newer version"
        case .paperNameConflict(let s, let stored, let incoming):
            return "paper slug “\(s)” already belongs to “\(stored)”, not “\(incoming)”; choose another slug"
        case .articleIDConflict(let id, let date): return "article id “\(id)” already exists in another edition (\(date))"
        case .unreadableSource(let key, let reason): return "stored input \(key) can no longer be read: \(reason)"
        }
    }
}
