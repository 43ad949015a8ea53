#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import Foundation
import PostgresNIO

/// Full-text search on PostgreSQL, with the SQLite archive's results.
///
/// Each article's tokens (`BigramTokenizer`, the project's own, in document mode) are made in
/// Swift at import and kept in posting lists of our own (`search_posting`, see
/// `PostgresSearchIndex` and `PostingList`): rows of a token's articles with their positions
/// by column. A query reads the rows of its tokens in one statement and is
/// answered in Swift (`PostingSearch`) as FTS5 answers it on SQLite: a phrase at consecutive
/// positions of one column, `title:` in the title columns, a final one-character CJK token a
/// prefix (a one-character query reads one list, its initial's, `#X`). Recall is exact for
/// every article: nothing is capped or approximated. Tokens longer than `maxTokenBytes` are
/// kept cut, and a query holding one has its matches checked on their text.
///
/// Then SQL: what readers may not see (withdrawn articles, editions under embargo: small sets)
/// is taken out, filters select on `article`, and the page of results, facets and snippets are
/// read for the matches found.
///
/// Ranking: BM25 over the query's terms (not those excluded), a term's frequency weighted by
/// column as the SQLite index weighs them (headline 1, kicker and subtitle 0.375, body 0.125),
/// without length normalisation, N the highest rowid. As on SQLite (which ranks by its BM25),
/// the newest 2,000 matches (highest rowids) are ranked, best first, newest first among
/// equals; the rest follow newest first.
enum PostgresSearch {
    /// Longer tokens are cut (at a character) to this many bytes as index keys; a query holding
    /// one is checked in Swift.
    static let maxTokenBytes = 1_000

    /// The key of the list, with counts instead of positions, of the articles holding a token
    /// that begins with the CJK character `c`: what a one-character query `c` (`c*` in FTS5)
    /// finds, as one list. `#` is a separator to the tokenizer, so no token is ever this key.
    static func initial(_ c: Unicode.Scalar) -> String { "#" + String(c) }

    /// A token's key in the index: itself, or cut to `maxTokenBytes` at a character.
    static func key(_ token: String) -> String {
        guard token.utf8.count > maxTokenBytes else { return token }
        var end = token.utf8.index(token.utf8.startIndex, offsetBy: maxTokenBytes)
        while end > token.utf8.startIndex && !token.unicodeScalars.indices.contains(end) { end = token.utf8.index(before: end) }
        return String(token[..<end])
    }

    /// One result: its rowid and its score when ranked.
    typealias Ranked = (rowid: Int64, score: Double?)

    /// Matches past this many are filtered, ordered and paged by reading `article` in its own
    /// order instead of naming every match in the statement.
    static let namedLimit = 50_000

    /// The filters' conditions on `a`.
    static func filters(_ request: SearchRequest, _ sql: inout SQL) -> [String] {
        var filters: [String] = []
        for f in [request.query?.filters ?? SearchFilters(), request.formFilters] {
            add(f, to: &filters, &sql)
        }
        return filters
    }

    private static func add(_ f: SearchFilters, to conditions: inout [String], _ sql: inout SQL) {
        func paper(_ values: [String]) -> String {
            // Slugs are lower case; a paper may be named by its slug in any case or by its name.
            "(a.paper = ANY(\(sql.bind(values.map { $0.lowercased() }))) OR a.paper IN (SELECT slug FROM paper WHERE name = ANY(\(sql.bind(values)))))"
        }
        func page(_ ranges: [ClosedRange<Int>]) -> String {
            let ors = ranges.map { "pl.page BETWEEN \(sql.bind($0.lowerBound)) AND \(sql.bind($0.upperBound))" }
            return "EXISTS (SELECT 1 FROM placement pl WHERE pl.article_rowid = a.rowid AND (\(ors.joined(separator: " OR "))))"
        }
        func section(_ names: [String]) -> String {
            """
            EXISTS (SELECT 1 FROM placement pl JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page \
            WHERE pl.article_rowid = a.rowid AND g.name = ANY(\(sql.bind(names))))
            """
        }
        func date(_ d: DateRange) -> String {
            var parts: [String] = []
            if let from = d.from { parts.append("a.date >= \(sql.bind(from.description))") }
            if let to = d.to { parts.append("a.date <= \(sql.bind(to.description))") }
            return parts.isEmpty ? "true" : "(" + parts.joined(separator: " AND ") + ")"
        }
        func credit(_ c: CreditFilter) -> String {
            "a.rowid IN (SELECT article_rowid FROM credit WHERE role = ANY(\(sql.bind(c.roles.map(\.rawValue)))) AND key = \(sql.bind(c.key)))"
        }
        if !f.papers.isEmpty { conditions.append(paper(f.papers)) }
        if !f.excludedPapers.isEmpty { conditions.append("NOT " + paper(f.excludedPapers)) }
        if !f.pages.isEmpty { conditions.append(page(f.pages)) }
        if !f.excludedPages.isEmpty { conditions.append("NOT " + page(f.excludedPages)) }
        if !f.sections.isEmpty { conditions.append(section(f.sections)) }
        if !f.excludedSections.isEmpty { conditions.append("NOT " + section(f.excludedSections)) }
        for d in f.dates { conditions.append(date(d)) }
        for d in f.excludedDates { conditions.append("NOT " + date(d)) }
        for c in f.credits { conditions.append(credit(c)) }
        for c in f.excludedCredits { conditions.append("NOT " + credit(c)) }
    }

