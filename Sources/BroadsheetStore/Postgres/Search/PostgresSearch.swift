#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import Foundation
import PostgresNIO

/// Full-text search on PostgreSQL, with the SQLite archive's results.
///
/// Each article's tokens (`BigramTokenizer`, the project's own, in document mode) are made in
/// Swift at import and stored as a `tsvector` literal (`article_search.tokens`, so no
/// text-search configuration touches them), with positions and a weight per column (A
/// headline, B kicker and subtitle, D body), under a GIN index. A query becomes a `tsquery`
/// of the same tokens: a phrase is a `<->` chain (consecutive positions, as FTS5 matches
/// phrases; a gap between columns keeps a phrase inside one), `&`, `|`, `!` as the query
/// says, a final one-character CJK token a prefix `:*`, as FTS5's `"X"*`. The index then
/// decides exactly, and SQL alone counts, facets, ranks and pages, for every article whose
/// tsvector kept all its positions. PostgreSQL keeps at most 256 positions a token and none
/// past 16,383; an article that lost any is marked `capped` at import, and for those few the
/// query is evaluated in Swift by `TokenQuery` on the article's own tokens (as FTS5 would), so
/// recall stays exact. Tokens longer than PostgreSQL's lexemes are cut and searched as
/// prefixes; a query holding one is checked in Swift throughout.
///
/// Three things keep a common query from reading every candidate's positions:
/// - `article_search` holds nothing but the token lists, in rowid order, so a bitmap of a
///   common term's matches visits few pages; what hides withdrawn and embargoed articles is a
///   condition on its rowid, and `article` is joined only for filters and the page of results.
/// - Each list holds `#X` (`initial`) for every CJK character that begins one of its tokens:
///   a one-character query is that one posting list.
/// - A second GIN index holds the pairs of tokens at consecutive positions (`pairs`): a
///   two-token phrase is one posting list, and a longer one has its positions checked only on
///   the articles holding all its pairs.
///
/// Ranking: `ts_rank` of the query with column weights in the SQLite index's proportions
/// (headline 1, kicker and subtitle 0.375, body 0.125), best first, newest (highest rowid)
/// first among equals, over the newest 2,000 matches as on SQLite (which ranks them by BM25);
/// the rest follow newest first. Counts and facets are SQL aggregates.
enum PostgresSearch {
    /// PostgreSQL refuses lexemes over 2,047 bytes; longer tokens are cut (at a character) to
    /// this many bytes in the index and searched as prefixes, then checked in Swift.
    static let maxTokenBytes = 1_000

    /// The article's tokens as a `tsvector` literal: each token once, quoted, with its
    /// positions (one after another through headline, kicker, subtitle and body, a colocated
    /// token on the position before it; at most 256 a token, capped at 16,383 as PostgreSQL
    /// keeps them) and its column's weight letter.
    /// `capped` when PostgreSQL cannot keep every position: a token more than 256 times, or a
    /// position past 16,383 (the article's phrases are then checked in Swift).
    static func documentVector(_ fields: SearchFields) -> (vector: String, capped: Bool) {
        let tokenizer = BigramTokenizer(mode: .document)
        var positions: [String: [String]] = [:]
        var order: [String] = []
        var position = 0
        var capped = false
        for (column, text) in fields.columns.enumerated() {
            let weight = column == 0 ? "A" : column < 3 ? "B" : ""
            for token in tokenizer.tokens(text) {
                if !token.colocated || position == 0 { position += 1 }
                let key = cut(token.text).text
                if positions[key] == nil { order.append(key) }
                if position >= 16_383 { capped = true }
                if positions[key, default: []].count < 256 {
                    positions[key, default: []].append("\(min(position, 16_383))\(weight)")
                } else {
                    capped = true
                }
            }
            position += 1  // no phrase across columns, as in FTS5
        }
        var seen = Set<Unicode.Scalar>()
        let initials = order.compactMap { $0.unicodeScalars.first }.filter { TextFolding.isCJK($0.value) && seen.insert($0).inserted }
        let lexemes = order.map { quoted($0) + ":" + positions[$0]!.joined(separator: ",") } + initials.map { quoted(initial($0)) }
        return (lexemes.joined(separator: " "), capped)
    }

