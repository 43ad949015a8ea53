#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch
import Foundation
import PostgresNIO
import Synchronization

/// Document frequencies counted on the posting lists (what readers may see), kept per revision.
func documentFrequencies(_ conn: PostgresConnection, revision: Int64, _ terms: [String], kept: RevisionCache<String, Int>) async throws -> [String: Int] {
    let (found, missing) = kept.lookup(revision, terms)
    guard !missing.isEmpty else { return found }
    let lists = try await PostgresSearchIndex.read(conn, missing.map(PostgresSearch.key))
    let hidden = try await PostgresQueries.hidden(conn)
    var read: [String: Int] = [:]
    for term in missing {
        let rowids = lists[PostgresSearch.key(term)]?.rowids ?? []
        read[term] = rowids.count - PostingSearch.intersect(rowids, hidden).count
    }
    kept.keep(revision, read)
    return found.merging(read) { a, _ in a }
}

/// Related articles on PostgreSQL: `SQLiteRelated`'s method (`Relatedness`), with document
/// frequencies and postings read from the posting lists.
enum PostgresRelated {
    static func find(
        _ conn: PostgresConnection, id: String, limit: Int, revision: Int64, frequencies: RevisionCache<String, Int>
    ) async throws -> [RelatedArticle] {
        guard limit > 0, let row = try await conn.rows(
            "SELECT rowid, kicker, headline, subtitle, doc FROM article WHERE id = \(id)").first else { return [] }
        let (rowid, kicker, headline, subtitle, doc) = try row.decode((Int64, String?, String, String?, Data).self)
        let title = [kicker, headline, subtitle].compactMap { $0 }.joined(separator: "\n")
        let body = try StoredDocument.searchText(doc)
        let counts = Relatedness.candidates(title: title, body: body)
        let articles = try await conn.value("SELECT max(rowid) FROM article", as: Int64?.self).flatMap { $0 }.map(Int.init) ?? 0
        let df = try await documentFrequencies(conn, revision: revision, counts.keys.sorted(), kept: frequencies)
        let chosen = Relatedness.select(counts, documentFrequency: df, articles: articles)
        // Every chosen term's postings in one statement.
        var scores: [Int64: (weight: Double, terms: Int)] = [:]
        let lists = try await PostgresSearchIndex.read(conn, chosen.map { PostgresSearch.key($0.0) })
        let hidden = try await PostgresQueries.hidden(conn)
        for (term, weight) in chosen {
            for r in PostingSearch.subtract(lists[PostgresSearch.key(term)]?.rowids ?? [], hidden) where r != rowid {
                scores[r, default: (0, 0)].weight += weight
                scores[r, default: (0, 0)].terms += 1
            }
        }
        let needed = Relatedness.sharedTermsNeeded(chosen.count)
        let own = Relatedness.fingerprint(title + "\n" + body)
        let ranked = scores.filter { $0.value.terms >= needed }.map { ($0.key, $0.value.weight) }
            .sorted(by: { ($0.1, $0.0) > ($1.1, $1.0) })
            .prefix(Relatedness.shortlist(limit))
        // The shortlist's texts in one statement; the order is the shortlist's.
        var texts: [Int64: (String, String, String, String, String?, String, String?, Data)] = [:]
        for row in try await conn.rows("""
            SELECT a.rowid, a.id, a.paper, p.name, a.date, a.kicker, a.headline, a.subtitle, a.doc
            FROM article a JOIN paper p ON p.slug = a.paper WHERE a.rowid = ANY(\(ranked.map(\.0))) AND \(unescaped: PostgresQueries.released)
            """) {
            let o = try row.decode((Int64, String, String, String, String, String?, String, String?, Data).self)
            texts[o.0] = (o.1, o.2, o.3, o.4, o.5, o.6, o.7, o.8)
        }
        var out: [RelatedArticle] = []
        for (r, shared) in ranked {
            guard let o = texts[r] else { continue }
            let theirTitle = [o.4, o.5, o.6].compactMap { $0 }.joined(separator: "\n")
            let theirs = Relatedness.fingerprint(theirTitle + "\n" + (try StoredDocument.searchText(o.7)))
            if Relatedness.overlap(own, theirs) >= Relatedness.copyOverlap { continue }
            out.append(RelatedArticle(
                id: o.0, paper: Paper(name: o.2, slug: o.1), date: IssueDate(o.3) ?? IssueDate(year: 1, month: 1, day: 1)!,
                headline: o.5, score: Relatedness.score(shared: shared, terms: theirs.count, ownTerms: own.count)))
        }
        return Array(out.sorted { ($0.score, $0.date, $0.id) > ($1.score, $1.date, $1.id) }.prefix(limit))
    }
}
#endif
