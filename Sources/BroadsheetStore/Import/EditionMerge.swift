import BroadsheetCore

/// The backend-neutral part of an import: how the inputs group into editions, what changes in
/// one edition given what it holds, what is stitched again, and what the audit log says. Each
/// backend's writer reads and writes its own tables around these steps (`EditionWriter` for
/// SQLite, `PostgresEditionWriter` for PostgreSQL), so both stitch and count alike.
struct EditionMerge {
    struct EditionKey: Hashable, Comparable {
        var slug: String
        var date: IssueDate
        static func < (a: EditionKey, b: EditionKey) -> Bool { (a.slug, a.date) < (b.slug, b.date) }
    }

    /// What one import transaction has done so far, over all its batches.
    struct Session {
        var report = StoreImportReport()
        /// Every edition the import touched, for the embargo and the audit log.
        var keys = Set<EditionKey>()
        /// Editions written by an earlier batch of this import: written again, they are the same
        /// import's work, not a correction of it.
        var written = Set<EditionKey>()
        /// Articles and pages of each edition written, as it stood after its last write.
        var articles: [EditionKey: Int] = [:]
        var pages: [EditionKey: Int] = [:]
        var changed = Set<EditionKey>()

        /// Records that `key` was written (or only touched, when `counts` is nil).
        mutating func record(_ key: EditionKey, counts: (articles: Int, pages: Int)?) {
            if let counts {
                changed.insert(key)
                written.insert(key)
                (articles[key], pages[key]) = (counts.articles, counts.pages)
            }
            keys.insert(key)
        }

        /// The report of the whole import, the edition, page and article counts filled in.
        var finalReport: StoreImportReport {
            var report = report
            report.editions = changed.count
            report.articles = articles.values.reduce(0, +)
            report.pages = pages.values.reduce(0, +)
            return report
        }

        /// The audit entry of an import that changed something: which editions, and the counts.
        func audit(_ report: StoreImportReport, publishAt: String?) -> (subject: String, detail: String) {
            let changed = keys.sorted().map { "\($0.slug) \($0.date)" }
            let subject = changed.prefix(5).joined(separator: ", ") + (changed.count > 5 ? " and \(changed.count - 5) more" : "")
            let detail = (publishAt.map { "publish at \($0), " } ?? "")
                + "editions \(report.editions), pages \(report.pages), articles \(report.articles), unchanged \(report.unchanged), "
                + "updated \(report.updated), jumps linked \(report.stitching.jumpsLinked), duplicates merged \(report.stitching.duplicatesMerged)"
            return (subject, detail)
        }
    }

    /// One batch's inputs by edition, with every record's source carrying its paper's slug.
    struct Grouped {
        /// slug → name of every paper the batch names.
        var papers: [String: String] = [:]
        var records: [EditionKey: [ParsedRecord]] = [:]
        var scans: [EditionKey: [PageScanInput]] = [:]
        var natives: [EditionKey: [Article]] = [:]

        /// `slugOf` gives each paper name of the records and scans its slug (the archive's, the
        /// one asked for, or the first free one).
        init(records: [ParsedRecord], articles: [Article], scans: [PageScanInput], slugOf: [String: String]) throws {
            for var r in records {
                let slug = slugOf[r.paperName]!
                papers[slug] = r.paperName
                r.source = r.source.withPaperSlug(slug)
                // The last of several inputs with the same key wins, as if imported one after another.
                self.records[EditionKey(slug: slug, date: r.date), default: []].append(r)
            }
            for scan in scans {
                let slug = slugOf[scan.paperName]!
                papers[slug] = scan.paperName
                self.scans[EditionKey(slug: slug, date: scan.date), default: []].append(scan)
            }
            for a in articles {
                if let other = papers[a.paper.slug], other != a.paper.name {
                    throw StoreError.paperNameConflict(slug: a.paper.slug, stored: other, incoming: a.paper.name)
                }
                papers[a.paper.slug] = a.paper.name
                natives[EditionKey(slug: a.paper.slug, date: a.date), default: []].append(a)
            }
        }