    /// The rowids `request` matches, ascending, with the lists they were found in (nil when the
    /// query has no terms: filters alone, left to SQL).
    static func matched(_ conn: PostgresConnection, _ request: SearchRequest) async throws -> (rowids: [Int64], search: PostingSearch)? {
        let query = TokenQuery(request.query?.expression)
        guard query.root != nil else { return nil }
        var sql = SQL()
        let filters = self.filters(request, &sql)
        let search = try await PostingSearch.read(conn, query)
        var found = search.matched()
        if search.needsCheck { found = try await checked(conn, found, query) }
        if query.negated {
            sql.text = "SELECT a.rowid FROM article a WHERE "
                + ([PostgresQueries.listed, PostgresQueries.released] + filters).joined(separator: " AND ") + " ORDER BY a.rowid"
            return (PostingSearch.subtract(try await conn.rows(sql).map { try $0.decode(Int64.self) }, found), search)
        }
        found = PostingSearch.subtract(found, try await PostgresQueries.hidden(conn))
        guard !filters.isEmpty, !found.isEmpty else { return (found, search) }
        if found.count <= namedLimit {
            let placeholder = sql.bind(found)
            sql.text = "SELECT a.rowid FROM article a WHERE a.rowid = ANY(\(placeholder)) AND " + filters.joined(separator: " AND ") + " ORDER BY a.rowid"
            return (try await conn.rows(sql).map { try $0.decode(Int64.self) }, search)
        }
        sql.text = "SELECT a.rowid FROM article a WHERE " + filters.joined(separator: " AND ") + " ORDER BY a.rowid"
        return (PostingSearch.intersect(found, try await conn.rows(sql).map { try $0.decode(Int64.self) }), search)
    }

    /// The candidates (found with cut keys) whose text `query` matches.
    private static func checked(_ conn: PostgresConnection, _ candidates: [Int64], _ query: TokenQuery) async throws -> [Int64] {
        var out: [Int64] = []
        for start in stride(from: 0, to: candidates.count, by: PostgresSearchIndex.batch) {
            let part = Array(candidates[start..<min(start + PostgresSearchIndex.batch, candidates.count)])
            for row in try await conn.rows("""
                SELECT rowid, headline, kicker, subtitle, doc FROM article WHERE rowid = ANY(\(part)) ORDER BY rowid
                """) {
                let (rowid, headline, kicker, subtitle, doc) = try row.decode((Int64, String, String?, String?, Data).self)
                // A damaged document is searched as an article without text, as SQLite shows it.
                let body = (try? StoredDocument.searchText(doc)) ?? ""
                let fields = SearchFields(headline: headline, kicker: kicker, subtitle: subtitle, body: body)
                if query.matches(TokenDocument(fields)) != query.negated { out.append(rowid) }
            }
        }
        return out
    }