    /// The lexeme, without positions, of the articles holding a token that begins with the CJK
    /// character `c`: what a one-character query `c` (`c*` in FTS5) finds, as one posting list.
    /// `#` is a separator to the tokenizer, so no token is ever this lexeme.
    static func initial(_ c: Unicode.Scalar) -> String { "#" + String(c) }

    /// Column weights for `ts_rank` in PostgreSQL's order {D, C, B, A}: body, unused,
    /// kicker and subtitle, headline; the SQLite index's 1 : 3 : 8.
    static let rankWeights = "'{0.125, 0, 0.375, 1}'::float4[]"

    private static func cut(_ token: String) -> (text: String, cut: Bool) {
        guard token.utf8.count > maxTokenBytes else { return (token, false) }
        var end = token.utf8.index(token.utf8.startIndex, offsetBy: maxTokenBytes)
        while end > token.utf8.startIndex && !token.unicodeScalars.indices.contains(end) { end = token.utf8.index(before: end) }
        return (String(token[..<end]), true)
    }

    /// `text` quoted as a lexeme of a tsvector or tsquery literal.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `token` as a quoted tsquery lexeme; `titleOnly` keeps to the title columns' weights
    /// (their positions come first, so the 256 a token keeps always include them).
    private static func lexeme(_ token: String, prefix: Bool, titleOnly: Bool = false) -> String {
        let (text, wasCut) = cut(token)
        let label = (prefix || wasCut ? "*" : "") + (titleOnly ? "AB" : "")
        return quoted(text) + (label.isEmpty ? "" : ":" + label)
    }

    /// A tsquery for `node`, and whether it decides exactly which articles match. With
    /// `phrases`, a phrase is a `<->` chain: exact for articles not `capped` (the query's `exact`
    /// then says only that no token was cut). Without, its tokens are ANDed: a tsquery every
    /// match satisfies, whatever the article, exact only where each term is one token. With
    /// `initials`, a term that is one CJK character `X` anywhere is `#X` (the same articles as
    /// `X:*`, one posting list; without positions, so not for ranking).
    static func candidates(_ node: TokenQuery.Node, phrases: Bool = false, initials: Bool = false) -> (query: String, exact: Bool) {
        switch node {
        case .term(let forms):
            let parts = forms.map { p -> (String, Bool) in
                if initials, p.prefixLast, !p.titleOnly, p.tokens.count == 1, let only = p.tokens[0].unicodeScalars.first {
                    return (quoted(initial(only)), true)
                }
                let lexemes = p.tokens.enumerated().map { lexeme($1, prefix: p.prefixLast && $0 == p.tokens.count - 1, titleOnly: p.titleOnly) }
                let uncut = !p.tokens.contains { cut($0).cut }
                let exact = phrases ? uncut : p.tokens.count == 1 && uncut
                return (lexemes.count == 1 ? lexemes[0] : "(" + lexemes.joined(separator: phrases ? " <-> " : " & ") + ")", exact)
            }
            return (parts.count == 1 ? parts[0].0 : "(" + parts.map(\.0).joined(separator: " | ") + ")", parts.allSatisfy(\.1))
        case .any(let xs):
            let parts = xs.map { candidates($0, phrases: phrases, initials: initials) }
            return ("(" + parts.map(\.query).joined(separator: " | ") + ")", parts.allSatisfy(\.exact))
        case .all(let inc, let exc):
            let parts = inc.map { candidates($0, phrases: phrases, initials: initials) }
            var query = "(" + parts.map(\.query).joined(separator: " & ")
            var exact = parts.allSatisfy(\.exact)
            for x in exc.map({ candidates($0, phrases: phrases, initials: initials) }) {
                // An exclusion only narrows the candidates when the index decides it exactly.
                if x.exact { query += " & !" + x.query } else { exact = false }
            }
            return (query + ")", exact)
        }
    }

