#if PostgreSQL
import BroadsheetCore
import Foundation
import NIOCore
import PostgresNIO

/// The import transaction on PostgreSQL: `EditionWriter`'s steps on this backend's tables.
/// What is backend-neutral (grouping into editions, what changed, stitching, the audit entry)
/// is `EditionMerge`, shared with SQLite; what is here is reading and writing rows.
struct PostgresEditionWriter {
    typealias EditionKey = EditionMerge.EditionKey

    let conn: PostgresConnection
    private(set) var session = EditionMerge.Session()
    /// The search index entries of the articles written, until `finish` (or a removal) writes them.
    private let search = PostgresSearchIndex.Gathered()

    init(conn: PostgresConnection) {
        self.conn = conn
    }

    /// Writes one batch: every edition it touches is stitched again from all its sources.
    mutating func importBatch(
        records: [ParsedRecord], articles: [Article], scans: [PageScanInput], actor: String, progress: (@Sendable (Int, Int) -> Void)?
    ) async throws {
        var report = session.report
        var slugOf: [String: String] = [:]  // name → slug
        for (name, requested) in EditionMerge.Grouped.named(records: records, scans: scans) where slugOf[name] == nil {
            let (slug, assigned) = try await paperSlug(name: name, requested: requested, taken: Set(slugOf.values))
            if assigned { report.slugsAssigned[name] = slug }
            slugOf[name] = slug
        }
        let grouped = try EditionMerge.Grouped(records: records, articles: articles, scans: scans, slugOf: slugOf)
        for (slug, name) in grouped.papers.sorted(by: { $0.key < $1.key }) {
            if let stored = try await conn.value("SELECT name FROM paper WHERE slug = \(slug)", as: String.self) {
                guard stored == name else { throw StoreError.paperNameConflict(slug: slug, stored: stored, incoming: name) }
            } else {
                try await conn.run("INSERT INTO paper(slug, name) VALUES (\(slug), \(name))")
            }
        }
        let keys = grouped.keys
        // Editions the archive does not hold yet, without page scans (an import into a new
        // archive, a copy, each day's new edition): nothing to compare or replace, so all of
        // them are written with one statement per table instead of a dozen round trips each.
        let fresh = try await freshEditions(keys.filter { (grouped.scans[$0] ?? []).isEmpty })
        let freshCounts = fresh.isEmpty ? [:] : try await importFresh(fresh, grouped: grouped, report: &report)
        for (n, key) in keys.enumerated() {
            if let counts = freshCounts[key] {
                session.record(key, counts: counts)
                progress?(n + 1, keys.count)
                continue
            }
            let counts = try await importEdition(
                key: key, paper: Paper(name: grouped.papers[key.slug]!, slug: key.slug),
                records: grouped.records[key] ?? [], natives: grouped.natives[key] ?? [], scans: grouped.scans[key] ?? [],
                actor: actor, keepVersions: !session.written.contains(key), report: &report)
            session.record(key, counts: counts)
            progress?(n + 1, keys.count)
        }
        session.report = report
    }

    /// The embargo, the revision and the audit entry of the whole import; its report.
    func finish(actor: String, publishAt: String?) async throws -> StoreImportReport {
        try await search.flush(conn)
        let report = session.finalReport
        var embargoed = 0
        if let publishAt {
            for key in session.keys.sorted() {
                embargoed += try await conn.run("""
                    UPDATE edition SET publish_at = \(publishAt) WHERE paper = \(key.slug) AND date = \(key.date.description)
                      AND publish_at IS DISTINCT FROM \(publishAt) RETURNING 1
                    """)
            }
        }
        if report.editions > 0 || embargoed > 0 {
            try await conn.run("UPDATE archive_state SET revision = revision + 1")
            let (subject, detail) = session.audit(report, publishAt: publishAt)
            try await Self.audit(conn, actor: actor, action: "import", subject: subject, detail: detail)
        }
        return report
    }

    static func audit(_ conn: PostgresConnection, actor: String, action: String, subject: String, detail: String = "") async throws {
        try await conn.run("""
            INSERT INTO audit_log(at, actor, action, subject, detail) VALUES (\(AccessToken.now()), \(actor), \(action), \(subject), \(detail))
            """)
    }

