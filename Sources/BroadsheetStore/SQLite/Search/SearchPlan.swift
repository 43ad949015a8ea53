import BroadsheetCore
import BroadsheetSearch
import Foundation
import GRDB

/// A parsed query turned into SQL over the two indexes and the store's tables.
struct SearchPlan {
    /// The FTS5 table the query is driven from (`SearchIndex.tableName` or
    /// `SearchIndex.characterTableName`); nil for filters only.
    let source: String?
    /// FTS5 expression of what must match in `source`, or nil for filters only.
    let match: String?
    /// When `match` is a single token with nothing else to check: that token as indexed, so
    /// the count can be read from the vocabulary table.
    let soleToken: String?
    /// For a query driven from the character index, which cannot rank: the same query on the
    /// bigram index (a prefix query), to rank a small match set by BM25.
    let rankMatch: String?
    /// SQL conditions on `a` (the article row), ANDed, with their arguments.
    let conditions: [String]
    let arguments: StatementArguments
    let highlight: MatchFinder

    /// The plan of `request` as readers see the archive: articles of editions still under
    /// embargo left out whenever there are any.
    init(_ request: SearchRequest, _ db: Database) throws {
        self.init(query: request.query, formFilters: request.formFilters, embargo: try ArchiveQueries.embargoPending(db))
    }

