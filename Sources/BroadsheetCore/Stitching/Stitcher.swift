/// Joins the records of one edition into whole articles: jump parts linked across pages,
/// stories printed in full on several pages merged into one article with several placements.
public enum Stitcher {
    /// What stitching did, for the import summary.
    public struct Report: Hashable, Sendable {
        /// A jump line whose other half is not in the archive.
        public struct Unresolved: Hashable, Sendable {
            public var article: String
            public var jump: Jump
        }

        public var jumpsLinked = 0
        public var duplicatesMerged = 0
        /// Merged groups, each as the source names that became one article.
        public var mergedGroups: [[String]] = []
        public var unresolved: [Unresolved] = []

        public init() {}

        public mutating func add(_ other: Report) {
            jumpsLinked += other.jumpsLinked
            duplicatesMerged += other.duplicatesMerged
            mergedGroups += other.mergedGroups
            unresolved += other.unresolved
        }
    }

    /// Bodies shorter than this (in letters and digits) are never merged as duplicates:
    /// placeholders such as 广告 and one-line captions repeat without being the same story.
    public static let minimumDuplicateBody = 30
    /// Near-identical texts: the share of character bigrams two versions must have in common.
    public static let nearDuplicateSimilarity = 0.9

    /// Stitches the records of one edition (one paper, one date).
    public static func stitch(_ records: [ParsedRecord], paper: Paper) -> (articles: [Article], report: Report) {
        var report = Report()
        let sorted = records.sorted { a, b in
            (a.page.number, a.order ?? Int.max, a.source.name) < (b.page.number, b.order ?? Int.max, b.source.name)
        }
        // Order on a page for records that carry none: after those that do.
        var nextOrder: [Int: Int] = [:]
        for r in sorted { if let o = r.order { nextOrder[r.page.number] = max(nextOrder[r.page.number] ?? 0, o) } }
        var pageNames: [Int: PageRef] = [:]
        for r in sorted where pageNames[r.page.number]?.name == nil { pageNames[r.page.number] = r.page }

        var articles: [Article] = sorted.map { record in
            let order: Int
            if let o = record.order {
                order = o
            } else {
                order = (nextOrder[record.page.number] ?? 0) + 1
                nextOrder[record.page.number] = order
            }
            return article(from: record, paper: paper, order: order, pages: pageNames, report: &report)
        }

        linkSeparateParts(&articles, report: &report)
        mergeDuplicates(&articles, report: &report)

        for a in articles {
            for j in a.unresolvedJumps { report.unresolved.append(.init(article: a.id, jump: j)) }
        }
        return (articles, report)
    }

    /// The stable archive id of an article that starts with `record`.
    public static func articleID(for record: ParsedRecord, paper: Paper) -> String {
        if let id = record.sourceID { return "\(paper.slug)-\(id)" }
        let order = record.order.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00"
        return "\(paper.slug)-\(record.date.compact)-\(record.page.label)-\(order)"
    }

    /// One record as an article; a record holding both parts of a jump (as the seed does)
    /// gets one placement per part.
    private static func article(from record: ParsedRecord, paper: Paper, order: Int, pages: [Int: PageRef], report: inout Report) -> Article {
        var placements: [Placement] = []
        var start = 0
        var page = record.page
        for (i, block) in record.blocks.enumerated() {
            // An incoming jump inside the record starts a new part on the page the previous part jumped to.
            guard case .jump(let j) = block, j.direction == .continuedFrom, i > start,
                  let target = pendingTarget(record.blocks[start..<i]) else { continue }
            placements.append(Placement(page: page, order: placements.isEmpty ? order : 1, blockStart: start, blockEnd: i))
            page = pages[target] ?? PageRef(number: target)
            start = i
            report.jumpsLinked += 1
        }
        placements.append(Placement(page: page, order: placements.isEmpty ? order : 1, blockStart: start, blockEnd: record.blocks.count))
        return Article(
            id: articleID(for: record, paper: paper), paper: paper, date: record.date, sourceID: record.sourceID,
            kicker: record.kicker, headline: record.headline, subtitle: record.subtitle, bylines: record.bylines,
            blocks: record.blocks, placements: placements, extra: record.extra, sources: [record.source])
    }

    /// The page the last outgoing jump of `blocks` points to.
    private static func pendingTarget(_ blocks: ArraySlice<Block>) -> Int? {
        for block in blocks.reversed() {
            if case .jump(let j) = block, j.direction == .continuesOn { return j.pageNumber }
        }
        return nil
    }