    /// The slug of the paper named `name` (see `EditionWriter.paperSlug`).
    private func paperSlug(name: String, requested: String?, taken: Set<String>) async throws -> (slug: String, assigned: Bool) {
        if let stored = try await conn.value("SELECT slug FROM paper WHERE name = \(name)", as: String.self) {
            if let requested, requested != stored { throw StoreError.paperSlugMismatch(name: name, stored: stored, requested: requested) }
            return (stored, false)
        }
        func owner(_ slug: String) async throws -> String? {
            try await conn.value("SELECT name FROM paper WHERE slug = \(slug)", as: String.self)
        }
        func free(_ slug: String) async throws -> Bool {
            if taken.contains(slug) { return false }
            return try await owner(slug) == nil
        }
        if let requested {
            guard try await free(requested) else {
                throw StoreError.paperNameConflict(slug: requested, stored: try await owner(requested) ?? "another paper of this import", incoming: name)
            }
            return (requested, false)
        }
        let derived = PaperSlug.make(from: name)
        if try await free(derived) { return (derived, false) }
        var n = 2
        while try await !free("\(derived)\(n)") { n += 1 }
        return ("\(derived)\(n)", true)
    }

    /// Creates the editions of `keys` the archive does not hold (one statement); their ids.
    /// One another transaction has just created is left to `importEdition`.
    private func freshEditions(_ keys: [EditionKey]) async throws -> [EditionKey: Int64] {
        guard !keys.isEmpty else { return [:] }
        var ids: [EditionKey: Int64] = [:]
        let byName = Dictionary(keys.map { ($0.slug + "\u{0}" + $0.date.description, $0) }, uniquingKeysWith: { a, _ in a })
        for row in try await conn.rows("""
            INSERT INTO edition(paper, date)
            SELECT x.paper, x.date FROM unnest(\(keys.map(\.slug))::text[], \(keys.map(\.date.description))::text[]) AS x(paper, date)
            WHERE NOT EXISTS (SELECT 1 FROM edition e WHERE e.paper = x.paper AND e.date = x.date)
            ON CONFLICT (paper, date) DO NOTHING RETURNING id, paper, date
            """) {
            let (id, paper, date) = try row.decode((Int64, String, String).self)
            if let key = byName[paper + "\u{0}" + date] { ids[key] = id }
        }
        return ids
    }

    /// Writes the new editions `editions` (key → id): stitched, paged and stored together.
    /// Returns each one's articles and pages.
    private func importFresh(
        _ editions: [EditionKey: Int64], grouped: EditionMerge.Grouped, report: inout StoreImportReport
    ) async throws -> [EditionKey: (articles: Int, pages: Int)] {
        var counts: [EditionKey: (articles: Int, pages: Int)] = [:]
        var articles: [(article: Article, native: Bool, editionID: Int64)] = []
        var pageRows: [PageRow] = []
        var addresses: [String: (id: String, page: Int)] = [:]
        for key in editions.keys.sorted() {
            let editionID = editions[key]!
            let paper = Paper(name: grouped.papers[key.slug]!, slug: key.slug)
            let merge = EditionMerge(stored: [:], records: grouped.records[key] ?? [])
            report.unchanged += merge.unchanged
            report.updated += merge.updated
            var natives: [String: Article] = [:]
            for a in grouped.natives[key] ?? [] { natives[a.id] = a }
            let (stitched, stitchReport, edition) = try merge.stitch(stored: [:], incomingNatives: natives, paper: paper)
            report.stitching.add(stitchReport)
            addresses.merge(edition, uniquingKeysWith: { _, new in new })
            let all = stitched.map { ($0, false, editionID) } + natives.values.sorted(by: { $0.id < $1.id }).map { ($0, true, editionID) }
            let pages = EditionMerge.pages(of: all.map(\.0))
            for page in pages {
                pageRows.append(PageRow(edition_id: editionID, number: page.number, label: page.label, name: page.name, n: pageRows.count))
            }
            articles += all
            counts[key] = (all.count, pages.count)
        }
        try await insertPages(pageRows)
        try await insert(articles, addresses: addresses, regions: [:])
        return counts
    }

    struct PageRow: Encodable { var edition_id: Int64, number: Int, label: String, name: String?, n: Int }

    /// Adds the pages `rows` (in this order), naming an existing page that has no name yet.
    private func insertPages(_ rows: [PageRow]) async throws {
        guard !rows.isEmpty else { return }
        try await conn.run("""
            INSERT INTO page(edition_id, number, label, name)
            SELECT x.edition_id, x.number, x.label, x.name
            FROM jsonb_to_recordset(\(try Self.json(rows))::jsonb) AS x(edition_id bigint, number integer, label text, name text, n bigint)
            ORDER BY x.n
            ON CONFLICT (edition_id, number) DO UPDATE SET name = coalesce(page.name, excluded.name)
            """)
    }

