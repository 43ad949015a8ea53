import BroadsheetCore
import BroadsheetSearch
import GRDB
import Synchronization

/// Document frequencies from the vocabulary table, kept per revision.
func documentFrequencies(_ db: Database, _ terms: some Sequence<String>, kept: RevisionCache<String, Int>) throws -> [String: Int] {
    let revision = try ArchiveQueries.revision(db)
    let (found, missing) = kept.lookup(revision, terms)
    guard !missing.isEmpty else { return found }
    let vocabulary = try db.cachedStatement(sql: "SELECT doc FROM \(SearchIndex.vocabularyName(SearchIndex.tableName)) WHERE term = ?")
    var read: [String: Int] = [:]
    for t in missing { read[t] = try Int.fetchOne(vocabulary, arguments: [t]) ?? 0 }
    kept.keep(revision, read)
    return found.merging(read) { a, _ in a }
}

/// `Relatedness` on the SQLite archive: document frequencies from the bigram index's
/// vocabulary table, postings from the index itself.
enum SQLiteRelated {
    static func find(_ db: Database, id: String, limit: Int, frequencies: RevisionCache<String, Int>) throws -> [RelatedArticle] {
        guard limit > 0, let row = try Row.fetchOne(
            db, sql: "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = ?", arguments: [id])
        else { return [] }
        let rowid: Int64 = row["rowid"]
        let (title, body) = (Self.title(row), try StoredDocument.searchText(row["doc"]))
        let counts = Relatedness.candidates(title: title, body: body)
        let articles = try Cached.int(db, sql: "SELECT max(rowid) FROM article") ?? 0
        let df = try documentFrequencies(db, counts.keys, kept: frequencies)
        let postings = try db.cachedStatement(sql: "SELECT rowid FROM \(SearchIndex.tableName) WHERE \(SearchIndex.tableName) MATCH ?")
        let chosen = Relatedness.select(counts, documentFrequency: df, articles: articles)
        // Each term's postings, in rowid order (FTS5 gives them so; sorted where not), merged:
        // one pass finds every other article's shared weight and number of shared terms, where
        // a hash table keyed by rowid cost most of an article page at a million articles.
        var lists: [[Int64]] = []
        for (term, _) in chosen {
            var list = try Int64.fetchAll(postings, arguments: ["\"" + term + "\""])
            if zip(list, list.dropFirst()).contains(where: { $0 > $1 }) { list.sort() }
            lists.append(list)
        }
        let needed = Relatedness.sharedTermsNeeded(chosen.count)
        var heads = [Int](repeating: 0, count: lists.count)
        var ranked: [(Int64, Double)] = []
        while true {
            var next = Int64.max
            for i in lists.indices where heads[i] < lists[i].count { next = min(next, lists[i][heads[i]]) }
            if next == .max { break }
            // Weights added in the order of `chosen`, as the sum was before.
            var shared = 0.0, terms = 0
            for i in lists.indices where heads[i] < lists[i].count && lists[i][heads[i]] == next {
                shared += chosen[i].weight
                terms += 1
                heads[i] += 1
            }
            if next != rowid && terms >= needed { ranked.append((next, shared)) }
        }
        let own = Relatedness.fingerprint(title + "\n" + body)
        let details = try db.cachedStatement(sql: """
            SELECT a.id, a.paper, p.name AS paper_name, a.date, a.kicker, a.headline, a.subtitle, a.doc
            FROM article a JOIN paper p ON p.slug = a.paper WHERE a.rowid = ? AND \(ArchiveQueries.released)
            """)
        var out: [RelatedArticle] = []
        // The best `shortlist` by shared weight, newer (higher rowid) first among equals, then
        // scored again for their length; copies are left out.
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