    /// Links an out-part (`下转第X版`) with the in-part on page X (`上接第Y版`) of the same headline.
    private static func linkSeparateParts(_ articles: inout [Article], report: inout Report) {
        var changed = true
        while changed {
            changed = false
            outer: for i in articles.indices {
                let a = articles[i]
                guard let lastPlacement = a.placements.last else { continue }
                let lastBlocks = a.blocks[lastPlacement.blockStart..<lastPlacement.blockEnd]
                guard let target = pendingTarget(lastBlocks),
                      !a.placements.contains(where: { $0.page.number == target }) else { continue }
                let key = TextFolding.comparisonKey(a.headline)
                for k in articles.indices where k != i {
                    let b = articles[k]
                    guard let first = b.placements.first, first.page.number == target,
                          case .jump(let j)? = b.blocks.first, j.direction == .continuedFrom,
                          j.pageNumber == lastPlacement.page.number else { continue }
                    let bKey = TextFolding.comparisonKey(j.repeatedHeadline ?? b.headline)
                    guard bKey == key || TextFolding.comparisonKey(b.headline) == key else { continue }
                    var merged = a
                    let offset = a.blocks.count
                    merged.blocks += b.blocks
                    merged.placements += b.placements.map {
                        Placement(page: $0.page, order: $0.order, blockStart: $0.blockStart + offset, blockEnd: $0.blockEnd + offset)
                    }
                    merged.bylines += b.bylines.filter { !a.bylines.contains($0) }
                    merged.sources += b.sources
                    articles[i] = merged
                    articles.remove(at: k)
                    report.jumpsLinked += 1
                    changed = true
                    break outer
                }
            }
        }
    }

    /// Merges articles printed in full on several pages of the edition.
    private static func mergeDuplicates(_ articles: inout [Article], report: inout Report) {
        struct Candidate { var index: Int; var key: TextKey; var headlineKey: TextKey; var bigrams: Set<String> }
        var candidates: [Candidate] = []
        for (i, a) in articles.enumerated() where a.placements.count == 1 {
            let bodyKey = TextFolding.comparisonKeyBytes(a.bodyText)
            // Letters, not bytes: a CJK character is three bytes.
            guard bodyKey.lazy.filter({ $0 & 0xC0 != 0x80 }).count >= minimumDuplicateBody else { continue }
            let key = TextFolding.comparisonKeyBytes([a.kicker ?? "", a.headline, a.subtitle ?? ""].joined()) + [0x7C] + bodyKey
            candidates.append(Candidate(index: i, key: TextKey(key), headlineKey: TextKey(TextFolding.comparisonKeyBytes(a.headline)), bigrams: []))
        }
        var absorbedInto: [Int: Int] = [:]
        // Exact text first.
        var byKey: [TextKey: Int] = [:]
        for c in candidates {
            if let keeper = byKey[c.key] {
                if articles[keeper].placements[0].page.number != articles[c.index].placements[0].page.number {
                    absorbedInto[c.index] = keeper
                }
            } else {
                byKey[c.key] = c.index
            }
        }
        // Then near-identical text with the same headline.
        var byHeadline: [TextKey: [Candidate]] = [:]
        for c in candidates where absorbedInto[c.index] == nil && !c.headlineKey.bytes.isEmpty {
            byHeadline[c.headlineKey, default: []].append(c)
        }
        for (_, group) in byHeadline where group.count > 1 {
            let withBigrams = group.map { c -> Candidate in
                var c = c
                c.bigrams = bigrams(TextFolding.comparisonKey(articles[c.index].bodyText))
                return c
            }
            for (n, c) in withBigrams.enumerated() where absorbedInto[c.index] == nil {
                for keeper in withBigrams[..<n] where absorbedInto[keeper.index] == nil {
                    let pa = articles[keeper.index].placements[0].page.number, pb = articles[c.index].placements[0].page.number
                    guard pa != pb else { continue }
                    let inter = Double(c.bigrams.intersection(keeper.bigrams).count)
                    let union = Double(c.bigrams.union(keeper.bigrams).count)
                    if union > 0, inter / union >= nearDuplicateSimilarity {
                        absorbedInto[c.index] = keeper.index
                        break
                    }
                }
            }
        }
        guard !absorbedInto.isEmpty else { return }
        var groups: [Int: [Int]] = [:]
        for (absorbed, keeper) in absorbedInto { groups[keeper, default: []].append(absorbed) }
        for (keeper, absorbed) in groups {
            var a = articles[keeper]
            for i in absorbed.sorted() {
                let b = articles[i]
                a.placements.append(Placement(page: b.placements[0].page, order: b.placements[0].order, blockStart: 0, blockEnd: a.blocks.count))
                a.sources += b.sources
            }
            a.placements.sort { ($0.page.number, $0.order) < ($1.page.number, $1.order) }
            articles[keeper] = a
            report.duplicatesMerged += absorbed.count
            report.mergedGroups.append(a.sources.map(\.name))
        }
        articles = articles.enumerated().filter { absorbedInto[$0.offset] == nil }.map(\.element)
    }

    private static func bigrams(_ s: String) -> Set<String> {
        let chars = Array(s)
        guard chars.count > 1 else { return [s] }
        var set = Set<String>()
        for i in 0..<(chars.count - 1) { set.insert(String(chars[i...i + 1])) }
        return set
    }
}

/// Comparison-key bytes with their hash computed once: hashing a long `[UInt8]` feeds the
/// hasher byte by byte, which dominated stitching.
struct TextKey: Hashable {
    let bytes: [UInt8]
    let digest: UInt64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var h: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        digest = h
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
    static func == (a: TextKey, b: TextKey) -> Bool { a.digest == b.digest && a.bytes == b.bytes }
}