        /// The paper names whose slugs must be found first, with the slug each asked for.
        static func named(records: [ParsedRecord], scans: [PageScanInput]) -> [(name: String, requested: String?)] {
            records.map { ($0.paperName, $0.paperSlug) }
                + scans.map { scan in (scan.paperName, records.first { $0.paperName == scan.paperName }?.paperSlug) }
        }

        var keys: [EditionKey] { Set(records.keys).union(natives.keys).union(scans.keys).sorted() }
    }

    /// An input stored in the edition, and the native article it belongs to, if any.
    struct StoredSource {
        var source: SourceRecord
        var nativeArticle: String?
    }

    /// Incoming records that differ from what is stored, by source key.
    var incoming: [String: ParsedRecord] = [:]
    /// Native articles whose stored sources came back as records: they are stitched instead.
    var droppedNatives = Set<String>()
    var unchanged = 0
    var updated = 0

    /// Sorts `records` against the edition's `stored` sources: unchanged ones are counted and
    /// left out, changed and new ones kept.
    init(stored: [String: StoredSource], records: [ParsedRecord]) {
        for r in records {
            if let old = stored[r.source.key], old.source.text == r.source.text, incoming[r.source.key] == nil {
                unchanged += 1
                continue
            }
            if stored[r.source.key] != nil { updated += 1 }
            if let native = stored[r.source.key]?.nativeArticle { droppedNatives.insert(native) }
            incoming[r.source.key] = r
        }
    }

    /// What is stitched: the stored derived sources (and those of dropped native articles) not
    /// replaced by incoming records or native articles, parsed again, then the incoming ones;
    /// with the id and page each record has on its own, kept with its source as an address.
    func stitch(
        stored: [String: StoredSource], incomingNatives: [String: Article], paper: Paper
    ) throws -> (articles: [Article], report: Stitcher.Report, addresses: [String: (id: String, page: Int)]) {
        var toStitch: [ParsedRecord] = []
        for (k, s) in stored.sorted(by: { $0.key < $1.key }) where incoming[k] == nil {
            if let native = s.nativeArticle, !droppedNatives.contains(native) { continue }
            if incomingNatives.values.contains(where: { $0.sources.contains { $0.key == k } }) { continue }
            do {
                toStitch.append(try SourceParser.parse(s.source, paperName: paper.name))
            } catch {
                throw StoreError.unreadableSource(key: k, reason: "\(error)")
            }
        }
        toStitch += incoming.values
        let (stitched, report) = Stitcher.stitch(toStitch, paper: paper)
        var addresses: [String: (id: String, page: Int)] = [:]
        for r in toStitch { addresses[r.source.key] = (Stitcher.articleID(for: r, paper: paper), r.page.number) }
        return (stitched, report, addresses)
    }

    /// The pages the edition's articles stand on, each with the first name given for it.
    static func pages(of articles: [Article]) -> [PageRef] {
        var pages: [Int: PageRef] = [:]
        for a in articles {
            for p in a.placements where pages[p.page.number]?.name == nil { pages[p.page.number] = p.page }
        }
        return pages.values.sorted { $0.number < $1.number }
    }

    /// `p`'s regions, or where the input had none, those the page scans give for one of the
    /// article's records (`recordIDs`).
    static func regions(_ p: Placement, recordIDs: [String], scans regionMap: [Int: [String: [Region]]]) -> [Region] {
        guard p.regions.isEmpty, let onPage = regionMap[p.page.number] else { return p.regions }
        return recordIDs.lazy.compactMap { onPage[$0] }.first ?? []
    }

    /// The page-scan regions keyed as stored: each record id with its paper's slug in front.
    static func scanRegions(_ scan: PageScanInput, slug: String) -> [String: String] {
        var regions: [String: String] = [:]
        for (id, list) in scan.regions {
            guard let encoded = RegionsColumn.encode(list) else { continue }
            regions[id.hasPrefix("\(slug)-") ? id : "\(slug)-\(id)"] = encoded
        }
        return regions
    }
}
