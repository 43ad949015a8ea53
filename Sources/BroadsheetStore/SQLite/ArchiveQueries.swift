import BroadsheetCore
import Foundation
import GRDB

/// The read queries of the SQLite archive, as static functions tests can call directly.
enum ArchiveQueries {
    /// The stored revision plus the embargoes that have ended: an edition appearing at its
    /// publish time changes what readers see without a write, and so the revision.
    static func revision(_ db: Database) throws -> Int64 {
        try Cached.int64(db, sql: """
            SELECT revision + (SELECT count(*) FROM edition WHERE publish_at IS NOT NULL AND publish_at <= \(now)) FROM archive_state
            """) ?? 0
    }

    /// SQLite's clock as the archive writes times: `2026-11-30T00:45:09Z`.
    static let now = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    /// The condition on `e` (an edition) that keeps an edition under embargo from readers.
    static let published = "(e.publish_at IS NULL OR e.publish_at <= \(now))"
    /// True while some edition is under embargo.
    static func embargoPending(_ db: Database) throws -> Bool {
        try Cached.int(db, sql: "SELECT count(*) FROM (SELECT 1 FROM edition WHERE publish_at > \(now) LIMIT 1)") == 1
    }

    /// The condition on `a` that keeps withdrawn articles out of listings, counts, feeds and the
    /// sitemap (their pages answer 410; exports still hold them).
    static let listed = "a.id NOT IN (SELECT article_id FROM withdrawal)"
    /// The condition on `a` that keeps articles of editions under embargo from readers.
    static let released = "a.edition_id NOT IN (SELECT id FROM edition WHERE publish_at > \(now))"

