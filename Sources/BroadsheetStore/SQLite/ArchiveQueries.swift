import BroadsheetCore
import Foundation
import GRDB

/// The read queries of the SQLite archive, as static functions tests can call directly.
enum ArchiveQueries {
    static func papers(_ db: Database, slug: String? = nil) throws -> [PaperSummary] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.slug, p.name,
                   (SELECT MIN(date) FROM edition e WHERE e.paper = p.slug) AS first,
                   (SELECT MAX(date) FROM edition e WHERE e.paper = p.slug) AS last,
                   (SELECT COUNT(*) FROM edition e WHERE e.paper = p.slug) AS editions,
                   (SELECT COUNT(*) FROM article a WHERE a.paper = p.slug) AS articles
            FROM paper p \(slug == nil ? "" : "WHERE p.slug = ?") ORDER BY p.name
            """, arguments: slug.map { [$0] } ?? [])
        return rows.map { row in
            PaperSummary(
                paper: Paper(name: row["name"], slug: row["slug"]),
                firstDate: (row["first"] as String?).flatMap { IssueDate($0) },
                lastDate: (row["last"] as String?).flatMap { IssueDate($0) },
                editions: row["editions"], articles: row["articles"])
        }
    }

    static func editions(_ db: Database, paper: String) throws -> [EditionSummary] {
        guard let name = try String.fetchOne(db, sql: "SELECT name FROM paper WHERE slug = ?", arguments: [paper]) else { return [] }
        let p = Paper(name: name, slug: paper)
        return try Row.fetchAll(db, sql: """
            SELECT e.date,
                   (SELECT COUNT(*) FROM page g WHERE g.edition_id = e.id) AS pages,
                   (SELECT COUNT(*) FROM article a WHERE a.edition_id = e.id) AS articles
            FROM edition e WHERE e.paper = ? ORDER BY e.date DESC
            """, arguments: [paper]).compactMap { row in
            guard let d = IssueDate(row["date"] as String) else { return nil }
            return EditionSummary(paper: p, date: d, pages: row["pages"], articles: row["articles"])
        }
    }

    static func edition(_ db: Database, paper: String, date: IssueDate) throws -> EditionDetail? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT e.id, p.name FROM edition e JOIN paper p ON p.slug = e.paper WHERE e.paper = ? AND e.date = ?
            """, arguments: [paper, date.description]) else { return nil }
        let editionID: Int64 = row["id"]
        let pages = try Row.fetchAll(db, sql: "SELECT number, label, name, image FROM page WHERE edition_id = ? ORDER BY number", arguments: [editionID])
        // One pass over the edition's placements; each article's page list and starting
        // placement are worked out here rather than by a subquery per row.
        let placements = try Row.fetchAll(db, sql: """
            SELECT pl.rowid AS placement, pl.article_rowid, pl.page, pl.ord, a.id, a.kicker, a.headline, a.subtitle
            FROM placement pl JOIN article a ON a.rowid = pl.article_rowid
            WHERE pl.edition_id = ? ORDER BY pl.page, pl.ord, a.id
            """, arguments: [editionID])
        var pagesOf: [Int64: [Int]] = [:]
        var firstPlacement: [Int64: Int64] = [:]
        for r in placements {
            let article: Int64 = r["article_rowid"], page: Int = r["page"], placement: Int64 = r["placement"]
            if !(pagesOf[article]?.contains(page) ?? false) { pagesOf[article, default: []].append(page) }
            firstPlacement[article] = min(firstPlacement[article] ?? placement, placement)
        }
        var byPage: [Int: [ArticleSummary]] = [:]
        for r in placements {
            let article: Int64 = r["article_rowid"]
            byPage[r["page"], default: []].append(ArticleSummary(
                id: r["id"], kicker: r["kicker"], headline: r["headline"], subtitle: r["subtitle"],
                order: r["ord"], isContinuation: firstPlacement[article] != (r["placement"] as Int64),
                pages: (pagesOf[article] ?? []).sorted()))
        }
        return EditionDetail(
            paper: Paper(name: row["name"], slug: paper), date: date,
            pages: pages.map { p in
                PageDetail(page: PageRef(number: p["number"], label: p["label"], name: p["name"]), image: p["image"],
                           articles: byPage[p["number"]] ?? [])
            })
    }

    static func articles(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> [Article] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.rowid, a.doc FROM article a WHERE \(clause) ORDER BY a.paper, a.date, a.first_page, a.first_order, a.id
            """, arguments: arguments)
        let decoder = JSONDecoder()
        return try rows.map { row in
            var doc = try decoder.decode(ArticleJSONL.Document.self, from: Data((row["doc"] as String).utf8))
            doc.originals = try Row.fetchAll(db, sql: "SELECT format, name, key, text FROM source WHERE article_rowid = ? ORDER BY seq", arguments: [row["rowid"] as Int64]).map {
                ArticleJSONL.Document.Original(format: $0["format"], name: $0["name"], key: $0["key"], text: $0["text"])
            }
            return try ArticleJSONL.article(doc)
        }
    }

    static func stats(_ db: Database) throws -> ArchiveStats {
        let years = try Row.fetchAll(db, sql: """
            SELECT e.paper, CAST(substr(e.date, 1, 4) AS INTEGER) AS year, COUNT(DISTINCT e.id) AS editions,
                   (SELECT COUNT(*) FROM page g JOIN edition f ON f.id = g.edition_id WHERE f.paper = e.paper AND substr(f.date, 1, 4) = substr(e.date, 1, 4)) AS pages,
                   (SELECT COUNT(*) FROM article a WHERE a.paper = e.paper AND substr(a.date, 1, 4) = substr(e.date, 1, 4)) AS articles
            FROM edition e GROUP BY e.paper, year ORDER BY e.paper, year
            """).map { r in
            ArchiveStats.Year(paper: r["paper"], year: r["year"], editions: r["editions"], pages: r["pages"], articles: r["articles"])
        }
        let sources = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM source") ?? 0
        return ArchiveStats(papers: try papers(db), years: years, sources: sources)
    }
}