    /// The edition's articles and pages after the write; nil when nothing changed.
    private func importEdition(
        key: EditionKey, paper: Paper, records: [ParsedRecord], natives: [Article], scans: [PageScanInput], actor: String,
        keepVersions: Bool, report: inout StoreImportReport
    ) async throws -> (articles: Int, pages: Int)? {
        let date = key.date.description
        try await conn.run("INSERT INTO edition(paper, date) VALUES (\(key.slug), \(date)) ON CONFLICT (paper, date) DO NOTHING")
        let editionID = try await conn.value("SELECT id FROM edition WHERE paper = \(key.slug) AND date = \(date)", as: Int64.self)!

        var stored: [String: EditionMerge.StoredSource] = [:]
        for row in try await conn.rows("""
            SELECT s.key, s.format, s.name, s.data, CASE WHEN a.native THEN a.id END
            FROM source s LEFT JOIN article a ON a.rowid = s.article_rowid
            WHERE s.edition_id = \(editionID) ORDER BY s.rowid
            """) {
            let (key, format, name, data, native) = try row.decode((String, String, String, Data, String?).self)
            let s = SourceRecord(format: SourceRecord.Format(rawValue: format) ?? .crawl, name: name, key: key, text: String(decoding: data, as: UTF8.self))
            stored[key] = EditionMerge.StoredSource(source: s, nativeArticle: native)
        }

        var changed = false
        for scan in scans where try await PostgresPageScans.write(conn, scan, editionID: editionID, slug: key.slug) {
            changed = true
            report.pageImages += 1
        }
        let merge = EditionMerge(stored: stored, records: records)
        report.unchanged += merge.unchanged
        report.updated += merge.updated
        if !merge.incoming.isEmpty { changed = true }
        var incomingNatives: [String: Article] = [:]
        for a in natives {
            var sql = SQL()
            let placeholder = sql.bind(a.id)
            sql += "a.id = \(placeholder) AND a.native"
            if let existing = try await PostgresQueries.articles(conn, where: sql).first,
               existing == (try await PostgresQueries.asStored(a, conn, editionID: editionID)) {
                report.unchanged += 1
                continue
            }
            incomingNatives[a.id] = a
            changed = true
        }
        guard changed else { return nil }

        let (stitched, stitchReport, addresses) = try merge.stitch(stored: stored, incomingNatives: incomingNatives, paper: paper)
        report.stitching.add(stitchReport)

        // Remove the derived articles of this edition and the natives being replaced.
        let replaced = Array(merge.droppedNatives) + Array(incomingNatives.keys)
        let oldRows = try await conn.rows("""
            SELECT rowid, id, doc, headline, kicker, subtitle FROM article WHERE edition_id = \(editionID) AND (NOT native OR id = ANY(\(replaced)))
            """).map { try $0.decode((Int64, String, Data, String, String?, String?).self) }
        let oldRowids = oldRows.map(\.0)
        var before: [String: Data] = [:]
        for (_, id, doc, _, _, _) in oldRows { before[id] = doc }
        if !oldRowids.isEmpty {
            // Their entries leave the search index first, found by the tokens of their stored text.
            try await PostgresSearchIndex.lock(conn)
            try await search.flush(conn)
            try await PostgresSearchIndex.remove(conn, oldRows.map { r in
                (r.0, SearchFields(headline: r.3, kicker: r.4, subtitle: r.5, body: (try? StoredDocument.searchText(r.2)) ?? ""))
            })
            try await conn.run("DELETE FROM source WHERE article_rowid = ANY(\(oldRowids))")
            try await conn.run("DELETE FROM placement WHERE article_rowid = ANY(\(oldRowids))")
            try await conn.run("DELETE FROM credit WHERE article_rowid = ANY(\(oldRowids))")
            try await conn.run("DELETE FROM article WHERE rowid = ANY(\(oldRowids))")
        }
        try await insertPages(EditionMerge.pages(of: stitched + incomingNatives.values).enumerated().map {
            PageRow(edition_id: editionID, number: $1.number, label: $1.label, name: $1.name, n: $0)
        })
        let regionMap = try await PostgresPageScans.regions(conn, editionID: editionID)
        let now = AccessToken.now()
        for a in stitched + Array(incomingNatives.values) {
            guard keepVersions, let old = before[a.id], old != StoredDocument.pack(a) else { continue }
            try await conn.run("""
                INSERT INTO article_version(article_id, seq, replaced, actor, doc)
                VALUES (\(a.id), (SELECT count(*) FROM article_version WHERE article_id = \(a.id)), \(now), \(actor), \(old))
                """)
        }
        try await insert(stitched.map { ($0, false, editionID) } + incomingNatives.values.sorted(by: { $0.id < $1.id }).map { ($0, true, editionID) },
                         addresses: addresses, regions: [editionID: regionMap])
        try await conn.run("""
            DELETE FROM page WHERE edition_id = \(editionID) AND image IS NULL
              AND number NOT IN (SELECT page FROM placement WHERE edition_id = \(editionID))
            """)
        let pageCount = try await conn.value("SELECT COUNT(*) FROM page WHERE edition_id = \(editionID)", as: Int.self) ?? 0
        // The edition as it now stands: natives an earlier batch of this import wrote stay, unwritten.
        let articleCount = try await conn.value("SELECT COUNT(*) FROM article WHERE edition_id = \(editionID)", as: Int.self) ?? 0
        return (articleCount, pageCount)
    }

