import BroadsheetCore
import GRDB

/// A parsed query turned into SQL over `article_fts` and the store's tables.
struct SearchPlan {
    /// FTS5 expression of what must match, or nil for filters only.
    let match: String?
    /// SQL conditions on `a` (the article row), ANDed, with their arguments.
    let conditions: [String]
    let arguments: StatementArguments
    let highlight: MatchFinder

    init(query: SearchQuery, formFilters: SearchFilters = SearchFilters()) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        match = query.expression?.fts5
        if let excluded = query.expression?.excludedOnlyFTS5 {
            conditions.append("a.rowid NOT IN (SELECT rowid FROM \(SearchIndex.tableName) WHERE \(SearchIndex.tableName) MATCH ?)")
            arguments += [excluded]
        }
        for filters in [query.filters, formFilters] {
            Self.addConditions(filters, to: &conditions, &arguments)
        }
        self.conditions = conditions
        self.arguments = arguments
        highlight = MatchFinder(terms: query.highlightTerms.map(\.text))
    }

    private static func placeholders(_ n: Int) -> String {
        Array(repeating: "?", count: n).joined(separator: ",")
    }

    private static func addConditions(_ f: SearchFilters, to conditions: inout [String], _ arguments: inout StatementArguments) {
        func paperCondition(_ values: [String]) -> String {
            arguments += StatementArguments(values)
            arguments += StatementArguments(values)
            return "(a.paper IN (\(placeholders(values.count))) OR a.paper IN (SELECT slug FROM paper WHERE name IN (\(placeholders(values.count)))))"
        }
        func pageCondition(_ ranges: [ClosedRange<Int>]) -> String {
            let ors = ranges.map { r -> String in
                arguments += [r.lowerBound, r.upperBound]
                return "pl.page BETWEEN ? AND ?"
            }
            return "EXISTS (SELECT 1 FROM placement pl WHERE pl.article_rowid = a.rowid AND (\(ors.joined(separator: " OR "))))"
        }
        func sectionCondition(_ names: [String]) -> String {
            arguments += StatementArguments(names)
            return """
                EXISTS (SELECT 1 FROM placement pl JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page \
                WHERE pl.article_rowid = a.rowid AND g.name IN (\(placeholders(names.count))))
                """
        }
        func dateCondition(_ d: DateRange) -> String {
            var parts: [String] = []
            if let from = d.from { parts.append("a.date >= ?"); arguments += [from.description] }
            if let to = d.to { parts.append("a.date <= ?"); arguments += [to.description] }
            return parts.isEmpty ? "1" : "(" + parts.joined(separator: " AND ") + ")"
        }
        if !f.papers.isEmpty { conditions.append(paperCondition(f.papers)) }
        if !f.excludedPapers.isEmpty { conditions.append("NOT " + paperCondition(f.excludedPapers)) }
        if !f.pages.isEmpty { conditions.append(pageCondition(f.pages)) }
        if !f.excludedPages.isEmpty { conditions.append("NOT " + pageCondition(f.excludedPages)) }
        if !f.sections.isEmpty { conditions.append(sectionCondition(f.sections)) }
        if !f.excludedSections.isEmpty { conditions.append("NOT " + sectionCondition(f.excludedSections)) }
        for d in f.dates { conditions.append(dateCondition(d)) }
        for d in f.excludedDates { conditions.append("NOT " + dateCondition(d)) }
    }

    /// `FROM … WHERE …` for all matching articles, aliased `a`, plus its arguments;
    /// `join` is added to the FROM clause.
    private func fromWhere(join: String = "") -> (String, StatementArguments) {
        var sql: String
        var args = StatementArguments()
        var wheres: [String] = []
        if let match {
            sql = "FROM \(SearchIndex.tableName) JOIN article a ON a.rowid = \(SearchIndex.tableName).rowid"
            wheres.append("\(SearchIndex.tableName) MATCH ?")
            args += [match]
        } else {
            sql = "FROM article a"
        }
        sql += join
        wheres += conditions
        args += arguments
        if !wheres.isEmpty { sql += " WHERE " + wheres.joined(separator: " AND ") }
        return (sql, args)
    }

    func count(_ db: Database) throws -> Int {
        if let match, conditions.isEmpty {
            // No join needed: FTS5 alone counts its matches.
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(SearchIndex.tableName) WHERE \(SearchIndex.tableName) MATCH ?",
                arguments: [match]) ?? 0
        }
        let (sqlFrom, args) = fromWhere()
        return try Int.fetchOne(db, sql: "SELECT count(*) " + sqlFrom, arguments: args) ?? 0
    }

    func ids(_ db: Database) throws -> [String] {
        let (sqlFrom, args) = fromWhere()
        return try String.fetchAll(db, sql: "SELECT a.id " + sqlFrom, arguments: args)
    }

    func facets(_ db: Database) throws -> SearchFacets {
        let (sqlFrom, args) = fromWhere()
        var facets = SearchFacets()
        // One pass for month and paper; years are sums of months.
        let rows = try Row.fetchAll(
            db, sql: "SELECT substr(a.date, 1, 7) AS month, a.paper AS paper, count(*) AS n \(sqlFrom) GROUP BY 1, 2",
            arguments: args)
        var months: [String: Int] = [:], years: [String: Int] = [:], papers: [String: Int] = [:]
        for row in rows {
            let month: String = row["month"], paper: String = row["paper"], n: Int = row["n"]
            months[month, default: 0] += n
            years[String(month.prefix(4)), default: 0] += n
            papers[paper, default: 0] += n
        }
        facets.months = months.sorted { $0.key > $1.key }.map { FacetCount(value: $0.key, label: $0.key, count: $0.value) }
        facets.years = years.sorted { $0.key > $1.key }.map { FacetCount(value: $0.key, label: $0.key, count: $0.value) }
        let names = try Dictionary(
            Row.fetchAll(db, sql: "SELECT slug, name FROM paper").map { ($0["slug"] as String, $0["name"] as String) },
            uniquingKeysWith: { a, _ in a })
        facets.papers = papers.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { FacetCount(value: $0.key, label: names[$0.key] ?? $0.key, count: $0.value) }
        let (pageFromWhere, pageArgs) = fromWhere(join: """
             JOIN placement pl ON pl.article_rowid = a.rowid \
            LEFT JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page
            """)
        let pageRows = try Row.fetchAll(
            db, sql: """
                SELECT pl.page AS page, count(DISTINCT pl.article_rowid) AS n, group_concat(DISTINCT g.name) AS names
                \(pageFromWhere) GROUP BY pl.page ORDER BY pl.page
                """,
            arguments: pageArgs)
        facets.pages = pageRows.map { row in
            let page: Int = row["page"], n: Int = row["n"]
            let names: String? = row["names"]
            let label = names.map { "\(PageRef.defaultLabel(page)) \($0.split(separator: ",").prefix(3).joined(separator: "/"))" }
                ?? PageRef.defaultLabel(page)
            return FacetCount(value: String(page), label: label, count: n)
        }
        return facets
    }

    func hits(_ db: Database, sort: SearchSort, limit: Int, offset: Int, radius: Int, snippets: Int) throws -> [SearchHit] {
        let weights = SearchIndex.columnWeights.map { String($0) }.joined(separator: ", ")
        let fts = SearchIndex.tableName
        // Phase one ranks rowids only: the sorter then holds (rowid, score, date) per match,
        // not every matching article's body.
        let ranked: [Row]
        if let match, sort == .relevance, conditions.isEmpty {
            // No filters: FTS5 alone, no join.
            ranked = try Row.fetchAll(
                db, sql: "SELECT rowid, bm25(\(fts), \(weights)) AS score FROM \(fts) WHERE \(fts) MATCH ? ORDER BY score, rowid DESC LIMIT ? OFFSET ?",
                arguments: [match, limit, offset])
        } else {
            let (sqlFrom, args) = fromWhere()
            let scoreColumn = match != nil ? "bm25(\(fts), \(weights))" : "NULL"
            let order = sort == .relevance && match != nil
                ? "score, a.rowid DESC" : "a.date DESC, a.first_page, a.first_order, a.rowid DESC"
            ranked = try Row.fetchAll(
                db, sql: "SELECT a.rowid AS rowid, \(scoreColumn) AS score \(sqlFrom) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: args + [limit, offset])
        }
        guard !ranked.isEmpty else { return [] }
        var scores: [Int64: Double?] = [:]
        for row in ranked { scores[row["rowid"]] = row["score"] as Double? }
        let order = ranked.map { $0["rowid"] as Int64 }
        let details = try Row.fetchAll(
            db, sql: """
                SELECT rowid, id, paper, date, kicker, headline, subtitle, body FROM article
                WHERE rowid IN (\(Self.placeholders(order.count)))
                """,
            arguments: StatementArguments(order))
        var byRowid: [Int64: Row] = [:]
        for row in details { byRowid[row["rowid"]] = row }
        let rows = order.compactMap { byRowid[$0] }
        guard !rows.isEmpty else { return [] }
        let rowids = rows.map { $0["rowid"] as Int64 }
        var pages: [Int64: [PageRef]] = [:]
        for row in try Row.fetchAll(
            db, sql: """
                SELECT pl.article_rowid AS r, pl.page AS number, g.label AS label, g.name AS name
                FROM placement pl LEFT JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page
                WHERE pl.article_rowid IN (\(Self.placeholders(rowids.count)))
                ORDER BY pl.article_rowid, pl.page
                """,
            arguments: StatementArguments(rowids))
        {
            let ref = PageRef(number: row["number"], label: row["label"], name: row["name"])
            let r: Int64 = row["r"]
            if pages[r]?.contains(where: { $0.number == ref.number }) != true { pages[r, default: []].append(ref) }
        }
        var paperNames: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT slug, name FROM paper") { paperNames[row["slug"]] = row["name"] }
        return rows.map { row in
            let rowid: Int64 = row["rowid"]
            let slug: String = row["paper"]
            let dateText: String = row["date"]
            let headline: String = row["headline"]
            let body: String = row["body"]
            return SearchHit(
                id: row["id"],
                paper: Paper(name: paperNames[slug] ?? slug, slug: slug),
                date: IssueDate(dateText) ?? IssueDate(year: 1, month: 1, day: 1)!,
                kicker: row["kicker"],
                headline: headline,
                subtitle: row["subtitle"],
                headlineSegments: highlight.segments(headline),
                pages: pages[rowid] ?? [],
                snippets: highlight.snippets(body, radius: radius, limit: snippets),
                score: scores[rowid] ?? nil)
        }
    }
}
