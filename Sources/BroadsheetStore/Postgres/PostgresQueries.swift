#if PostgreSQL
import BroadsheetCore
import Foundation
import PostgresNIO

/// The read queries of the PostgreSQL archive: the SQLite archive's (`ArchiveQueries`) in
/// PostgreSQL's dialect, as static functions on a connection.
enum PostgresQueries {
    /// The server's clock as the archive writes times: `2026-11-30T00:45:09Z`.
    static let now = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    /// The condition on `e` (an edition) that keeps an edition under embargo from readers.
    static let published = "(e.publish_at IS NULL OR e.publish_at <= \(now))"
    /// The ids of withdrawn articles, and the editions under embargo.
    private static let withdrawn = "SELECT article_id FROM withdrawal"
    private static let embargoed = "SELECT id FROM edition WHERE publish_at > \(now)"
    /// The condition on `a` that keeps withdrawn articles out of listings, counts and search.
    static let listed = "a.id NOT IN (\(withdrawn))"
    /// The condition on `a` that keeps articles of editions under embargo from readers.
    static let released = "a.edition_id NOT IN (\(embargoed))"
    /// The rowids of what readers may not see (withdrawn articles, those of editions under
    /// embargo), ascending: both sets are small and found by index. Search takes them out of
    /// what its posting lists find.
    static func hidden(_ conn: PostgresConnection) async throws -> [Int64] {
        try await conn.rows("""
            SELECT h.rowid FROM article h WHERE h.id IN (\(unescaped: withdrawn))
            UNION SELECT h.rowid FROM article h WHERE h.edition_id IN (\(unescaped: embargoed)) ORDER BY 1
            """).map { try $0.decode(Int64.self) }
    }

    /// The stored revision plus the embargoes that have ended (see `ArchiveQueries.revision`).
    static func revision(_ conn: PostgresConnection) async throws -> Int64 {
        try await conn.value("""
            SELECT revision + (SELECT count(*) FROM edition WHERE publish_at IS NOT NULL AND publish_at <= \(unescaped: now)) FROM archive_state
            """, as: Int64.self) ?? 0
    }

    /// `revision` with the earliest time an embargo still ends (nil when none): until then the
    /// revision stays what it is unless a write changes it.
    static func revisionAndNextEmbargo(_ conn: PostgresConnection) async throws -> (Int64, String?) {
        let row = try await conn.rows("""
            SELECT revision + (SELECT count(*) FROM edition WHERE publish_at IS NOT NULL AND publish_at <= \(unescaped: now)),
                   (SELECT min(publish_at) FROM edition WHERE publish_at > \(unescaped: now))
            FROM archive_state
            """).first
        guard let row else { return (0, nil) }
        let (revision, next) = try row.decode((Int64, String?).self)
        return (revision, next)
    }

    static func papers(_ conn: PostgresConnection, slug: String? = nil) async throws -> [PaperSummary] {
        var sql = SQL("""
            SELECT p.slug, p.name,
                   (SELECT MIN(date) FROM edition e WHERE e.paper = p.slug AND \(published)),
                   (SELECT MAX(date) FROM edition e WHERE e.paper = p.slug AND \(published)),
                   (SELECT COUNT(*) FROM edition e WHERE e.paper = p.slug AND \(published)),
                   (SELECT COUNT(*) FROM article a WHERE a.paper = p.slug AND \(listed) AND \(released))
            FROM paper p
            """)
        if let slug {
            let placeholder = sql.bind(slug)
            sql += " WHERE p.slug = \(placeholder)"
        }
        sql += " ORDER BY p.name"
        return try await conn.rows(sql).map { row in
            let (slug, name, first, last, editions, articles) = try row.decode((String, String, String?, String?, Int, Int).self)
            return PaperSummary(paper: Paper(name: name, slug: slug), firstDate: first.flatMap { IssueDate($0) },
                                lastDate: last.flatMap { IssueDate($0) }, editions: editions, articles: articles)
        }
    }

    static func editions(_ conn: PostgresConnection, paper: String) async throws -> [EditionSummary] {
        guard let name = try await conn.value("SELECT name FROM paper WHERE slug = \(paper)", as: String.self) else { return [] }
        let p = Paper(name: name, slug: paper)
        return try await conn.rows("""
            SELECT e.date,
                   (SELECT COUNT(*) FROM page g WHERE g.edition_id = e.id),
                   (SELECT COUNT(*) FROM article a WHERE a.edition_id = e.id AND \(unescaped: listed))
            FROM edition e WHERE e.paper = \(paper) AND \(unescaped: published) ORDER BY e.date DESC
            """).compactMap { row in
            let (date, pages, articles) = try row.decode((String, Int, Int).self)
            guard let d = IssueDate(date) else { return nil }
            return EditionSummary(paper: p, date: d, pages: pages, articles: articles)
        }
    }

