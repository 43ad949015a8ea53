import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation
import Testing

/// An `ArchiveStore` implementation the contract suite runs against. Every suite under
/// `Contract/` takes its backend as a test argument, so a new backend joins by being added to
/// `all`.
struct Backend: Sendable, CustomTestStringConvertible {
    let name: String
    /// Opens a new, empty archive named `name` inside `directory`.
    let open: @Sendable (_ directory: URL, _ name: String) async throws -> any ArchiveStore

    var testDescription: String { name }

    /// A real SQLite file in a temporary folder.
    static let sqlite = Backend(name: "SQLite") { dir, name in
        try SQLiteArchive(path: dir.appendingPathComponent(name + ".sqlite").path)
    }

    #if PostgreSQL
    /// A fresh database on the PostgreSQL server `BROADSHEET_TEST_POSTGRES` names (a URL whose
    /// user may create databases; `.ci/pg-cluster.sh start` prints one), one per archive.
    static func postgres(_ server: PostgresLocation) -> Backend {
        Backend(name: "PostgreSQL") { _, name in
            let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let database = try await PostgresArchive.createDatabase(named: "bs_\(name)_\(unique)", server: server)
            return try await PostgresArchive(location: database)
        }
    }

    /// The server the PostgreSQL backend's archives are made on; nil (and a line saying why)
    /// when the environment names none.
    static let postgresServer: PostgresLocation? = {
        guard let url = ProcessInfo.processInfo.environment["BROADSHEET_TEST_POSTGRES"], !url.isEmpty else {
            FileHandle.standardError.write(Data("""
                PostgreSQL contract tests skipped: BROADSHEET_TEST_POSTGRES is not set (a postgres:// URL with the right \
                to CREATE DATABASE; `.ci/pg-cluster.sh start` starts a throwaway server and prints one).\n
                """.utf8))
            return nil
        }
        guard let location = PostgresLocation(url: url) else {
            FileHandle.standardError.write(Data("PostgreSQL contract tests skipped: BROADSHEET_TEST_POSTGRES is not a postgres:// URL\n".utf8))
            return nil
        }
        return location
    }()

    static let all: [Backend] = [.sqlite] + (postgresServer.map { [.postgres($0)] } ?? [])
    #else
    static let all: [Backend] = [.sqlite]
    #endif
}

/// A temporary folder and a fresh archive of one backend in it.
struct ContractArchive {
    let dir = StoreFixtures.TempDir()
    let store: any ArchiveStore
    let backend: Backend

    init(_ backend: Backend) async throws {
        self.backend = backend
        store = try await backend.open(dir.url, "archive")
    }

    /// A second, empty archive of the same backend.
    func other(_ name: String = "other") async throws -> any ArchiveStore {
        try await backend.open(dir.url, name)
    }

    func importFiles(_ paths: [String], paper: String? = nil, keepGoing: Bool = false) async throws -> Importer.Summary {
        try await Importer(store: store).run(paths: paths, options: .init(paperName: paper, keepGoing: keepGoing))
    }

    /// Every article as JSONL plus the statistics: two equal snapshots mean nothing changed.
    func snapshot() async throws -> String {
        try await StoreFixtures.snapshot(store)
    }
}

extension ArchiveStore {
    func all() async throws -> [Article] {
        try await exportArticles().collect()
    }

    func ids(_ query: String) async throws -> Set<String> {
        Set(try await matchingIDs(SearchRequest(parsing: query)))
    }

    func search(_ query: String, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0) async throws -> SearchResults {
        try await search(SearchRequest(parsing: query, sort: sort, limit: limit, offset: offset))
    }
}

/// Articles made up for search tests, imported as native (JSONL) articles.
struct SearchItem {
    var id: String
    var paper = "人民日报"
    var slug = "rmrb"
    var date = "2019-11-25"
    var kicker: String? = nil
    var headline: String
    var subtitle: String? = nil
    var body: String
    var pages: [(Int, String?)] = [(1, nil)]

    var article: Article {
        Article(
            id: id, paper: Paper(name: paper, slug: slug), date: IssueDate(date)!, kicker: kicker, headline: headline,
            subtitle: subtitle, blocks: [.paragraph(body)],
            placements: pages.map { Placement(page: PageRef(number: $0.0, name: $0.1), order: 1, blockStart: 0, blockEnd: 1) })
    }
}

extension ContractArchive {
    init(_ backend: Backend, items: [SearchItem]) async throws {
        try await self.init(backend)
        _ = try await store.importContent(records: [], articles: items.map(\.article))
    }
}
