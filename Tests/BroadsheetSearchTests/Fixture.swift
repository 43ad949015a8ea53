import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import GRDB

/// A small archive database with the store's schema (its migrator) and the search index,
/// filled row by row so search can be tested on its own.
struct Fixture {
    let db: DatabaseQueue

    struct Item {
        var id: String
        var paper = "人民日报"
        var slug = "rmrb"
        var date = "2019-11-25"
        var kicker: String? = nil
        var headline: String
        var subtitle: String? = nil
        var body: String
        var pages: [(Int, String?)] = [(1, nil)]
    }

    init(_ items: [Item] = []) throws {
        var config = Configuration()
        config.prepareDatabase { db in try SearchIndex.prepare(db) }
        db = try DatabaseQueue(configuration: config)
        let migrator = ArchiveMigrations.migrator()
        try migrator.migrate(db)
        for item in items { try add(item) }
    }

    func add(_ item: Item) throws {
        try db.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO paper(slug, name) VALUES (?, ?)", arguments: [item.slug, item.paper])
            try db.execute(sql: "INSERT OR IGNORE INTO edition(paper, date) VALUES (?, ?)", arguments: [item.slug, item.date])
            let edition = try Int64.fetchOne(db, sql: "SELECT id FROM edition WHERE paper = ? AND date = ?", arguments: [item.slug, item.date])!
            for (n, name) in item.pages {
                try db.execute(sql: "INSERT OR IGNORE INTO page(edition_id, number, label, name) VALUES (?, ?, ?, ?)",
                               arguments: [edition, n, PageRef.defaultLabel(n), name])
            }
            try db.execute(sql: """
                INSERT INTO article(id, edition_id, paper, date, kicker, headline, subtitle, body, first_page, first_order, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '{}')
                """, arguments: [item.id, edition, item.slug, item.date, item.kicker, item.headline, item.subtitle, item.body, item.pages[0].0])
            let rowid = db.lastInsertedRowID
            for (i, (n, _)) in item.pages.enumerated() {
                try db.execute(sql: "INSERT INTO placement VALUES (?, ?, ?, ?, 0, 1)", arguments: [rowid, edition, n, i + 1])
            }
            let article = Article(id: item.id, paper: Paper(name: item.paper, slug: item.slug), date: IssueDate(item.date)!,
                                  headline: item.headline, blocks: [.paragraph(item.body)], placements: [])
            try SearchIndex.add(db, rowid: rowid, article: article)
        }
    }

    func remove(id: String) throws {
        try db.write { db in
            let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM article WHERE id = ?", arguments: [id])!
            try SearchIndex.remove(db, rowid: rowid)
            try db.execute(sql: "DELETE FROM placement WHERE article_rowid = ?", arguments: [rowid])
            try db.execute(sql: "DELETE FROM article WHERE rowid = ?", arguments: [rowid])
        }
    }

    func search(_ query: String, sort: SearchSort = .relevance, limit: Int = 20, offset: Int = 0) throws -> SearchResults {
        try db.read { db in try ArticleSearch.run(db, SearchRequest(query: query, sort: sort, limit: limit, offset: offset)) }
    }

    func ids(_ query: String) throws -> Set<String> {
        Set(try search(query, limit: 1000).hits.map(\.id))
    }
}