    static func papers(_ db: Database, slug: String? = nil) throws -> [PaperSummary] {
        let rows = try Cached.rows(db, sql: """
            SELECT p.slug, p.name,
                   (SELECT MIN(date) FROM edition e WHERE e.paper = p.slug AND \(published)) AS first,
                   (SELECT MAX(date) FROM edition e WHERE e.paper = p.slug AND \(published)) AS last,
                   (SELECT COUNT(*) FROM edition e WHERE e.paper = p.slug AND \(published)) AS editions,
                   (SELECT COUNT(*) FROM article a WHERE a.paper = p.slug AND \(listed) AND \(released)) AS articles
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
        guard let name = try Cached.string(db, sql: "SELECT name FROM paper WHERE slug = ?", arguments: [paper]) else { return [] }
        let p = Paper(name: name, slug: paper)
        return try Cached.rows(db, sql: """
            SELECT e.date,
                   (SELECT COUNT(*) FROM page g WHERE g.edition_id = e.id) AS pages,
                   (SELECT COUNT(*) FROM article a WHERE a.edition_id = e.id AND \(listed)) AS articles
            FROM edition e WHERE e.paper = ? AND \(published) ORDER BY e.date DESC
            """, arguments: [paper]).compactMap { row in
            guard let d = IssueDate(row["date"] as String) else { return nil }
            return EditionSummary(paper: p, date: d, pages: row["pages"], articles: row["articles"])
        }
    }

    /// `embargoed`: the edition only if it is under embargo (a preview), else only if it is not.
    static func edition(_ db: Database, paper: String, date: IssueDate, embargoed: Bool = false) throws -> EditionDetail? {
        guard let row = try Cached.row(db, sql: """
            SELECT e.id, p.name FROM edition e JOIN paper p ON p.slug = e.paper
            WHERE e.paper = ? AND e.date = ? AND \(embargoed ? "NOT " : "")\(published)
            """, arguments: [paper, date.description]) else { return nil }
        let editionID: Int64 = row["id"]
        let pages = try Cached.rows(db, sql: """
            SELECT number, label, name, image, image_width, image_height, pdf FROM page WHERE edition_id = ? ORDER BY number
            """, arguments: [editionID])
        // One pass over the edition's placements; each article's page list is worked out here
        // rather than by a subquery per row. The first placement (seq 0) is where it starts.
        let placements = try Cached.rows(db, sql: """
            SELECT pl.article_rowid, pl.seq, pl.page, pl.ord, pl.regions, a.id, a.kicker, a.headline, a.subtitle
            FROM placement pl JOIN article a ON a.rowid = pl.article_rowid
            WHERE pl.edition_id = ? AND \(listed) ORDER BY pl.page, pl.ord, a.id
            """, arguments: [editionID])
        var pagesOf: [Int64: [Int]] = [:]
        for r in placements {
            let article: Int64 = r["article_rowid"], page: Int = r["page"]
            if !(pagesOf[article]?.contains(page) ?? false) { pagesOf[article, default: []].append(page) }
        }
        var byPage: [Int: [ArticleSummary]] = [:]
        for r in placements {
            let article: Int64 = r["article_rowid"]
            byPage[r["page"], default: []].append(ArticleSummary(
                id: r["id"], kicker: r["kicker"], headline: r["headline"], subtitle: r["subtitle"],
                order: r["ord"], isContinuation: (r["seq"] as Int) != 0,
                pages: (pagesOf[article] ?? []).sorted(),
                regions: try RegionsColumn.regions(r["regions"])))
        }
        return EditionDetail(
            paper: Paper(name: row["name"], slug: paper), date: date,
            pages: pages.map { p in
                PageDetail(page: PageRef(number: p["number"], label: p["label"], name: p["name"]),
                           image: (p["image"] as String?).map { PageImage(reference: $0, width: p["image_width"], height: p["image_height"]) },
                           pdf: p["pdf"], articles: byPage[p["number"]] ?? [])
            })
    }

    /// Articles whole (placements and originals included) where `clause` holds for `a`, in
    /// export order.
    static func articles(_ db: Database, where clause: String, _ arguments: StatementArguments, limit: Int? = nil) throws -> [Article] {
        let rows = try Cached.rows(db, sql: """
            SELECT a.rowid, a.doc FROM article a WHERE \(clause)
            ORDER BY a.paper, a.date, a.first_page, a.first_order, a.id \(limit.map { "LIMIT \($0)" } ?? "")
            """, arguments: arguments)
        return try rows.map { row in try article(db, rowid: row["rowid"], doc: row["doc"]) }
    }

    private static func article(_ db: Database, rowid: Int64, doc data: Data) throws -> Article {
        var doc = try StoredDocument.unpack(data)
        doc.originals = try Cached.rows(db, sql: "SELECT format, name, key, data FROM source WHERE article_rowid = ? ORDER BY seq", arguments: [rowid]).map {
            ArticleJSONL.Document.Original(format: $0["format"], name: $0["name"], key: $0["key"], text: try PackedText.unpack($0["data"]))
        }
        let placements = try Cached.rows(db, sql: """
            SELECT pl.page, pl.ord, pl.block_start, pl.block_end, pl.regions, g.label, g.name
            FROM placement pl JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page
            WHERE pl.article_rowid = ? ORDER BY pl.seq
            """, arguments: [rowid]).map { r in
            ArticleJSONL.Document.PlacementRef(
                page: r["page"], pagelabel: r["label"], pagename: r["name"], order: r["ord"],
                blocks: [r["block_start"], r["block_end"]], regions: try RegionsColumn.decode(r["regions"]))
        }
        do {
            return try ArticleJSONL.article(doc, placements: placements)
        } catch {
            throw StoreError.damaged("article \(doc.id) does not read back (\(error))")
        }
    }

    static func resolve(_ db: Database, id: String) throws -> ArticleAddress? {
        if let row = try Cached.row(db, sql: """
            SELECT a.id, s.record_page FROM source s JOIN article a ON a.rowid = s.article_rowid WHERE s.record_id = ? LIMIT 1
            """, arguments: [id]) {
            return ArticleAddress(id: row["id"], page: row["record_page"])
        }
        // The end of an id: only a whole part after a dash, and only when one article has it.
        guard !id.isEmpty, !id.contains("%"), !id.contains("_") else { return nil }
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM article WHERE id LIKE ? LIMIT 2"), arguments: ["%-" + id])
        return ids.count == 1 ? ArticleAddress(id: ids[0], page: nil) : nil
    }

    /// The batch after `cursor` in export order.
    static func articles(_ db: Database, _ s: ArticleSelection, after cursor: ArticleCursor?, limit: Int) throws -> [Article] {
        var clauses: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let paper = s.paper { clauses.append("a.paper = ?"); args.append(paper) }
        if let from = s.from { clauses.append("a.date >= ?"); args.append(from.description) }
        if let to = s.to { clauses.append("a.date <= ?"); args.append(to.description) }
        if let id = s.id { clauses.append("a.id = ?"); args.append(id) }
        if let c = cursor {
            clauses.append("(a.paper, a.date, a.first_page, a.first_order, a.id) > (?, ?, ?, ?, ?)")
            args += [c.paper, c.date.description, c.firstPage, c.firstOrder, c.id]
        }
        let whereSQL = clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")
        return try articles(db, where: whereSQL, StatementArguments(args) ?? StatementArguments(), limit: max(1, limit))
    }

    /// `a` as it would read back once stored: page labels and names are the edition's, kept
    /// once in `page`, not each article's own.
    static func asStored(_ a: Article, _ db: Database, editionID: Int64) throws -> Article {
        var pages: [Int: PageRef] = [:]
        for row in try Cached.rows(db, sql: "SELECT number, label, name FROM page WHERE edition_id = ?", arguments: [editionID]) {
            pages[row["number"]] = PageRef(number: row["number"], label: row["label"], name: row["name"])
        }
        var stored = a
        for i in stored.placements.indices {
            if let page = pages[stored.placements[i].page.number] { stored.placements[i].page = page }
        }
        return stored
    }

    static func stats(_ db: Database) throws -> ArchiveStats {
        let years = try Cached.rows(db, sql: """
            SELECT e.paper, CAST(substr(e.date, 1, 4) AS INTEGER) AS year, COUNT(DISTINCT e.id) AS editions,
                   (SELECT COUNT(*) FROM page g JOIN edition f ON f.id = g.edition_id WHERE f.paper = e.paper AND substr(f.date, 1, 4) = substr(e.date, 1, 4)) AS pages,
                   (SELECT COUNT(*) FROM article a WHERE a.paper = e.paper AND substr(a.date, 1, 4) = substr(e.date, 1, 4)) AS articles
            FROM edition e GROUP BY e.paper, year ORDER BY e.paper, year
            """).map { r in
            ArchiveStats.Year(paper: r["paper"], year: r["year"], editions: r["editions"], pages: r["pages"], articles: r["articles"])
        }
        let sources = try Cached.int(db, sql: "SELECT COUNT(*) FROM source") ?? 0
        return ArchiveStats(papers: try papers(db), years: years, sources: sources)
    }
}