    /// `rows` as a JSON array for `jsonb_to_recordset`: a statement per table for a whole
    /// edition, where a statement per row cost a round trip each.
    static func json<T: Encodable>(_ rows: [T]) throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }

    /// Stores articles (in this order, natives marked, each with its edition) with their search
    /// tokens, credits, placements and sources: one statement per table. `regions`: each
    /// edition's page-scan regions by page and record id.
    private func insert(
        _ articles: [(article: Article, native: Bool, editionID: Int64)], addresses: [String: (id: String, page: Int)],
        regions: [Int64: [Int: [String: [Region]]]]
    ) async throws {
        guard !articles.isEmpty else { return }
        // One id in two editions: the second is refused as it would be written after the first.
        var editionOf: [String: Int64] = [:]
        for (a, _, editionID) in articles {
            if let first = editionOf[a.id], first != editionID { throw StoreError.articleIDConflict(id: a.id, date: articles.first { $0.article.id == a.id }!.article.date.description) }
            editionOf[a.id] = editionID
        }
        // Column by column, as arrays bound in binary: no JSON to write in Swift and parse on the
        // server for the largest rows of an import (documents and token lists).
        var columns = ArticleColumns()
        for (a, native, editionID) in articles { columns.append(a, native: native, editionID: editionID) }
        var rowids: [String: Int64] = [:]
        // Rowids come after every committed transaction's from here to commit (`PostgresSearchIndex`).
        try await PostgresSearchIndex.lock(conn)
        for row in try await conn.rows("""
            WITH x AS (
                SELECT * FROM unnest(\(columns.id)::text[], \(columns.editionID)::bigint[], \(columns.paper)::text[], \(columns.date)::text[],
                        \(columns.kicker)::text[], \(columns.hasKicker)::boolean[], \(columns.headline)::text[], \(columns.subtitle)::text[],
                        \(columns.hasSubtitle)::boolean[], \(columns.firstPage)::bigint[], \(columns.firstOrder)::bigint[],
                        \(columns.native)::boolean[], \(columns.doc)::bytea[])
                 WITH ORDINALITY AS x(id, edition_id, paper, date, kicker, has_kicker, headline, subtitle, has_subtitle, first_page,
                                      first_order, native, doc, n)
            ), inserted AS (
                INSERT INTO article(id, edition_id, paper, date, kicker, headline, subtitle, first_page, first_order, native, doc)
                SELECT x.id, x.edition_id, x.paper, x.date, CASE WHEN x.has_kicker THEN x.kicker END, x.headline,
                       CASE WHEN x.has_subtitle THEN x.subtitle END, x.first_page, x.first_order, x.native, x.doc
                FROM x ORDER BY x.n
                ON CONFLICT (id) DO NOTHING RETURNING id, rowid
            )
            SELECT id, rowid FROM inserted
            """) {
            let (id, rowid) = try row.decode((String, Int64).self)
            rowids[id] = rowid
        }
        if let taken = articles.first(where: { rowids[$0.article.id] == nil })?.article.id {
            let other = try await conn.value("SELECT date FROM article WHERE id = \(taken)", as: String.self) ?? "?"
            throw StoreError.articleIDConflict(id: taken, date: other)
        }
        try await search.add(conn, articles.map { (rowids[$0.article.id]!, SearchFields($0.article)) })

        struct CreditRow: Encodable { var article_rowid: Int64, role: String, seq: Int, name: String, key: String }
        struct PlacementRow: Encodable {
            var article_rowid: Int64, seq: Int, edition_id: Int64, page: Int, ord: Int, block_start: Int, block_end: Int
            var regions: String?
        }
        struct SourceRow: Encodable {
            var key: String, edition_id: Int64, article_rowid: Int64, format: String, name: String, data: String, seq: Int, sha256: String
            var record_id: String?, record_page: Int?
            var n = 0
        }
        var credits: [CreditRow] = [], placements: [PlacementRow] = [], sources: [SourceRow] = []
        for (a, _, editionID) in articles {
            let rowid = rowids[a.id]!
            var seqs: [Credits.Role: Int] = [:]
            for (role, name) in CreditReader.read(a).entries {
                let seq = seqs[role, default: 0]
                credits.append(CreditRow(article_rowid: rowid, role: role.rawValue, seq: seq, name: name, key: Credits.key(name)))
                seqs[role] = seq + 1
            }
            let recordIDs = [a.id] + a.sources.compactMap { addresses[$0.key]?.id }
            for (seq, p) in a.placements.enumerated() {
                placements.append(PlacementRow(
                    article_rowid: rowid, seq: seq, edition_id: editionID, page: p.page.number, ord: p.order, block_start: p.blockStart, block_end: p.blockEnd,
                    regions: RegionsColumn.encode(EditionMerge.regions(p, recordIDs: recordIDs, scans: regions[editionID] ?? [:]))))
            }
            for (seq, s) in a.sources.enumerated() {
                sources.append(SourceRow(
                    key: s.key, edition_id: editionID, article_rowid: rowid, format: s.format.rawValue, name: s.name, data: Data(s.text.utf8).base64EncodedString(),
                    seq: seq, sha256: SourceDigest.sha256(s.text), record_id: addresses[s.key]?.id, record_page: addresses[s.key]?.page))
            }
        }
        if !credits.isEmpty {
            try await conn.run("""
                INSERT INTO credit(article_rowid, role, seq, name, key)
                SELECT x.article_rowid, x.role, x.seq, x.name, x.key
                FROM jsonb_to_recordset(\(try Self.json(credits))::jsonb) AS x(article_rowid bigint, role text, seq integer, name text, key text)
                """)
        }
        try await conn.run("""
            INSERT INTO placement(article_rowid, seq, edition_id, page, ord, block_start, block_end, regions)
            SELECT x.article_rowid, x.seq, x.edition_id, x.page, x.ord, x.block_start, x.block_end, x.regions
            FROM jsonb_to_recordset(\(try Self.json(placements))::jsonb) AS x(
                article_rowid bigint, seq integer, edition_id bigint, page integer, ord integer, block_start integer, block_end integer, regions text)
            """)
        // Two rows with one key in one upsert are an error: the last wins, as one after another.
        var last: [String: Int] = [:]
        for (i, s) in sources.enumerated() { last[s.key] = i }
        sources = sources.enumerated().filter { last[$0.element.key] == $0.offset }.map(\.element)
        for i in sources.indices { sources[i].n = i }
        if !sources.isEmpty {
            try await conn.run("""
                INSERT INTO source(key, edition_id, article_rowid, format, name, data, seq, record_id, record_page, sha256)
                SELECT x.key, x.edition_id, x.article_rowid, x.format, x.name, decode(x.data, 'base64'), x.seq, x.record_id, x.record_page, x.sha256
                FROM jsonb_to_recordset(\(try Self.json(sources))::jsonb) AS x(
                    key text, edition_id bigint, article_rowid bigint, format text, name text, data text, seq integer, record_id text, record_page integer,
                    sha256 text, n bigint)
                ORDER BY x.n
                ON CONFLICT (key) DO UPDATE SET edition_id = excluded.edition_id, article_rowid = excluded.article_rowid,
                    format = excluded.format, name = excluded.name, data = excluded.data, seq = excluded.seq,
                    record_id = excluded.record_id, record_page = excluded.record_page, sha256 = excluded.sha256
                """)
        }
    }
}

