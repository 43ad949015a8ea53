import BroadsheetCore

/// The reference answer for recall checks: a plain byte scan of folded text, independent
/// of the index. A query matches a field when its folded UTF-8 occurs in the field's folded
/// UTF-8, and, where the query begins or ends with a Latin letter or digit, that occurrence
/// is not inside a longer word (Latin words and numbers are matched whole; a letter next to a
/// digit is a word boundary).
///
/// Used by the recall test and by the benchmark; queries are single strings without
/// punctuation or spaces (punctuation inside a phrase is matched loosely by design).
public enum GroundTruth {
    /// True when any of the folded `fields` contains `query` (folded here).
    public static func contains(_ fields: [[UInt8]], query: String) -> Bool {
        // Every form the query stands for (`TextFolding.queryVariants`: 看着 is also 看著).
        TextFolding.queryVariants(TextFolding.fold(query)).contains { contains(fields, folded: Array($0.utf8)) }
    }

    private static func contains(_ fields: [[UInt8]], folded q: [UInt8]) -> Bool {
        guard !q.isEmpty else { return false }
        let firstQ = firstScalar(q, at: 0), lastQ = lastScalar(q, before: q.count)
        let startsWord = isWordScalar(firstQ)
        let endsWord = isWordScalar(lastQ)
        for f in fields where f.count >= q.count {
            var i = 0
            let last = f.count - q.count
            let first = q[0]
            while i <= last {
                if f[i] == first && matchesAt(f, i, q) {
                    let okStart = !startsWord || i == 0 || !sameWord(lastScalar(f, before: i), firstQ)
                    let okEnd = !endsWord || i + q.count == f.count || !sameWord(firstScalar(f, at: i + q.count), lastQ)
                    if okStart && okEnd { return true }
                }
                i += 1
            }
        }
        return false
    }

    @inline(__always)
    static func matchesAt(_ f: [UInt8], _ i: Int, _ q: [UInt8]) -> Bool {
        var k = 1
        while k < q.count {
            if f[i + k] != q[k] { return false }
            k += 1
        }
        return true
    }

    static func firstScalar(_ b: [UInt8], at i: Int) -> Unicode.Scalar? {
        var it = b[i...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) { return s }
        return nil
    }

    static func lastScalar(_ b: [UInt8], before end: Int) -> Unicode.Scalar? {
        var i = end - 1
        while i > 0 && b[i] & 0xC0 == 0x80 { i -= 1 }
        return i >= 0 ? firstScalar(b, at: i) : nil
    }

    /// True when `s` would continue the word `neighbour` stands in: both letters or both digits.
    static func sameWord(_ s: Unicode.Scalar?, _ neighbour: Unicode.Scalar?) -> Bool {
        guard let s, let neighbour, isWordScalar(s) else { return false }
        return FoldedScanner.isDigit(s.value) == FoldedScanner.isDigit(neighbour.value)
    }

    static func isWordScalar(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return FoldedScanner.classify(s) == .word
    }
}