    /// `embargo`: some edition is under embargo, and its articles (which the indexes hold, so
    /// they appear at their time without a write) are to be left out.
    init(query: SearchQuery?, formFilters: SearchFilters = SearchFilters(), embargo: Bool = false) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        let fts = SearchIndex.tableName, chars = SearchIndex.characterTableName
        var source: String? = nil
        var match: String? = nil
        var soleToken: String? = nil
        var rankMatch: String? = nil
        if let expression = query?.expression {
            if let excluded = expression.excludedOnlyFTS5 {
                conditions.append("a.rowid NOT IN (SELECT rowid FROM \(fts) WHERE \(fts) MATCH ?)")
                arguments += [excluded]
            } else if case .term(let t) = expression {
                if let c = t.characterFTS5 {
                    (source, match, soleToken, rankMatch) = (chars, c, t.soleToken, t.fts5)
                } else {
                    (source, match, soleToken) = (fts, t.fts5, t.soleToken)
                }
            } else if case .all(let included, let excluded) = expression {
                // One-character terms of a top-level AND go to the character index; the rest
                // stay one MATCH on the bigram index, which drives the query if it has any
                // included term.
                let incChars = included.compactMap(\.characterFTS5)
                let incWords = included.filter { $0.characterFTS5 == nil }.compactMap(\.fts5)
                let excChars = excluded.compactMap(\.characterFTS5)
                let excWords = excluded.filter { $0.characterFTS5 == nil }.compactMap(\.fts5)
                func and(_ xs: [String]) -> String { xs.count == 1 ? xs[0] : "(" + xs.joined(separator: " AND ") + ")" }
                func or(_ xs: [String]) -> String { xs.joined(separator: " OR ") }
                if !incWords.isEmpty {
                    source = fts
                    match = excWords.isEmpty ? and(incWords) : "(" + and(incWords) + " NOT (" + or(excWords) + "))"
                    if !incChars.isEmpty {
                        conditions.append("a.rowid IN (SELECT rowid FROM \(chars) WHERE \(chars) MATCH ?)")
                        arguments += [and(incChars)]
                    }
                    if !excChars.isEmpty {
                        conditions.append("a.rowid NOT IN (SELECT rowid FROM \(chars) WHERE \(chars) MATCH ?)")
                        arguments += [or(excChars)]
                    }
                } else {
                    source = chars
                    match = excChars.isEmpty ? and(incChars) : "(" + and(incChars) + " NOT (" + or(excChars) + "))"
                    if !excWords.isEmpty {
                        conditions.append("a.rowid NOT IN (SELECT rowid FROM \(fts) WHERE \(fts) MATCH ?)")
                        arguments += [or(excWords)]
                    }
                }
            } else {
                (source, match) = (fts, expression.fts5)
            }
        }
        for filters in [query?.filters ?? SearchFilters(), formFilters] {
            Self.addConditions(filters, to: &conditions, &arguments)
        }
        // Withdrawn articles are not in the indexes; a search by filters alone reads the
        // article table, and leaves them out here.
        if match == nil { conditions.append(ArchiveQueries.listed) }
        if embargo { conditions.append(ArchiveQueries.released) }
        self.source = match == nil ? nil : source
        self.match = match
        self.soleToken = match == nil ? nil : soleToken
        self.rankMatch = rankMatch
        self.conditions = conditions
        self.arguments = arguments
        highlight = MatchFinder(terms: (query?.highlightTerms ?? []).map(\.text))
    }

    static func placeholders(_ n: Int) -> String {
        Array(repeating: "?", count: n).joined(separator: ",")
    }

    private static func addConditions(_ f: SearchFilters, to conditions: inout [String], _ arguments: inout StatementArguments) {
        func paperCondition(_ values: [String]) -> String {
            // Slugs are lower case; a paper may be named by its slug in any case or by its name.
            arguments += StatementArguments(values.map { $0.lowercased() })
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
        func creditCondition(_ c: CreditFilter) -> String {
            arguments += StatementArguments(c.roles.map(\.rawValue))
            arguments += [c.key]
            return "a.rowid IN (SELECT article_rowid FROM credit WHERE role IN (\(placeholders(c.roles.count))) AND key = ?)"
        }
        if !f.papers.isEmpty { conditions.append(paperCondition(f.papers)) }
        if !f.excludedPapers.isEmpty { conditions.append("NOT " + paperCondition(f.excludedPapers)) }
        if !f.pages.isEmpty { conditions.append(pageCondition(f.pages)) }
        if !f.excludedPages.isEmpty { conditions.append("NOT " + pageCondition(f.excludedPages)) }
        if !f.sections.isEmpty { conditions.append(sectionCondition(f.sections)) }
        if !f.excludedSections.isEmpty { conditions.append("NOT " + sectionCondition(f.excludedSections)) }
        for d in f.dates { conditions.append(dateCondition(d)) }
        for d in f.excludedDates { conditions.append("NOT " + dateCondition(d)) }
        for c in f.credits { conditions.append(creditCondition(c)) }
        for c in f.excludedCredits { conditions.append("NOT " + creditCondition(c)) }
    }

    /// `FROM … WHERE …` for all matching articles, aliased `a`, plus its arguments;
    /// `join` is added to the FROM clause.
    func fromWhere(join: String = "") -> (String, StatementArguments) {
        var sql: String
        var args = StatementArguments()
        var wheres: [String] = []
        if let match, let source {
            sql = "FROM \(source) JOIN article a ON a.rowid = \(source).rowid"
            wheres.append("\(source) MATCH ?")
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
        if let token = soleToken, let source, conditions.isEmpty {
            // One token: the vocabulary table walks its doclist inside FTS5, several times
            // faster than stepping every match through the SQL engine.
            return try Cached.int(
                db, sql: "SELECT doc FROM \(SearchIndex.vocabularyName(source)) WHERE term = ?",
                arguments: [token]) ?? 0
        }
        if let match, let source, conditions.isEmpty {
            // No join needed: FTS5 alone counts its matches.
            return try Cached.int(
                db, sql: "SELECT count(*) FROM \(source) WHERE \(source) MATCH ?",
                arguments: [match]) ?? 0
        }
        let (sqlFrom, args) = fromWhere()
        return try Cached.int(db, sql: "SELECT count(*) " + sqlFrom, arguments: args) ?? 0
    }

    func ids(_ db: Database) throws -> [String] {
        let (sqlFrom, args) = fromWhere()
        return try Cached.strings(db, sql: "SELECT a.id " + sqlFrom, arguments: args)
    }

    /// The 记者 facet is counted when at most this many articles match (one more pass over them),
    /// and lists the most frequent names.
    static let authorFacetLimit = 20_000
    static let authorFacetSize = 20

    /// Year, month, paper and page counts from one walk over the matching rowids, each looked
    /// up in `order` (no join to the article or placement table: at a million articles a
    /// common character's facets took seconds that way); 记者 by SQL when few enough match.
    func facets(_ db: Database, order: DateOrder) throws -> SearchFacets {
        var histogram = [Int](repeating: 0, count: 10_000 * 12)
        var paperCounts = [Int](repeating: 0, count: order.papers.count)
        var pageCounts = [Int](repeating: 0, count: 64)
        var highCounts: [Int: Int] = [:]
        // The pages each paper's matches stand on, for the page labels.
        var paperPages = [UInt64](repeating: 0, count: order.papers.count)
        var paperHighPages: [Int: Set<Int>] = [:]
        func add(_ rowid: Int64) {
            // An index entry without an article (see `monthCounts`) is not counted.
            guard rowid >= 0, Int(rowid) < order.rank.count, order.rank[Int(rowid)] != .max else { return }
            let r = Int(rowid)
            let m = Int(order.month[r])
            if m >= 0 && m < histogram.count { histogram[m] += 1 }
            let p = Int(order.paper[r])
            paperCounts[p] += 1
            var bits = order.pageBits[r]
            paperPages[p] |= bits
            while bits != 0 {
                pageCounts[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
            if let high = order.highPages[rowid] {
                for n in high {
                    highCounts[n, default: 0] += 1
                    paperHighPages[p, default: []].insert(n)
                }
            }
        }
        try forEachRowid(db, add)

        var facets = SearchFacets()
        var years: [String: Int] = [:]
        for (code, n) in histogram.enumerated().reversed() where n > 0 {
            let label = DateOrder.label(Int32(code))
            facets.months.append(FacetCount(value: label, label: label, count: n))
            years[String(label.prefix(4)), default: 0] += n
        }
        facets.years = years.sorted { $0.key > $1.key }.map { FacetCount(value: $0.key, label: $0.key, count: $0.value) }
        let names = try Dictionary(
            Cached.rows(db, sql: "SELECT slug, name FROM paper").map { ($0["slug"] as String, $0["name"] as String) },
            uniquingKeysWith: { a, _ in a })
        let matchedPapers = paperCounts.indices.filter { paperCounts[$0] > 0 }
        facets.papers = matchedPapers.map { (slug: order.papers[$0], count: paperCounts[$0]) }
            .sorted { ($1.count, $0.slug) < ($0.count, $1.slug) }
            .map { FacetCount(value: $0.slug, label: names[$0.slug] ?? $0.slug, count: $0.count) }
        var pages = pageCounts.indices.filter { pageCounts[$0] > 0 }.map { (page: $0 + 1, count: pageCounts[$0]) }
        pages += highCounts.map { (page: $0.key, count: $0.value) }
        // A page is labelled with the names it carries in the papers whose matches stand on it,
        // the most frequent first (the papers with most matches first), three at most.
        let byCount = matchedPapers.sorted { (paperCounts[$1], $0) < (paperCounts[$0], $1) }
        facets.pages = pages.sorted { $0.page < $1.page }.map { entry in
            var pageNames: [String] = []
            for p in byCount {
                let on = entry.page <= 64 ? paperPages[p] & (1 << UInt64(entry.page - 1)) != 0 : paperHighPages[p]?.contains(entry.page) == true
                guard on else { continue }
                for name in order.pageNames[DateOrder.pageKey(paper: p, page: entry.page)] ?? [] where !pageNames.contains(name) {
                    pageNames.append(name)
                }
            }
            return FacetCount(value: String(entry.page), label: SearchHitBuilder.pageLabel(entry.page, names: pageNames), count: entry.count)
        }
        let total = facets.months.reduce(0) { $0 + $1.count }
        if total <= Self.authorFacetLimit {
            let (authorFromWhere, authorArgs) = fromWhere()
            facets.authors = try Cached.rows(
                db, sql: """
                    SELECT min(c.name) AS name, c.key AS key, count(DISTINCT c.article_rowid) AS n FROM credit c
                    WHERE c.role = 'author' AND c.article_rowid IN (SELECT a.rowid \(authorFromWhere))
                    GROUP BY c.key ORDER BY n DESC, c.key LIMIT ?
                    """,
                arguments: authorArgs + [Self.authorFacetSize]
            ).map { FacetCount(value: $0["name"], label: $0["name"], count: $0["n"]) }
        }
        return facets
    }

    func hits(_ db: Database, sort: SearchSort, limit: Int, offset: Int, total: Int, radius: Int, snippets: Int) throws -> [SearchHit] {
        try details(db, rank(db, sort: sort, limit: limit, offset: offset, total: total), radius: radius, snippets: snippets)
    }

    /// The rowids (and scores) of the matches from `offset` in `sort` order, `limit` of them.
    func rank(_ db: Database, sort: SearchSort, limit: Int, offset: Int, total: Int) throws -> [(rowid: Int64, score: Double?)] {
        let weights = SearchIndex.columnWeights.map { String($0) }.joined(separator: ", ")
        // Phase one ranks rowids only: the sorter then holds (rowid, score, date) per match,
        // not every matching article's body.
        var ranked: [Row] = []
        let window = SearchIndex.rankingWindow
        if let match, let fts = source, fts == SearchIndex.characterTableName, sort == .relevance, conditions.isEmpty {
            if let rankMatch, total <= window {
                // A rare character: its prefix query on the bigram index is cheap and ranks.
                let main = SearchIndex.tableName
                ranked = try Cached.rows(
                    db, sql: "SELECT rowid, -bm25(\(main), \(weights)) AS score FROM \(main) WHERE \(main) MATCH ? ORDER BY score DESC, rowid DESC LIMIT ? OFFSET ?",
                    arguments: [rankMatch, limit, offset])
            } else {
                ranked = try Cached.rows(
                    db, sql: "SELECT rowid, NULL AS score FROM \(fts) WHERE \(fts) MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?",
                    arguments: [match, limit, offset])
            }
        } else if let match, let fts = source, sort == .relevance, conditions.isEmpty {
            // No filters: FTS5 alone, no join.
            if total <= window {
                ranked = try Cached.rows(
                    db, sql: "SELECT rowid, -bm25(\(fts), \(weights)) AS score FROM \(fts) WHERE \(fts) MATCH ? ORDER BY score DESC, rowid DESC LIMIT ? OFFSET ?",
                    arguments: [match, limit, offset])
            } else {
                // Too many to score: rank the newest `window` matches (rowid order, which FTS5
                // walks without sorting) and list the rest after them, newest first.
                let bound = try Cached.int64(
                    db, sql: "SELECT rowid FROM \(fts) WHERE \(fts) MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                    arguments: [match, window - 1]) ?? Int64.min
                if offset < window {
                    ranked = try Cached.rows(
                        db, sql: """
                            SELECT rowid, -bm25(\(fts), \(weights)) AS score FROM \(fts) WHERE \(fts) MATCH ? AND rowid >= ?
                            ORDER BY score DESC, rowid DESC LIMIT ? OFFSET ?
                            """,
                        arguments: [match, bound, min(limit, window - offset), offset])
                }
                if offset + limit > window {
                    ranked += try Cached.rows(
                        db, sql: "SELECT rowid, NULL AS score FROM \(fts) WHERE \(fts) MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ? OFFSET ?",
                        arguments: [match, bound, offset + limit - max(offset, window), max(0, offset - window)])
                }
            }
        } else {
            let (sqlFrom, args) = fromWhere()
            // The character index cannot rank (see `SearchIndex`): with filters, a query driven
            // from it lists newest first.
            let ranks = match != nil && source == SearchIndex.tableName
            let scoreColumn = ranks ? "-bm25(\(SearchIndex.tableName), \(weights))" : "NULL"
            let order = sort == .relevance && match != nil
                ? (ranks ? "score DESC, a.rowid DESC" : "a.rowid DESC")
                : "a.date DESC, a.first_page, a.first_order, a.rowid DESC"
            ranked = try Cached.rows(
                db, sql: "SELECT a.rowid AS rowid, \(scoreColumn) AS score \(sqlFrom) ORDER BY \(order) LIMIT ? OFFSET ?",
                arguments: args + [limit, offset])
        }
        return ranked.map { ($0["rowid"] as Int64, $0["score"] as Double?) }
    }

    /// The hits of `ranked` (rowid and score), in that order, with pages and snippets.
    func details(_ db: Database, _ ranked: [(rowid: Int64, score: Double?)], radius: Int, snippets: Int) throws -> [SearchHit] {
        guard !ranked.isEmpty else { return [] }
        var scores: [Int64: Double?] = [:]
        for (rowid, score) in ranked { scores[rowid] = score }
        let order = ranked.map(\.rowid)
        let details = try Cached.rows(
            db, sql: """
                SELECT rowid, id, paper, date, kicker, headline, subtitle, doc FROM article
                WHERE rowid IN (\(Self.placeholders(order.count)))
                """,
            arguments: StatementArguments(order))
        var byRowid: [Int64: Row] = [:]
        for row in details { byRowid[row["rowid"]] = row }
        let rows = order.compactMap { byRowid[$0] }
        guard !rows.isEmpty else { return [] }
        let rowids = rows.map { $0["rowid"] as Int64 }
        var pages: [Int64: [PageRef]] = [:]
        for row in try Cached.rows(
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
        for row in try Cached.rows(db, sql: "SELECT slug, name FROM paper") { paperNames[row["slug"]] = row["name"] }
        return rows.map { row -> SearchHit in
            let rowid: Int64 = row["rowid"]
            let slug: String = row["paper"]
            return SearchHitBuilder.hit(
                id: row["id"], paper: Paper(name: paperNames[slug] ?? slug, slug: slug), date: row["date"],
                kicker: row["kicker"], headline: row["headline"], subtitle: row["subtitle"], doc: row["doc"],
                pages: pages[rowid] ?? [], score: scores[rowid] ?? nil, highlight: highlight, radius: radius, snippets: snippets)
        }
    }
}