    /// `embargoed`: the edition only if it is under embargo (a preview), else only if it is not.
    static func edition(_ conn: PostgresConnection, paper: String, date: IssueDate, embargoed: Bool = false) async throws -> EditionDetail? {
        guard let row = try await conn.rows("""
            SELECT e.id, p.name FROM edition e JOIN paper p ON p.slug = e.paper
            WHERE e.paper = \(paper) AND e.date = \(date.description) AND \(unescaped: embargoed ? "NOT " : "")\(unescaped: published)
            """).first else { return nil }
        let (editionID, paperName) = try row.decode((Int64, String).self)
        let pages = try await conn.rows("""
            SELECT number, label, name, image, image_width, image_height, pdf FROM page WHERE edition_id = \(editionID) ORDER BY number
            """).map { try $0.decode((Int, String, String?, String?, Int?, Int?, String?).self) }
        let placements = try await conn.rows("""
            SELECT pl.article_rowid, pl.seq, pl.page, pl.ord, pl.regions, a.id, a.kicker, a.headline, a.subtitle
            FROM placement pl JOIN article a ON a.rowid = pl.article_rowid
            WHERE pl.edition_id = \(editionID) AND \(unescaped: listed) ORDER BY pl.page, pl.ord, a.id
            """).map { try $0.decode((Int64, Int, Int, Int, String?, String, String?, String, String?).self) }
        var pagesOf: [Int64: [Int]] = [:]
        for r in placements where !(pagesOf[r.0]?.contains(r.2) ?? false) { pagesOf[r.0, default: []].append(r.2) }
        var byPage: [Int: [ArticleSummary]] = [:]
        for r in placements {
            byPage[r.2, default: []].append(ArticleSummary(
                id: r.5, kicker: r.6, headline: r.7, subtitle: r.8, order: r.3, isContinuation: r.1 != 0,
                pages: (pagesOf[r.0] ?? []).sorted(), regions: try RegionsColumn.regions(r.4)))
        }
        return EditionDetail(
            paper: Paper(name: paperName, slug: paper), date: date,
            pages: pages.map { p in
                PageDetail(page: PageRef(number: p.0, label: p.1, name: p.2),
                           image: p.3.map { PageImage(reference: $0, width: p.4, height: p.5) },
                           pdf: p.6, articles: byPage[p.0] ?? [])
            })
    }

    /// Articles whole (placements and originals included) where `clause` holds for `a`, in
    /// export order: three queries for the lot, not three per article.
    static func articles(_ conn: PostgresConnection, where clause: SQL, limit: Int? = nil) async throws -> [Article] {
        var sql = clause
        sql.text = "SELECT a.rowid, a.doc FROM article a WHERE " + clause.text
            + " ORDER BY a.paper, a.date, a.first_page, a.first_order, a.id" + (limit.map { " LIMIT \($0)" } ?? "")
        let docs = try await conn.rows(sql).map { try $0.decode((Int64, Data).self) }
        guard !docs.isEmpty else { return [] }
        let rowids = docs.map(\.0)
        var originals: [Int64: [ArticleJSONL.Document.Original]] = [:]
        for row in try await conn.rows("""
            SELECT article_rowid, format, name, key, data FROM source WHERE article_rowid = ANY(\(rowids)) ORDER BY article_rowid, seq
            """) {
            let (rowid, format, name, key, data) = try row.decode((Int64, String, String, String, Data).self)
            originals[rowid, default: []].append(
                ArticleJSONL.Document.Original(format: format, name: name, key: key, text: String(decoding: data, as: UTF8.self)))
        }
        var placements: [Int64: [ArticleJSONL.Document.PlacementRef]] = [:]
        for row in try await conn.rows("""
            SELECT pl.article_rowid, pl.page, pl.ord, pl.block_start, pl.block_end, pl.regions, g.label, g.name
            FROM placement pl JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page
            WHERE pl.article_rowid = ANY(\(rowids)) ORDER BY pl.article_rowid, pl.seq
            """) {
            let r = try row.decode((Int64, Int, Int, Int, Int, String?, String, String?).self)
            placements[r.0, default: []].append(ArticleJSONL.Document.PlacementRef(
                page: r.1, pagelabel: r.6, pagename: r.7, order: r.2, blocks: [r.3, r.4], regions: try RegionsColumn.decode(r.5)))
        }
        return try docs.map { rowid, data in
            var doc = try StoredDocument.unpack(data)
            doc.originals = originals[rowid] ?? []
            do {
                return try ArticleJSONL.article(doc, placements: placements[rowid] ?? [])
            } catch {
                throw StoreError.damaged("article \(doc.id) does not read back (\(error))")
            }
        }
    }

