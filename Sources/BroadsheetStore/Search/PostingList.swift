/// The posting lists of the PostgreSQL archive's search index (`search_posting`), as bytes.
///
/// The index is a row per token and block of 8,192 rowids: the articles of that block holding
/// the token, in rowid order, each an entry of three parts:
/// - the rowid's offset in its block (LEB128 varint),
/// - the byte length of the payload (varint), so a reader wanting only the articles skips it,
/// - the payload: for a token, its positions as keys (`key(column:position:)`), ascending,
///   the first whole and each next as the difference from the one before (varints); for the
///   initial of CJK tokens (`#X`), a byte of which columns hold tokens beginning with X, then
///   how many in each of those columns (varints).
/// An entry stands alone, so new articles (always higher rowids) are appended to a row's bytes
/// as they are, and an article is removed by cutting its entry out.
enum PostingList {
    /// Rowids a block holds: a row's entries have offsets below this.
    static let blockSize: Int64 = 8_192

    static func block(of rowid: Int64) -> Int32 { Int32(truncatingIfNeeded: rowid / blockSize) }
    static func base(of block: Int32) -> Int64 { Int64(block) * blockSize }

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

    /// One entry: the article `rowid` holding a token at these ascending position keys.
    static func appendEntry(rowid: Int64, keys: [UInt32], to bytes: inout [UInt8]) {
        var payload: [UInt8] = []
        payload.reserveCapacity(keys.count * 2)
        var previous: UInt32 = 0
        for (i, k) in keys.enumerated() {
            appendVarint(UInt64(i == 0 ? k : k - previous), to: &payload)
            previous = k
        }
        appendEntry(rowid: rowid, payload: payload, to: &bytes)
    }

    /// One entry of an initial's row: the article `rowid` holds `counts[c]` tokens beginning
    /// with the initial in column c.
    static func appendEntry(rowid: Int64, counts: [Int], to bytes: inout [UInt8]) {
        var mask: UInt8 = 0
        var payload: [UInt8] = [0]
        for (c, n) in counts.enumerated() where n > 0 {
            mask |= 1 << c
            appendVarint(UInt64(n), to: &payload)
        }
        payload[0] = mask
        appendEntry(rowid: rowid, payload: payload, to: &bytes)
    }

    private static func appendEntry(rowid: Int64, payload: [UInt8], to bytes: inout [UInt8]) {
        appendVarint(UInt64(rowid % blockSize), to: &bytes)
        appendVarint(UInt64(payload.count), to: &bytes)
        bytes.append(contentsOf: payload)
    }

    /// The bytes of a block's row without the entries of `removed` rowids (nil: the row is
    /// damaged). Entries are copied as they are.
    static func removing(_ removed: Set<Int64>, from data: [UInt8], block: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        let base = base(of: block)
        let ok = data.withUnsafeBufferPointer { p -> Bool in
            var i = 0
            while i < p.count {
                let start = i
                guard let offset = readVarint(p, &i), let length = readVarint(p, &i), i + Int(length) <= p.count else { return false }
                i += Int(length)
                if !removed.contains(base + Int64(offset)) { out.append(contentsOf: p[start..<i]) }
            }
            return true
        }
        return ok ? out : nil
    }

    /// The entries of a block's row: each article's rowid and payload; nil when damaged.
    static func entries(_ data: [UInt8], block: Int32) -> [(rowid: Int64, payload: ArraySlice<UInt8>)]? {
        var out: [(Int64, ArraySlice<UInt8>)] = []
        let base = base(of: block)
        let ok = data.withUnsafeBufferPointer { p -> Bool in
            var i = 0
            while i < p.count {
                guard let offset = readVarint(p, &i), let length = readVarint(p, &i), i + Int(length) <= p.count else { return false }
                out.append((base + Int64(offset), data[i..<i + Int(length)]))
                i += Int(length)
            }
            return true
        }
        return ok ? out : nil
    }

    /// A token's (or an initial's) postings across blocks: the articles in rowid order, each
    /// with where its payload lies in `bytes`.
    struct Postings: Sendable {
        private(set) var rowids: [Int64] = []
        private var starts: [Int32] = []
        private var ends: [Int32] = []
        private var bytes: [UInt8] = []

        init() {}

        /// Adds a block's row; blocks must come in ascending order. False when the bytes are
        /// damaged (nothing of them is then kept).
        @discardableResult
        mutating func add(block: Int32, _ data: UnsafeRawBufferPointer) -> Bool {
            let base = PostingList.base(of: block)
            let shift = bytes.count
            var found: [(Int64, Int32, Int32)] = []
            let ok = data.withMemoryRebound(to: UInt8.self) { p -> Bool in
                var i = 0
                while i < p.count {
                    guard let offset = readVarint(p, &i), let length = readVarint(p, &i), i + Int(length) <= p.count else { return false }
                    found.append((base + Int64(offset), Int32(shift + i), Int32(shift + i + Int(length))))
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

        mutating func add(block: Int32, _ data: [UInt8]) -> Bool {
            data.withUnsafeBytes { add(block: block, $0) }
        }

        var count: Int { rowids.count }

        /// The position keys of the article at index `i`, ascending.
        func keys(at i: Int) -> [UInt32] {
            bytes.withUnsafeBufferPointer { p in
                var out: [UInt32] = []
                var j = Int(starts[i])
                let end = Int(ends[i])
                var key: UInt32 = 0
                var first = true
                while j < end, let v = PostingList.readVarint(p, &j) {
                    key = first ? UInt32(truncatingIfNeeded: v) : key &+ UInt32(truncatingIfNeeded: v)
                    first = false
                    out.append(key)
                }
                return out
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
}