    /// The pair index's expression (schema step 6): the `A|B` pairs of tokens at consecutive
    /// positions. Written as the index is, so PostgreSQL answers it from the index.
    static let pairs = "broadsheet_pairs(s.tokens)"

    /// A tsquery on `pairs` that every article `node` matches satisfies (those not `capped`),
    /// and whether it alone decides them (every term a two-token phrase, nothing excluded);
    /// nil when it cannot narrow (a term of one token, a prefix, `title:`, a cut token).
    static func pairCandidates(_ node: TokenQuery.Node) -> (query: String, exact: Bool)? {
        switch node {
        case .term(let forms):
            var parts: [String] = []
            for p in forms {
                guard p.tokens.count >= 2, !p.prefixLast, !p.titleOnly, !p.tokens.contains(where: { cut($0).cut }) else { return nil }
                let lexemes = zip(p.tokens, p.tokens.dropFirst()).map { quoted($0 + "|" + $1) }
                parts.append(lexemes.count == 1 ? lexemes[0] : "(" + lexemes.joined(separator: " & ") + ")")
            }
            return (parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " | ") + ")", forms.allSatisfy { $0.tokens.count == 2 })
        case .any(let xs):
            var parts: [(query: String, exact: Bool)] = []
            for x in xs {
                guard let part = pairCandidates(x) else { return nil }
                parts.append(part)
            }
            return ("(" + parts.map(\.query).joined(separator: " | ") + ")", parts.allSatisfy(\.exact))
        case .all(let inc, let exc):
            let parts = inc.compactMap(pairCandidates)
            guard !parts.isEmpty else { return nil }
            return ("(" + parts.map(\.query).joined(separator: " & ") + ")", parts.count == inc.count && parts.allSatisfy(\.exact) && exc.isEmpty)
        }
    }

    /// One matching article: what sorting and counting need.
    struct Match {
        var rowid: Int64
        var id: String
        var date: String
        var firstPage: Int
        var firstOrder: Int
        var score: Double?
    }

    /// What readers may see, on `s` (an `article_search` row).
    static let visible = PostgresQueries.visible(rowid: "s.rowid")
    /// The search rows joined to their articles.
    static let joined = "article_search s JOIN article a ON a.rowid = s.rowid"

    /// The conditions of what readers may see (on `s`) and of the request's filters (on `a`),
    /// and whether there are filters (which need `article`).
    static func conditions(_ request: SearchRequest, _ sql: inout SQL) -> (conditions: [String], filtered: Bool) {
        var filters: [String] = []
        for f in [request.query?.filters ?? SearchFilters(), request.formFilters] {
            add(f, to: &filters, &sql)
        }
        return ([visible] + filters, !filters.isEmpty)
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

    /// How a request is answered: its conditions on `s` and `a` with their binds, the tsquery
    /// to rank by, and whether candidates must be checked in Swift.
    struct Plan {
        var sql = SQL()
        var conditions: [String] = []
        /// True when a condition is on `a` (a filter), so `from` joins `article`.
        var filtered = false
        var tsquery: String?
        var query: TokenQuery
        var check = false

        /// A plan on `conn`: where phrases are decided by the index, the `capped` articles among
        /// the request's are read and evaluated in Swift first (usually none).
        static func make(_ conn: PostgresConnection, _ request: SearchRequest) async throws -> Plan {
            var plan = Plan(query: TokenQuery(request.query?.expression))
            (plan.conditions, plan.filtered) = PostgresSearch.conditions(request, &plan.sql)
            guard let root = plan.query.root else { return plan }
            let (phraseQuery, uncut) = PostgresSearch.candidates(root, phrases: true, initials: true)
            let (andQuery, exact) = PostgresSearch.candidates(root, initials: true)
            if exact || !uncut {
                // One token a term (the index decides for every article), or a cut token (every
                // candidate checked in Swift).
                if plan.query.negated {
                    if exact { plan.conditions.append("NOT (s.tokens @@ \(plan.sql.bind(andQuery))::tsquery)") } else { plan.check = true }
                } else {
                    let placeholder = plan.sql.bind(andQuery)
                    plan.conditions.append("s.tokens @@ \(placeholder)::tsquery")
                    plan.rank(by: PostgresSearch.candidates(root).query, matched: andQuery, placeholder)
                    plan.check = !exact
                }
                return plan
            }
            let capped = try await cappedMatches(conn, request, plan.query, candidates: plan.query.negated ? nil : andQuery)
            let placeholder = plan.sql.bind(phraseQuery)
            var index = plan.query.negated ? "NOT (s.tokens @@ \(placeholder)::tsquery)" : "s.tokens @@ \(placeholder)::tsquery"
            if !plan.query.negated, let pairs = PostgresSearch.pairCandidates(root) {
                // The pair index finds the candidates without reading a position. Where it does
                // not decide alone, positions are checked on those candidates only: the function
                // form of @@ is one no index answers, so PostgreSQL filters with it.
                let pairQuery = "\(PostgresSearch.pairs) @@ \(plan.sql.bind(pairs.query))::tsquery"
                index = pairs.exact ? pairQuery : "\(pairQuery) AND ts_match_vq(s.tokens, \(placeholder)::tsquery)"
            }
            plan.conditions.append(capped.isEmpty ? "(NOT s.capped AND \(index))"
                : "((NOT s.capped AND \(index)) OR s.rowid = ANY(\(plan.sql.bind(capped))))")
            if !plan.query.negated { plan.rank(by: PostgresSearch.candidates(root, phrases: true).query, matched: phraseQuery, placeholder) }
            return plan
        }

        /// Ranks by `query`: the bound `placeholder` when it is the `matched` query already bound
        /// (no initials in it), else a bind of its own.
        private mutating func rank(by query: String, matched: String, _ placeholder: String) {
            tsquery = query == matched ? placeholder : sql.bind(query)
        }

        var whereClause: String { conditions.joined(separator: " AND ") }
        /// The rows the conditions are on: `article` joined only when a filter needs it.
        var from: String { filtered ? PostgresSearch.joined : "article_search s" }
        /// The score column: `ts_rank` when the query has terms to rank by, else NULL.
        var scoreColumn: String { tsquery.map { "ts_rank(\(PostgresSearch.rankWeights), s.tokens, \($0)::tsquery)::float8" } ?? "NULL::float8" }
    }

    /// The rowids of the `capped` articles among the request's (and among `candidates`, a
    /// tsquery every match satisfies) that `query` matches, evaluated in Swift.
    static func cappedMatches(_ conn: PostgresConnection, _ request: SearchRequest, _ query: TokenQuery, candidates: String?) async throws -> [Int64] {
        var sql = SQL()
        var conditions = PostgresSearch.conditions(request, &sql).conditions + ["s.capped"]
        if let candidates { conditions.append("s.tokens @@ \(sql.bind(candidates))::tsquery") }
        sql += "SELECT a.rowid, a.headline, a.kicker, a.subtitle, a.doc FROM \(joined) WHERE " + conditions.joined(separator: " AND ")
        var out: [Int64] = []
        for try await row in try await conn.query(sql.query, logger: PostgresArchive.logger) {
            let (rowid, headline, kicker, subtitle, doc) = try row.decode((Int64, String, String?, String?, Data).self)
            let body = (try? StoredDocument.searchText(doc)) ?? ""
            if query.matches(TokenDocument(SearchFields(headline: headline, kicker: kicker, subtitle: subtitle, body: body))) { out.append(rowid) }
        }
        return out
    }

    /// Every article `request` matches, with its score when the query has terms; unordered.
    static func matches(_ conn: PostgresConnection, _ request: SearchRequest) async throws -> [Match] {
        var plan = try await Plan.make(conn, request)
        plan.sql += "SELECT a.rowid, a.id, a.date, a.first_page, a.first_order, \(plan.scoreColumn)"
            + (plan.check ? ", a.headline, a.kicker, a.subtitle, a.doc" : "")
            + " FROM \(joined) WHERE " + plan.whereClause
        var out: [Match] = []
        for try await row in try await conn.query(plan.sql.query, logger: PostgresArchive.logger) {
            var cells = row.makeIterator()
            let rowid = try cells.next()!.decode(Int64.self)
            let id = try cells.next()!.decode(String.self)
            let date = try cells.next()!.decode(String.self)
            let firstPage = try cells.next()!.decode(Int.self)
            let firstOrder = try cells.next()!.decode(Int.self)
            let score = try cells.next()!.decode(Double?.self)
            if plan.check {
                let headline = try cells.next()!.decode(String.self)
                let kicker = try cells.next()!.decode(String?.self)
                let subtitle = try cells.next()!.decode(String?.self)
                let doc = try cells.next()!.decode(Data.self)
                // A damaged document is searched as an article without text, as SQLite shows it.
                let body = (try? StoredDocument.searchText(doc)) ?? ""
                guard plan.query.matches(TokenDocument(SearchFields(headline: headline, kicker: kicker, subtitle: subtitle, body: body))) else {
                    continue
                }
            }
            out.append(Match(rowid: rowid, id: id, date: date, firstPage: firstPage, firstOrder: firstOrder, score: score))
        }
        return out
    }

    /// `matches` in `sort` order: best first (newest first among equals), or newest first.
    static func sorted(_ matches: [Match], _ sort: SearchSort) -> [Match] {
        if sort == .relevance && matches.contains(where: { $0.score != nil }) {
            // As `rankedPage`: the newest `rankingWindow` best first, then the rest newest first.
            let newest = matches.sorted { $0.rowid > $1.rowid }
            var rest = Array(newest.dropFirst(rankingWindow))
            for i in rest.indices { rest[i].score = nil }
            return newest.prefix(rankingWindow).sorted { ($0.score ?? 0, $0.rowid) > ($1.score ?? 0, $1.rowid) } + rest
        }
        return matches.sorted { a, b in
            if a.date != b.date { return a.date > b.date }
            if a.firstPage != b.firstPage { return a.firstPage < b.firstPage }
            if a.firstOrder != b.firstOrder { return a.firstOrder < b.firstOrder }
            return a.rowid > b.rowid
        }
    }

    /// `pageNames` gives the archive's page names when the request asks for facets.
    static func run(
        _ conn: PostgresConnection, _ request: SearchRequest, pageNames: () async throws -> PageNames
    ) async throws -> SearchResults {
        let limit = request.clampedLimit
        let offset = max(0, request.offset)
        let plan = try await Plan.make(conn, request)
        var total: Int
        var facets = SearchFacets()
        var page: [Match] = []
        if plan.check {
            // Checked in Swift: the match set is a list of rows.
            let all = try await matches(conn, request)
            total = all.count
            if request.includeFacets { facets = try await self.facets(conn, from: "article a", "a.rowid = ANY($1)", pageNames: try await pageNames(), binds: { $0.append(all.map(\.rowid)) }) }
            if limit > 0 && offset < total { page = Array(sorted(all, request.sort).dropFirst(offset).prefix(limit)) }
        } else {
            // The index decides: SQL counts, facets and pages.
            if limit > 0, let counted = try await countedPage(conn, plan, request.sort, limit: limit, offset: offset) {
                (total, page) = counted
            } else {
                var count = plan.sql
                count.text = "SELECT count(*) FROM \(plan.from) WHERE " + plan.whereClause
                total = try await conn.value(count.query, as: Int.self) ?? 0
                if limit > 0 && offset < total {
                    page = try await rankedPage(conn, plan, request.sort, total: total, limit: limit, offset: offset)
                }
            }
            if request.includeFacets { facets = try await self.facets(conn, from: joined, plan.whereClause, pageNames: try await pageNames(), binds: { $0 = plan.sql.binds }) }
        }
        let hits = page.isEmpty ? [] : try await details(conn, page, request)
        return SearchResults(total: total, hits: hits, facets: facets, query: request.query,
                             sort: request.sort, limit: limit, offset: offset)
    }

    /// Ranked by `ts_rank` are at most this many matches, the newest (highest rowids), as on
    /// SQLite (`SearchIndex.rankingWindow`): scoring every match of a common term would read
    /// every match's tokens.
    static let rankingWindow = 2_000

    /// The total and a page inside the ranking window, by relevance, in one statement that
    /// finds the matches once (counting, finding the window and ranking it apart found them
    /// three times, each time checking every candidate's positions for a phrase). Nil when
    /// another order is asked, the page reaches past the window, or it is empty.
    static func countedPage(_ conn: PostgresConnection, _ plan: Plan, _ sort: SearchSort, limit: Int, offset: Int) async throws -> (total: Int, page: [Match])? {
        guard sort == .relevance, plan.tsquery != nil, offset + limit <= rankingWindow else { return nil }
        var sql = plan.sql
        sql.text = """
            WITH m AS MATERIALIZED (SELECT s.rowid FROM \(plan.from) WHERE \(plan.whereClause)),
                 w AS (SELECT rowid FROM m ORDER BY rowid DESC LIMIT \(rankingWindow))
            SELECT a.rowid, a.id, a.date, a.first_page, a.first_order, \(plan.scoreColumn), (SELECT count(*) FROM m)
            FROM w JOIN \(joined) ON s.rowid = w.rowid ORDER BY 6 DESC, a.rowid DESC LIMIT \(limit) OFFSET \(offset)
            """
        var total = 0
        let page = try await conn.rows(sql).map { row in
            let r = try row.decode((Int64, String, String, Int, Int, Double?, Int).self)
            total = r.6
            return Match(rowid: r.0, id: r.1, date: r.2, firstPage: r.3, firstOrder: r.4, score: r.5)
        }
        return page.isEmpty ? nil : (total, page)
    }

    /// One page of the matches of `plan` (the index decides) in `sort` order. By relevance,
    /// the newest `rankingWindow` matches come first, best first, then the rest, newest first.
    static func rankedPage(_ conn: PostgresConnection, _ plan: Plan, _ sort: SearchSort, total: Int, limit: Int, offset: Int) async throws -> [Match] {
        func rows(_ score: String, _ extra: String, _ order: String, limit: Int, offset: Int) async throws -> [Match] {
            var sql = plan.sql
            sql.text = """
                SELECT a.rowid, a.id, a.date, a.first_page, a.first_order, \(score) FROM \(joined)
                WHERE \(plan.whereClause)\(extra) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
                """
            return try await conn.rows(sql).map { row in
                let r = try row.decode((Int64, String, String, Int, Int, Double?).self)
                return Match(rowid: r.0, id: r.1, date: r.2, firstPage: r.3, firstOrder: r.4, score: r.5)
            }
        }
        guard sort == .relevance, plan.tsquery != nil else {
            return try await rows("NULL::float8", "", "a.date DESC, a.first_page, a.first_order, a.rowid DESC", limit: limit, offset: offset)
        }
        guard total > rankingWindow else {
            return try await rows(plan.scoreColumn, "", "6 DESC, a.rowid DESC", limit: limit, offset: offset)
        }
        var boundQuery = plan.sql
        boundQuery.text = "SELECT s.rowid FROM \(plan.from) WHERE \(plan.whereClause) ORDER BY s.rowid DESC LIMIT 1 OFFSET \(rankingWindow - 1)"
        let bound = try await conn.value(boundQuery.query, as: Int64.self) ?? Int64.min
        var page: [Match] = []
        if offset < rankingWindow {
            page = try await rows(plan.scoreColumn, " AND s.rowid >= \(bound)", "6 DESC, a.rowid DESC",
                                  limit: min(limit, rankingWindow - offset), offset: offset)
        }
        if page.count < limit {
            page += try await rows("NULL::float8", " AND s.rowid < \(bound)", "a.rowid DESC",
                                   limit: limit - page.count, offset: max(0, offset - rankingWindow))
        }
        return page
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
    static func details(_ conn: PostgresConnection, _ page: [Match], _ request: SearchRequest) async throws -> [SearchHit] {
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
