import BroadsheetCore
import BroadsheetSearch
import Foundation

/// What every backend does with a matching article's row to make a hit: one place, so the
/// SQLite and PostgreSQL archives show the same snippets, highlights and jump pages; and the
/// facet labels and orders of a backend that counts facets in SQL (PostgreSQL; SQLite counts
/// them from its in-memory date order, `SearchPlan.facets`).
enum SearchHitBuilder {
    /// The hit of one matching article. `doc` is its stored document (`StoredDocument`):
    /// only the body is read from it; a damaged document shows as an article without text.
    static func hit(
        id: String, paper: Paper, date: String, kicker: String?, headline: String, subtitle: String?, doc: Data,
        pages: [PageRef], score: Double?, highlight: MatchFinder, radius: Int, snippets: Int
    ) -> SearchHit {
        let (body, parts) = (try? StoredDocument.searchTextAndParts(doc)) ?? ("", [])
        // The part of a jumped story where the text's first match stands, if not the first.
        var matchPage: Int?
        if !parts.isEmpty, let first = highlight.matches(in: body).first?.lowerBound {
            var best = 0
            for part in parts where part.offset <= first && part.offset > best { (best, matchPage) = (part.offset, part.page) }
        }
        return SearchHit(
            id: id, paper: paper, date: IssueDate(date) ?? IssueDate(year: 1, month: 1, day: 1)!,
            kicker: kicker, headline: headline, subtitle: subtitle,
            headlineSegments: highlight.segments(headline), pages: pages,
            snippets: highlight.snippets(body, radius: radius, limit: snippets), score: score, matchPage: matchPage)
    }

    /// The label of a page facet: its number and up to three of its names (`01 要闻`).
    /// `names` come most relevant first; the backends order them alike (SQLite `SearchPlan`,
    /// PostgreSQL `PostgresSearch.PageNames`).
    static func pageLabel(_ page: Int, names: [String]) -> String {
        names.isEmpty ? PageRef.defaultLabel(page) : "\(PageRef.defaultLabel(page)) \(names.prefix(3).joined(separator: "/"))"
    }

    /// Month, year and paper facets from counts per (month, paper slug); `names` gives papers' names.
    static func dateAndPaperFacets(_ counts: [(month: String, paper: String, n: Int)], names: [String: String]) -> SearchFacets {
        var facets = SearchFacets()
        var months: [String: Int] = [:], years: [String: Int] = [:], papers: [String: Int] = [:]
        for (month, paper, n) in counts {
            months[month, default: 0] += n
            years[String(month.prefix(4)), default: 0] += n
            papers[paper, default: 0] += n
        }
        facets.months = months.sorted { $0.key > $1.key }.map { FacetCount(value: $0.key, label: $0.key, count: $0.value) }
        facets.years = years.sorted { $0.key > $1.key }.map { FacetCount(value: $0.key, label: $0.key, count: $0.value) }
        facets.papers = papers.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { FacetCount(value: $0.key, label: names[$0.key] ?? $0.key, count: $0.value) }
        return facets
    }
}