/// The article rows of an insert as one array per column (`unnest` takes them back apart).
struct ArticleColumns {
    var id: [String] = [], editionID: [Int64] = [], paper: [String] = [], date: [String] = []
    var kicker: [String] = [], hasKicker: [Bool] = [], headline: [String] = [], subtitle: [String] = [], hasSubtitle: [Bool] = []
    var firstPage: [Int] = [], firstOrder: [Int] = [], native: [Bool] = [], doc: [ByteBuffer] = []

    mutating func append(_ a: Article, native isNative: Bool, editionID edition: Int64) {
        id.append(a.id)
        editionID.append(edition)
        paper.append(a.paper.slug)
        date.append(a.date.description)
        kicker.append(a.kicker ?? "")
        hasKicker.append(a.kicker != nil)
        headline.append(a.headline)
        subtitle.append(a.subtitle ?? "")
        hasSubtitle.append(a.subtitle != nil)
        firstPage.append(a.placements[0].page.number)
        firstOrder.append(a.placements[0].order)
        native.append(isNative)
        doc.append(ByteBuffer(bytes: StoredDocument.pack(a)))
    }
}

/// Page scans on PostgreSQL (see `PageScans`).
enum PostgresPageScans {
    /// Stores a page's scan; false when the page already has exactly this scan.
    static func write(_ conn: PostgresConnection, _ scan: PageScanInput, editionID: Int64, slug: String) async throws -> Bool {
        let regions = EditionMerge.scanRegions(scan, slug: slug)
        let files = Set(scan.others.map(\.sha256))
        let number = scan.page.number
        if let row = try await conn.rows("SELECT label, name, image, pdf FROM page WHERE edition_id = \(editionID) AND number = \(number)").first {
            let (label, name, image, pdf) = try row.decode((String, String?, String?, String?).self)
            var storedRegions: [String: String] = [:]
            for r in try await conn.rows("SELECT record_id, regions FROM page_region WHERE edition_id = \(editionID) AND page = \(number)") {
                let (id, encoded) = try r.decode((String, String).self)
                storedRegions[id] = encoded
            }
            let storedFiles = Set(try await conn.rows("SELECT sha256 FROM page_file WHERE edition_id = \(editionID) AND page = \(number)")
                .map { try $0.decode(String.self) })
            if label == scan.page.label, scan.page.name == nil || name == scan.page.name,
               image == scan.image.sha256, pdf == scan.pdf?.sha256, storedRegions == regions, storedFiles == files {
                return false
            }
        }
        for file in [scan.image] + (scan.pdf.map { [$0] } ?? []) + scan.others {
            try await conn.run("""
                INSERT INTO media(sha256, name, type, bytes, width, height)
                VALUES (\(file.sha256), \(file.name), \(file.type), \(file.bytes), \(file.width), \(file.height))
                ON CONFLICT (sha256) DO UPDATE SET width = coalesce(excluded.width, media.width), height = coalesce(excluded.height, media.height)
                """)
        }
        try await conn.run("""
            INSERT INTO page(edition_id, number, label, name, image, image_width, image_height, pdf)
            VALUES (\(editionID), \(number), \(scan.page.label), \(scan.page.name), \(scan.image.sha256), \(scan.image.width), \(scan.image.height), \(scan.pdf?.sha256))
            ON CONFLICT (edition_id, number) DO UPDATE SET label = excluded.label, name = coalesce(excluded.name, page.name),
                image = excluded.image, image_width = excluded.image_width, image_height = excluded.image_height, pdf = excluded.pdf
            """)
        try await conn.run("DELETE FROM page_region WHERE edition_id = \(editionID) AND page = \(number)")
        for (id, encoded) in regions.sorted(by: { $0.key < $1.key }) {
            try await conn.run("INSERT INTO page_region(edition_id, page, record_id, regions) VALUES (\(editionID), \(number), \(id), \(encoded))")
        }
        try await conn.run("DELETE FROM page_file WHERE edition_id = \(editionID) AND page = \(number)")
        for sha in files.sorted() {
            try await conn.run("INSERT INTO page_file(edition_id, page, sha256) VALUES (\(editionID), \(number), \(sha))")
        }
        return true
    }

    static func regions(_ conn: PostgresConnection, editionID: Int64) async throws -> [Int: [String: [Region]]] {
        var map: [Int: [String: [Region]]] = [:]
        for row in try await conn.rows("SELECT page, record_id, regions FROM page_region WHERE edition_id = \(editionID)") {
            let (page, id, regions) = try row.decode((Int, String, String).self)
            map[page, default: [:]][id] = try RegionsColumn.regions(regions)
        }
        return map
    }
}
#endif