    /// Every article's id that `request` matches, in rowid order.
    static func ids(_ conn: PostgresConnection, _ request: SearchRequest) async throws -> [String] {
        if let (rowids, _) = try await matched(conn, request) {
            var out: [String] = []
            for start in stride(from: 0, to: rowids.count, by: namedLimit) {
                let part = Array(rowids[start..<min(start + namedLimit, rowids.count)])
                out += try await conn.rows("SELECT id FROM article WHERE rowid = ANY(\(part)) ORDER BY rowid").map { try $0.decode(String.self) }
            }
            return out
        }
        var sql = SQL()
        let conditions = [PostgresQueries.listed, PostgresQueries.released] + filters(request, &sql)
        sql.text = "SELECT a.id FROM article a WHERE " + conditions.joined(separator: " AND ") + " ORDER BY a.rowid"
        return try await conn.rows(sql).map { try $0.decode(String.self) }
    }

    /// `pageNames` gives the archive's page names when the request asks for facets.
    static func run(
        _ conn: PostgresConnection, _ request: SearchRequest, pageNames: () async throws -> PageNames
    ) async throws -> SearchResults {
        let limit = request.clampedLimit
        let offset = max(0, request.offset)
        var total = 0
        var facets = SearchFacets()
        var page: [Ranked] = []
        if let (rowids, search) = try await matched(conn, request) {
            total = rowids.count
            if limit > 0 && offset < total {
                page = request.sort == .relevance && !search.query.negated
                    ? try await ranked(conn, search, rowids, limit: limit, offset: offset)
                    : try await newest(conn, rowids, limit: limit, offset: offset)
            }
            if request.includeFacets && total > 0 {
                facets = try await self.facets(conn, from: "article a", "a.rowid = ANY($1)", pageNames: try await pageNames(), binds: { $0.append(rowids) })
            }
        } else {
            // Filters alone: SQL counts, pages newest first and facets.
            var sql = SQL()
            let condition = ([PostgresQueries.listed, PostgresQueries.released] + filters(request, &sql)).joined(separator: " AND ")
            var count = sql
            count.text = "SELECT count(*) FROM article a WHERE " + condition
            total = try await conn.value(count.query, as: Int.self) ?? 0
            if limit > 0 && offset < total {
                var rows = sql
                rows.text = "SELECT a.rowid FROM article a WHERE \(condition) ORDER BY \(newestOrder) LIMIT \(limit) OFFSET \(offset)"
                page = try await conn.rows(rows).map { (try $0.decode(Int64.self), nil) }
            }
            if request.includeFacets { facets = try await self.facets(conn, from: "article a", condition, pageNames: try await pageNames(), binds: { $0 = sql.binds }) }
        }
        let hits = page.isEmpty ? [] : try await details(conn, page, request)
        return SearchResults(total: total, hits: hits, facets: facets, query: request.query,
                             sort: request.sort, limit: limit, offset: offset)
    }

    /// Ranked are at most this many matches, the newest (highest rowids), as on SQLite
    /// (`SearchIndex.rankingWindow`).
    static let rankingWindow = 2_000

    /// A page by relevance: the newest `rankingWindow` of `rowids` best first, then the rest
    /// newest first.
    static func ranked(_ conn: PostgresConnection, _ search: PostingSearch, _ rowids: [Int64], limit: Int, offset: Int) async throws -> [Ranked] {
        let window = Array(rowids.suffix(rankingWindow))
        var out: [Ranked] = []
        if offset < window.count {
            let articles = try await conn.value("SELECT coalesce(max(rowid), 0) FROM article", as: Int64.self) ?? 0
            let scores = search.scores(window, articles: Int(articles))
            let best = window.map { ($0, scores[$0] ?? 0) }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
            out = best.dropFirst(offset).prefix(limit).map { ($0.0, $0.1) }
        }
        if out.count < limit {
            // The rest, newest first: rowids before the window, from the highest down.
            let restEnd = rowids.count - window.count
            let skip = max(0, offset - window.count)
            let from = restEnd - skip
            if from > 0 { out += rowids[max(0, from - (limit - out.count))..<from].reversed().map { ($0, nil) } }
        }
        return out
    }

    /// The order of results by date: newest edition first, then page and place on it, then the
    /// latest row (index `article_newest`).
    static let newestOrder = "a.date DESC, a.first_page, a.first_order, a.rowid DESC"

