import BenchSupport
import BroadsheetCore
import BroadsheetSearch
#if canImport(Glibc)
import Glibc
#endif

/// Ground truth for a whole benchmark corpus: the folded text of every article in one
/// buffer, scanned with `memmem` per query. Same rule as `GroundTruth.contains` (a byte
/// match of the folded query, whole words for Latin letters and digits), made fast.
struct TruthIndex {
    /// Folded headline, `\n`, folded body, `\n`, for every article in id order.
    private var buffer: [UInt8] = []
    /// Start offset of each article in `buffer`; ids are index + 1.
    private var starts: [Int] = []
    let folded: [[[UInt8]]]

    init(_ corpus: BenchCorpus) {
        var docs: [[[UInt8]]] = []
        docs.reserveCapacity(corpus.items.count)
        for it in corpus.items {
            let h = Array(TextFolding.fold(it.headline).utf8), b = Array(TextFolding.fold(it.body).utf8)
            starts.append(buffer.count)
            buffer += h
            buffer.append(0x0A)
            buffer += b
            buffer.append(0x0A)
            if docs.count < 2000 { docs.append([h, b]) }
        }
        folded = docs
    }

    func ids(_ query: String) -> Set<Int> {
        TextFolding.queryVariants(TextFolding.fold(query)).reduce(into: Set<Int>()) { $0.formUnion(ids(folded: Array($1.utf8))) }
    }

    private func ids(folded q: [UInt8]) -> Set<Int> {
        guard !q.isEmpty else { return [] }
        let wordStart = q.first.map { $0 < 0x80 && isAlnum($0) } ?? false
        let wordEnd = q.last.map { $0 < 0x80 && isAlnum($0) } ?? false
        var out = Set<Int>()
        buffer.withUnsafeBufferPointer { buf in
            q.withUnsafeBufferPointer { qb in
                var at = 0
                let base = buf.baseAddress!
                // memchr for the query's second byte (for CJK the most selective one), then compare.
                let k = q.count > 1 ? 1 : 0
                let probe = Int32(q[k])
                while at + q.count <= buf.count {
                    guard let p = memchr(base + at + k, probe, buf.count - at - k) else { break }
                    let i = UnsafeRawPointer(p) - UnsafeRawPointer(base) - k
                    guard i + q.count <= buf.count, memcmp(base + i, qb.baseAddress!, q.count) == 0 else {
                        at = i + 1
                        continue
                    }
                    at = i + 1
                    // Letters and digits are separate words: only a neighbour of the same kind extends the word.
                    if wordStart && i > 0 && sameKind(buf[i - 1], q[0]) { continue }
                    if wordEnd && i + q.count < buf.count && sameKind(buf[i + q.count], q[q.count - 1]) { continue }
                    // The article holding offset i.
                    var lo = 0, hi = starts.count - 1
                    while lo < hi {
                        let mid = (lo + hi + 1) / 2
                        if starts[mid] <= i { lo = mid } else { hi = mid - 1 }
                    }
                    out.insert(lo + 1)
                    // Skip to the next article: one hit is enough.
                    at = lo + 1 < starts.count ? starts[lo + 1] : buf.count
                }
            }
        }
        return out
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// True when `b` continues a word whose edge is `edge`: both digits or both letters.
    private func sameKind(_ b: UInt8, _ edge: UInt8) -> Bool {
        isAlnum(b) && isDigit(b) == isDigit(edge)
    }

    /// ASCII letters and digits; queries in the benchmark's Latin classes are ASCII after folding.
    private func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }
}
