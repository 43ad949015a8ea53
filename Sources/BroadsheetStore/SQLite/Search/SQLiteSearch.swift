import BroadsheetSearch
import GRDB

/// Runs a parsed search inside a read of the SQLite archive.
enum SQLiteSearch {
    static func run(_ db: Database, _ request: SearchRequest, order: () throws -> DateOrder) throws -> SearchResults {
        let plan = try SearchPlan(request, db)
        let limit = request.clampedLimit
        let offset = max(0, request.offset)
        var facets = SearchFacets()
        let total: Int
        if request.includeFacets {
            facets = try plan.facets(db, order: order())
            total = facets.months.reduce(0) { $0 + $1.count }
        } else {
            total = try plan.count(db)
        }
        var hits: [SearchHit] = []
        if limit > 0 && offset < total {
            hits = try plan.hits(db, sort: request.sort, limit: limit, offset: offset, total: total,
                                 radius: request.snippetRadius, snippets: request.snippetsPerHit)
        }
        return SearchResults(total: total, hits: hits, facets: facets, query: request.query,
                             sort: request.sort, limit: limit, offset: offset)
    }

    static func ids(_ db: Database, _ request: SearchRequest) throws -> [String] {
        try SearchPlan(request, db).ids(db)
    }
}
