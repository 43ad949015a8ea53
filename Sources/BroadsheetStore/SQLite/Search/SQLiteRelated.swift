import BroadsheetCore
import BroadsheetSearch
import GRDB

/// `Relatedness` on the SQLite archive: document frequencies from the bigram index's
/// vocabulary table, postings from the index itself.
enum SQLiteRelated {
    static func find(_ db: Database, id: String, limit: Int) throws -> [RelatedArticle] {
        guard limit > 0, let row = try Row.fetchOne(
            db, sql: "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = ?", arguments: [id])
        else { return [] }
        let rowid: Int64 = row["rowid"]
        let (title, body) = (Self.title(row), try StoredDocument.searchText(row["doc"]))
        let counts = Relatedness.candidates(title: title, body: body)
        let articles = try Cached.int(db, sql: "SELECT max(rowid) FROM article") ?? 0
        let vocabulary = try db.cachedStatement(sql: "SELECT doc FROM \(SearchIndex.vocabularyName(SearchIndex.tableName)) WHERE term = ?")
        var df: [String: Int] = [:]
        for term in counts.keys { df[term] = try Int.fetchOne(vocabulary, arguments: [term]) ?? 0 }
        let postings = try db.cachedStatement(sql: "SELECT rowid FROM \(SearchIndex.tableName) WHERE \(SearchIndex.tableName) MATCH ?")
        var scores: [Int64: (weight: Double, terms: Int)] = [:]
        let chosen = Relatedness.select(counts, documentFrequency: df, articles: articles)
        for (term, weight) in chosen {
            let cursor = try Int64.fetchCursor(postings, arguments: ["\"" + term + "\""])
            while let r = try cursor.next() {
                if r != rowid { scores[r, default: (0, 0)].weight += weight; scores[r, default: (0, 0)].terms += 1 }
            }
        }
        let needed = Relatedness.sharedTermsNeeded(chosen.count)
        let own = Relatedness.fingerprint(title + "\n" + body)
        let details = try db.cachedStatement(sql: """
            SELECT a.id, a.paper, p.name AS paper_name, a.date, a.kicker, a.headline, a.subtitle, a.doc
            FROM article a JOIN paper p ON p.slug = a.paper WHERE a.rowid = ? AND \(ArchiveQueries.released)
            """)
        var out: [RelatedArticle] = []
        // The best `shortlist` by shared weight, newer (higher rowid) first among equals, then
        // scored again for their length; copies are left out.
        let ranked = scores.filter { $0.value.terms >= needed }.map { ($0.key, $0.value.weight) }
        for (r, shared) in ranked.sorted(by: { ($0.1, $0.0) > ($1.1, $1.0) }).prefix(Relatedness.shortlist(limit)) {
            guard let other = try Row.fetchOne(details, arguments: [r]) else { continue }
            let theirs = Relatedness.fingerprint(Self.title(other) + "\n" + (try StoredDocument.searchText(other["doc"])))
            if Relatedness.overlap(own, theirs) >= Relatedness.copyOverlap { continue }
            let date: String = other["date"]
            out.append(RelatedArticle(
                id: other["id"], paper: Paper(name: other["paper_name"], slug: other["paper"]),
                date: IssueDate(date) ?? IssueDate(year: 1, month: 1, day: 1)!, headline: other["headline"],
                score: Relatedness.score(shared: shared, terms: theirs.count, ownTerms: own.count)))
        }
        return Array(out.sorted { ($0.score, $0.date, $0.id) > ($1.score, $1.date, $1.id) }.prefix(limit))
    }

    private static func title(_ row: Row) -> String {
        [row["kicker"] as String?, row["headline"] as String?, row["subtitle"] as String?].compactMap { $0 }.joined(separator: "\n")
    }
}