    /// A page of `rowids` by date. Up to `namedLimit` matches are named in the statement; past
    /// that, `article` is read newest first until the page is found among them.
    static func newest(_ conn: PostgresConnection, _ rowids: [Int64], limit: Int, offset: Int) async throws -> [Ranked] {
        if rowids.count <= namedLimit {
            return try await conn.rows("""
                SELECT a.rowid FROM article a WHERE a.rowid = ANY(\(rowids)) ORDER BY \(unescaped: newestOrder) LIMIT \(limit) OFFSET \(offset)
                """).map { (try $0.decode(Int64.self), nil) }
        }
        let articles = try await conn.value("SELECT coalesce(max(rowid), 0) FROM article", as: Int64.self) ?? 0
        let wanted = offset + limit
        var take = max(1_000, Int(Double(wanted) * Double(articles) / Double(rowids.count) * 2))
        var read = 0
        var found: [Int64] = []
        while found.count < wanted {
            let rows = try await conn.rows("""
                SELECT a.rowid FROM article a ORDER BY \(unescaped: newestOrder) LIMIT \(take) OFFSET \(read)
                """).map { try $0.decode(Int64.self) }
            for r in rows where found.count < wanted && PostingSearch.contains(rowids, r) { found.append(r) }
            read += rows.count
            if rows.count < take { break }
            take *= 2
        }
        return found.dropFirst(offset).map { ($0, nil) }
    }

    /// What labels the page facet as SQLite's archive does (`DateOrder`, `SearchPlan`): the
    /// names each paper's page carries, the most frequent first, and the papers in the order
    /// their newest article comes (newest date, then lowest page and order, then latest row).
    struct PageNames: Sendable {
        /// Paper slug → its place in that order.
        var paperRank: [String: Int] = [:]
        /// Paper slug → page number → names, the most editions first (then by name's bytes).
        var names: [String: [Int: [String]]] = [:]

        static func read(_ conn: PostgresConnection) async throws -> PageNames {
            var out = PageNames()
            var newest: [(slug: String, date: String, page: Int, order: Int, rowid: Int64)] = []
            for row in try await conn.rows("""
                SELECT DISTINCT ON (paper) paper, date, first_page, first_order, rowid FROM article
                ORDER BY paper, date DESC, first_page, first_order, rowid DESC
                """) {
                let (slug, date, page, order, rowid) = try row.decode((String, String, Int, Int, Int64).self)
                newest.append((slug, date, page, order, rowid))
            }
            newest.sort { ($1.date, $0.page, $0.order, $1.rowid) < ($0.date, $1.page, $1.order, $0.rowid) }
            for (i, p) in newest.enumerated() { out.paperRank[p.slug] = i }
            for row in try await conn.rows("""
                SELECT e.paper, g.number, g.name, count(*) AS n FROM page g JOIN edition e ON e.id = g.edition_id
                WHERE g.name IS NOT NULL GROUP BY 1, 2, 3 ORDER BY n DESC, g.name COLLATE "C"
                """) {
                let (slug, number, name, _) = try row.decode((String, Int, String, Int).self)
                out.names[slug, default: [:]][number, default: []].append(name)
            }
            return out
        }

        /// The page facet from matches per page and paper, and matches per paper.
        func facet(_ perPage: [Int: [String: Int]], paperCounts: [String: Int]) -> [FacetCount] {
            let byCount = paperCounts.keys.filter { paperCounts[$0]! > 0 }.sorted {
                (paperCounts[$1]!, paperRank[$0] ?? .max) < (paperCounts[$0]!, paperRank[$1] ?? .max)
            }
            return perPage.keys.sorted().map { page in
                let papers = perPage[page]!
                var pageNames: [String] = []
                for slug in byCount where papers[slug] != nil {
                    for name in names[slug]?[page] ?? [] where !pageNames.contains(name) { pageNames.append(name) }
                }
                return FacetCount(value: String(page), label: SearchHitBuilder.pageLabel(page, names: pageNames), count: papers.values.reduce(0, +))
            }
        }
    }

    /// The 记者 facet is counted when at most this many articles match, as on SQLite.
    static let authorFacetLimit = 20_000
    static let authorFacetSize = 20