    static func resolve(_ conn: PostgresConnection, id: String) async throws -> ArticleAddress? {
        if let row = try await conn.rows("""
            SELECT a.id, s.record_page FROM source s JOIN article a ON a.rowid = s.article_rowid WHERE s.record_id = \(id) LIMIT 1
            """).first {
            let (found, page) = try row.decode((String, Int?).self)
            return ArticleAddress(id: found, page: page)
        }
        // The end of an id: only a whole part after a dash, and only when one article has it.
        guard !id.isEmpty, !id.contains("%"), !id.contains("_"), !id.contains("\\") else { return nil }
        let ids = try await conn.rows("SELECT id FROM article WHERE id LIKE \("%-" + id) LIMIT 2").map { try $0.decode(String.self) }
        return ids.count == 1 ? ArticleAddress(id: ids[0], page: nil) : nil
    }

    /// The batch after `cursor` in export order.
    static func articles(_ conn: PostgresConnection, _ s: ArticleSelection, after cursor: ArticleCursor?, limit: Int) async throws -> [Article] {
        var sql = SQL()
        var clauses: [String] = ["true"]
        if let paper = s.paper { clauses.append("a.paper = \(sql.bind(paper))") }
        if let from = s.from { clauses.append("a.date >= \(sql.bind(from.description))") }
        if let to = s.to { clauses.append("a.date <= \(sql.bind(to.description))") }
        if let id = s.id { clauses.append("a.id = \(sql.bind(id))") }
        if let c = cursor {
            clauses.append("""
                (a.paper, a.date, a.first_page, a.first_order, a.id) > \
                (\(sql.bind(c.paper)), \(sql.bind(c.date.description)), \(sql.bind(c.firstPage)), \(sql.bind(c.firstOrder)), \(sql.bind(c.id)))
                """)
        }
        sql.text = clauses.joined(separator: " AND ")
        return try await articles(conn, where: sql, limit: max(1, limit))
    }

    /// `a` as it would read back once stored: page labels and names are the edition's.
    static func asStored(_ a: Article, _ conn: PostgresConnection, editionID: Int64) async throws -> Article {
        var pages: [Int: PageRef] = [:]
        for row in try await conn.rows("SELECT number, label, name FROM page WHERE edition_id = \(editionID)") {
            let (number, label, name) = try row.decode((Int, String, String?).self)
            pages[number] = PageRef(number: number, label: label, name: name)
        }
        var stored = a
        for i in stored.placements.indices {
            if let page = pages[stored.placements[i].page.number] { stored.placements[i].page = page }
        }
        return stored
    }

    static func stats(_ conn: PostgresConnection) async throws -> ArchiveStats {
        let years = try await conn.rows("""
            SELECT y.paper, CAST(y.year AS integer), y.editions,
                   (SELECT COUNT(*) FROM page g JOIN edition f ON f.id = g.edition_id WHERE f.paper = y.paper AND substr(f.date, 1, 4) = y.year),
                   (SELECT COUNT(*) FROM article a WHERE a.paper = y.paper AND substr(a.date, 1, 4) = y.year)
            FROM (SELECT e.paper, substr(e.date, 1, 4) AS year, COUNT(DISTINCT e.id) AS editions FROM edition e GROUP BY 1, 2) y
            ORDER BY y.paper, y.year
            """).map { row in
            let r = try row.decode((String, Int, Int, Int, Int).self)
            return ArchiveStats.Year(paper: r.0, year: r.1, editions: r.2, pages: r.3, articles: r.4)
        }
        let sources = try await conn.value("SELECT COUNT(*) FROM source", as: Int.self) ?? 0
        return ArchiveStats(papers: try await papers(conn), years: years, sources: sources)
    }
}
#endif
