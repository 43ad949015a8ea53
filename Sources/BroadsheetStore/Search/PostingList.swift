/// The posting lists of the PostgreSQL archive's search index (`search_posting`), as bytes.
///
/// A token's postings are one or more rows, keyed by the token and the last rowid they hold;
/// the rows of a token hold ascending, disjoint ranges of rowids. A row is entries, each of
/// three parts:
/// - the rowid, as its difference from the entry before (the first entry's from 0 — or, for
///   entries appended to a row, from the row's last rowid), a LEB128 varint;
/// - the byte length of the payload (varint), so a reader wanting only the articles skips it;
/// - the payload: for a token, its positions as keys (`key(column:position:)`), ascending,
///   the first whole and each next as the difference from the one before (varints); for the
///   initial of CJK tokens (`#X`), a byte of which columns hold tokens beginning with X, then
///   how many in each of those columns (varints).
/// So new articles (always higher rowids) are appended to a row's bytes as they are, and a row
/// keeps a token's rare articles together however many imports brought them.
enum PostingList {
    /// A position of a token in column `column` (0 headline, 1 kicker, 2 subtitle, 3 body) as
    /// one ascending number: a phrase's next token is at key + 1 in the same column.
    static func key(column: Int, position: Int) -> UInt32 { UInt32(column) << 28 | UInt32(min(position, 1 << 28 - 1)) }
    static func column(of key: UInt32) -> Int { Int(key >> 28) }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// The varint at `i` in `bytes`, moving `i` past it; nil when the bytes end inside it.
    @inline(__always)
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return value }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// A token's payload: its ascending position keys.
    static func payload(keys: [UInt32], to bytes: inout [UInt8]) {
        var previous: UInt32 = 0
        for (i, k) in keys.enumerated() {
            appendVarint(UInt64(i == 0 ? k : k - previous), to: &bytes)
            previous = k
        }
    }

    /// An initial's payload: how many tokens beginning with it stand in each column.
    static func payload(counts: [Int], to bytes: inout [UInt8]) {
        let at = bytes.count
        bytes.append(0)
        var mask: UInt8 = 0
        for (c, n) in counts.enumerated() where n > 0 {
            mask |= 1 << c
            appendVarint(UInt64(n), to: &bytes)
        }
        bytes[at] = mask
    }

    /// One entry: `rowid` (after `previous`, the rowid of the entry before or 0) and its payload.
    static func appendEntry(rowid: Int64, after previous: Int64, payload: some Collection<UInt8>, to bytes: inout [UInt8]) {
        appendVarint(UInt64(rowid - previous), to: &bytes)
        appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// The entries of a row: each article's rowid and payload; nil when damaged (an entry cut
    /// short, or rowids not ascending).
    static func entries(_ data: [UInt8]) -> [(rowid: Int64, payload: ArraySlice<UInt8>)]? {
        var out: [(Int64, ArraySlice<UInt8>)] = []
        let ok = data.withUnsafeBufferPointer { p -> Bool in
            var i = 0
            var rowid: Int64 = 0
            while i < p.count {
                guard let delta = readVarint(p, &i), let length = readVarint(p, &i), i + Int(length) <= p.count,
                      delta > 0 || out.isEmpty, delta < UInt64(Int64.max) else { return false }
                rowid += Int64(delta)
                out.append((rowid, data[i..<i + Int(length)]))
                i += Int(length)
            }
            return true
        }
        return ok ? out : nil
    }

    /// A row's bytes from its entries, ascending.
    static func row(_ entries: some Sequence<(rowid: Int64, payload: ArraySlice<UInt8>)>) -> [UInt8] {
        var out: [UInt8] = []
        var previous: Int64 = 0
        for (r, p) in entries {
            appendEntry(rowid: r, after: previous, payload: p, to: &out)
            previous = r
        }
        return out
    }

    /// A token's (or an initial's) postings across its rows: the articles in rowid order, each
    /// with where its payload lies in `bytes`.
    struct Postings: Sendable {
        private(set) var rowids: [Int64] = []
        private var starts: [Int32] = []
        private var ends: [Int32] = []
        private var bytes: [UInt8] = []

        init() {}

        /// Adds a row; rows must come in order of their rowids. False when the bytes are
        /// damaged or out of order (nothing of them is then kept).
        @discardableResult
        mutating func add(_ data: UnsafeRawBufferPointer) -> Bool {
            let shift = bytes.count
            let floor = rowids.last ?? 0
            var found: [(Int64, Int32, Int32)] = []
            let ok = data.withMemoryRebound(to: UInt8.self) { p -> Bool in
                var i = 0
                var rowid: Int64 = 0
                while i < p.count {
                    guard let delta = readVarint(p, &i), let length = readVarint(p, &i), i + Int(length) <= p.count,
                          delta < UInt64(Int64.max) else { return false }
                    rowid += Int64(delta)
                    guard rowid > (found.last?.0 ?? floor) else { return false }
                    found.append((rowid, Int32(shift + i), Int32(shift + i + Int(length))))
                    i += Int(length)
                }
                return true
            }
            guard ok else { return false }
            bytes.append(contentsOf: data)
            for (r, s, e) in found {
                rowids.append(r)
                starts.append(s)
                ends.append(e)
            }
            return true
        }

        mutating func add(_ data: [UInt8]) -> Bool {
            data.withUnsafeBytes { add($0) }
        }

        var count: Int { rowids.count }

        /// The position keys of the article at index `i`, ascending.
        func keys(at i: Int) -> [UInt32] {
            var out: [UInt32] = []
            keys(at: i, into: &out)
            return out
        }

        /// Appends the position keys of the article at index `i` to `out` (the first key is
        /// written whole, as a difference from 0).
        func keys(at i: Int, into out: inout [UInt32]) {
            bytes.withUnsafeBufferPointer { p in
                var j = Int(starts[i])
                let end = Int(ends[i])
                var key: UInt32 = 0
                while j < end, let v = PostingList.readVarint(p, &j) {
                    key &+= UInt32(truncatingIfNeeded: v)
                    out.append(key)
                }
            }
        }

        /// For an initial's row: how many tokens begin with it in each of the four columns.
        func counts(at i: Int) -> [Int] {
            bytes.withUnsafeBufferPointer { p in
                var out = [0, 0, 0, 0]
                var j = Int(starts[i])
                guard j < Int(ends[i]) else { return out }
                let mask = p[j]
                j += 1
                for c in 0..<4 where mask & (1 << c) != 0 {
                    out[c] = Int(PostingList.readVarint(p, &j) ?? 0)
                }
                return out
            }
        }

        /// The index of `rowid` at or after `from` (rowids ascend), or nil.
        func index(of rowid: Int64, from: Int = 0) -> Int? {
            var lo = from, hi = rowids.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if rowids[mid] < rowid { lo = mid + 1 } else { hi = mid }
            }
            return lo < rowids.count && rowids[lo] == rowid ? lo : nil
        }
    }

    /// A 64-bit FNV-1a digest of a token and one article's payload for it: `verify` adds these
    /// up per article (in any order) on both sides.
    static func digest(_ token: String, _ payload: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in token.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ 0xFF) &* 0x100_0000_01b3
        for b in payload { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