    /// Year, month, paper, page and reporter counts of the rows of `from` (which names `a`,
    /// article) where `condition` holds; `binds` sets its bound values.
    static func facets(
        _ conn: PostgresConnection, from: String, _ condition: String, pageNames: PageNames, binds: (inout PostgresBindings) -> Void
    ) async throws -> SearchFacets {
        func query(_ text: String) -> PostgresQuery {
            var b = PostgresBindings()
            binds(&b)
            return PostgresQuery(unsafeSQL: text, binds: b)
        }
        let counts = try await conn.rows(query("""
            SELECT substr(a.date, 1, 7), a.paper, count(*) FROM \(from) WHERE \(condition) GROUP BY 1, 2
            """)).map { row in
            let (month, paper, n) = try row.decode((String, String, Int).self)
            return (month: month, paper: paper, n: n)
        }
        var names: [String: String] = [:]
        for row in try await conn.rows("SELECT slug, name FROM paper") {
            let (slug, name) = try row.decode((String, String).self)
            names[slug] = name
        }
        var facets = SearchHitBuilder.dateAndPaperFacets(counts, names: names)
        var perPage: [Int: [String: Int]] = [:]  // page → paper → matches standing on it
        for row in try await conn.rows(query("""
            SELECT pl.page, a.paper, count(DISTINCT pl.article_rowid)
            FROM \(from) JOIN placement pl ON pl.article_rowid = a.rowid WHERE \(condition) GROUP BY 1, 2
            """)) {
            let (page, paper, n) = try row.decode((Int, String, Int).self)
            perPage[page, default: [:]][paper] = n
        }
        var paperCounts: [String: Int] = [:]
        for c in counts { paperCounts[c.paper, default: 0] += c.n }
        facets.pages = pageNames.facet(perPage, paperCounts: paperCounts)
        if counts.reduce(0, { $0 + $1.n }) <= authorFacetLimit {
            facets.authors = try await conn.rows(query("""
                SELECT min(c.name), count(DISTINCT c.article_rowid) AS n FROM credit c
                WHERE c.role = 'author' AND c.article_rowid IN (SELECT a.rowid FROM \(from) WHERE \(condition))
                GROUP BY c.key ORDER BY n DESC, c.key LIMIT \(authorFacetSize)
                """)).map { row in
                let (name, n) = try row.decode((String, Int).self)
                return FacetCount(value: name, label: name, count: n)
            }
        }
        return facets
    }

    /// The hits of `page`, in that order, with pages and snippets.
    static func details(_ conn: PostgresConnection, _ page: [Ranked], _ request: SearchRequest) async throws -> [SearchHit] {
        let rowids = page.map(\.rowid)
        var rows: [Int64: (String, String, String, String?, String, String?, Data)] = [:]
        for row in try await conn.rows("""
            SELECT rowid, id, paper, date, kicker, headline, subtitle, doc FROM article WHERE rowid = ANY(\(rowids))
            """) {
            let r = try row.decode((Int64, String, String, String, String?, String, String?, Data).self)
            rows[r.0] = (r.1, r.2, r.3, r.4, r.5, r.6, r.7)
        }
        var pages: [Int64: [PageRef]] = [:]
        for row in try await conn.rows("""
            SELECT pl.article_rowid, pl.page, g.label, g.name
            FROM placement pl LEFT JOIN page g ON g.edition_id = pl.edition_id AND g.number = pl.page
            WHERE pl.article_rowid = ANY(\(rowids)) ORDER BY pl.article_rowid, pl.page
            """) {
            let (r, number, label, name) = try row.decode((Int64, Int, String?, String?).self)
            let ref = PageRef(number: number, label: label, name: name)
            if pages[r]?.contains(where: { $0.number == ref.number }) != true { pages[r, default: []].append(ref) }
        }
        var names: [String: String] = [:]
        for row in try await conn.rows("SELECT slug, name FROM paper") {
            let (slug, name) = try row.decode((String, String).self)
            names[slug] = name
        }
        let highlight = MatchFinder(terms: (request.query?.highlightTerms ?? []).map(\.text))
        return page.compactMap { m in
            guard let r = rows[m.rowid] else { return nil }
            return SearchHitBuilder.hit(
                id: r.0, paper: Paper(name: names[r.1] ?? r.1, slug: r.1), date: r.2, kicker: r.3, headline: r.4, subtitle: r.5,
                doc: r.6, pages: pages[m.rowid] ?? [], score: m.score, highlight: highlight,
                radius: request.snippetRadius, snippets: request.snippetsPerHit)
        }
    }
}
#endif
