import Foundation

/// Folding of Chinese text for matching: never applied to stored text.
///
/// The fold maps one input character to at most one output character where it can
/// (full-width → half-width, traditional → simplified, case, ideographic spaces),
/// so offsets in folded text stay close to offsets in the original.
public enum TextFolding {
    /// Folds `text` for matching: NFKC, lower case, U+3000/U+00A0 as space,
    /// traditional → simplified.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            appendFolded(scalar, to: &out)
        }
        return String(out)
    }

    /// Folds one scalar, appending zero or more scalars to `out`.
    ///
    /// ASCII and the Basic Multilingual Plane go through tables computed once; only
    /// astral characters take the slow path through Foundation's NFKC.
    @inlinable
    public static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v < 0x80 {
            out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : scalar)
            return
        }
        if v <= 0xFFFF {
            let mapped = bmpTable.single[Int(v)]
            if mapped == 0 {
                out.append(scalar)
            } else if mapped == FoldTable.multiple {
                out.append(contentsOf: bmpTable.multiple[v]!)
            } else {
                out.append(Unicode.Scalar(mapped)!)
            }
            return
        }
        slowFold(scalar, to: &out)
    }

    /// The fold of one scalar, computed from first principles (used to build the tables).
    @usableFromInline
    static func slowFold(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = scalar.value
        if v == 0x3000 || v == 0x00A0 {
            out.append(" ")
            return
        }
        // Full-width ASCII block.
        if v >= 0xFF01 && v <= 0xFF5E {
            var ascii = v - 0xFF01 + 0x21
            if ascii >= 0x41 && ascii <= 0x5A { ascii += 0x20 }
            out.append(Unicode.Scalar(ascii)!)
            return
        }
        if let mapped = simplifiedTable.map(v) {
            out.append(Unicode.Scalar(mapped)!)
            return
        }
        if (v >= 0x3400 && v <= 0x9FFF) || (v >= 0xD800 && v <= 0xDFFF) {
            out.append(scalar)
            return
        }
        // Everything else: compatibility decomposition then lower case.
        let nfkc = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        for s in nfkc.unicodeScalars {
            if let mapped = simplifiedTable.map(s.value) {
                out.append(Unicode.Scalar(mapped)!)
            } else {
                out.append(s)
            }
        }
    }

    /// The fold of every BMP scalar.
    public static let bmpTable = FoldTable()

    /// Traditional → simplified for single CJK ideographs, computed once from ICU's
    /// `Traditional-Simplified` transform (through Foundation), which maps these
    /// blocks one character to one character.
    public static let simplifiedTable = SimplifiedTable()

    /// True for characters that belong to a CJK run for tokenizing: the letters (general
    /// category Lo, Lm, Nl) of the ideograph, kana and hangul blocks. The kana block also holds
    /// punctuation and marks, which separate like any punctuation: ゠ (U+30A0), the middle dot
    /// ・ (U+30FB, and ･ U+FF65, which width folding turns into it) and the voicing marks
    /// U+3099–309C. A test checks this against the Unicode general category of every scalar.
    @inlinable
    public static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0x20000 && v <= 0x3134F) || (v >= 0xAC00 && v <= 0xD7AF) || v == 0x3007
            || (v >= 0x3040 && v <= 0x30FF && v != 0x30A0 && v != 0x30FB && !(v >= 0x3099 && v <= 0x309C))
    }
}

/// A dense lookup table from traditional to simplified ideographs.
///
/// ICU's transform maps some characters that are simplified characters in their own right:
/// 著 (著名) → 着, 乾 (乾隆) → 干, 俱 → 具, 傍 → 旁, 後 → 后. Folding those would make `著` find every
/// 着 and `干` every 乾隆, so they are left out of the fold (a character is a simplified one when
/// GB 2312, the simplified standard set, encodes it) and kept in `variants` instead: a query of
/// more than one character still matches them where it has the simplified form (`看着` finds
/// traditional `看著`, see `TextFolding.queryVariants`).
public struct SimplifiedTable: Sendable {
    @usableFromInline let base: UInt32 = 0x3400
    @usableFromInline let table: [UInt32]
    /// Simplified character → its traditional forms that are also simplified characters.
    public let variants: [UInt32: [UInt32]]

    init() {
        var scalars = String.UnicodeScalarView()
        let ranges: [ClosedRange<UInt32>] = [0x3400...0x9FFF, 0xF900...0xFAFF]
        for range in ranges {
            for v in range { scalars.append(Unicode.Scalar(v)!) }
        }
        let source = String(scalars)
        var table = [UInt32](repeating: 0, count: Int(0xFAFF - 0x3400 + 1))
        if let simplified = source.applyingTransform(StringTransform("Traditional-Simplified"), reverse: false),
           simplified.unicodeScalars.count == source.unicodeScalars.count {
            for (from, to) in zip(source.unicodeScalars, simplified.unicodeScalars) where from != to {
                table[Int(from.value - 0x3400)] = to.value
            }
        }
        var variants: [UInt32: [UInt32]] = [:]
        let gb2312 = GB2312()
        for i in table.indices where table[i] != 0 {
            let from = UInt32(i) + 0x3400
            if gb2312.encodes(from) {
                variants[table[i], default: []].append(from)
                table[i] = 0
            }
        }
        self.variants = variants
        // Compatibility ideographs fold through NFKC to their unified form first.
        for v in UInt32(0xF900)...0xFAFF {
            let s = String(Unicode.Scalar(v)!).precomposedStringWithCompatibilityMapping.unicodeScalars
            if s.count == 1, let u = s.first, u.value != v {
                let i = Int(u.value) - 0x3400
                let simplified = (i >= 0 && i < table.count && table[i] != 0) ? table[i] : u.value
                table[Int(v - 0x3400)] = simplified
            }
        }
        self.table = table
    }

    /// The simplified form of `v`, or nil when `v` has none.
    @inlinable
    public func map(_ v: UInt32) -> UInt32? {
        guard v >= base && v <= 0xFAFF else { return nil }
        let m = table[Int(v - base)]
        return m == 0 ? nil : m
    }
}

extension TextFolding {
    /// The folded text with everything but letters and digits removed: two texts
    /// that differ only in whitespace, punctuation, width or script variant share a key.
    public static func comparisonKey(_ text: String) -> String {
        String(decoding: comparisonKeyBytes(text), as: UTF8.self)
    }

    /// `comparisonKey` as UTF-8 bytes, cheap to hash and compare (a String would be
    /// normalised again every time it is hashed).
    public static func comparisonKeyBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        @inline(__always) func emit(_ v: UInt32) {
            guard isKeyScalar(Unicode.Scalar(v)!) else { return }
            switch v {
            case 0..<0x80:
                out.append(UInt8(v))
            case 0x80..<0x800:
                out.append(UInt8(0xC0 | (v >> 6)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            case 0x800..<0x10000:
                out.append(UInt8(0xE0 | (v >> 12)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            default:
                out.append(UInt8(0xF0 | (v >> 18)))
                out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                out.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        let table = bmpTable
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                emit(v >= 0x41 && v <= 0x5A ? v + 0x20 : v)
            } else if v <= 0xFFFF {
                let m = table.single[Int(v)]
                if m == 0 {
                    emit(v)
                } else if m == FoldTable.multiple {
                    for f in table.multiple[v]! { emit(f.value) }
                } else {
                    emit(m)
                }
            } else {
                var folded = String.UnicodeScalarView()
                slowFold(scalar, to: &folded)
                for f in folded { emit(f.value) }
            }
        }
        return out
    }

    @inline(__always)
    private static func isKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x61 && v <= 0x7A) }
        if isCJK(v) { return true }
        // Fast path for the common punctuation: general punctuation, 、。 and the CJK brackets.
        if (v >= 0x2000 && v <= 0x206F) || v == 0x3001 || v == 0x3002 || (v >= 0x3008 && v <= 0x3011) { return false }
        let p = scalar.properties
        return p.isAlphabetic || p.numericType != nil
    }
}

/// The fold of every scalar of the Basic Multilingual Plane, computed once.
public struct FoldTable: Sendable {
    /// Marks a scalar whose fold is several scalars (…, ㈠) or none.
    public static let multiple: UInt32 = 0xFFFF_FFFF
    /// 0: folds to itself; `multiple`: see `multiple`; otherwise the one scalar it folds to.
    public let single: [UInt32]
    public let multiple: [UInt32: [Unicode.Scalar]]

    init() {
        var single = [UInt32](repeating: 0, count: 0x10000)
        var multiple: [UInt32: [Unicode.Scalar]] = [:]
        for v in UInt32(0x80)...0xFFFF where !(0xD800...0xDFFF).contains(v) {
            let scalar = Unicode.Scalar(v)!
            var out = String.UnicodeScalarView()
            TextFolding.slowFold(scalar, to: &out)
            if out.count == 1, let only = out.first {
                if only != scalar { single[Int(v)] = only.value }
            } else {
                single[Int(v)] = Self.multiple
                multiple[v] = Array(out)
            }
        }
        self.single = single
        self.multiple = multiple
    }
}

/// Whether GB 2312 encodes a character, through the C library's iconv.
private struct GB2312 {
    func encodes(_ v: UInt32) -> Bool {
        guard let cd = Self.converter else { return false }
        var input = [UInt8](repeating: 0, count: 4)
        for k in 0..<4 { input[k] = UInt8(truncatingIfNeeded: v >> (8 * k)) }
        var output = [UInt8](repeating: 0, count: 8)
        return input.withUnsafeMutableBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                i.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 4) { ip in
                    o.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 8) { op in
                        var inPtr: UnsafeMutablePointer<CChar>? = ip
                        var outPtr: UnsafeMutablePointer<CChar>? = op
                        var inLeft = 4, outLeft = 8
                        iconv(cd, nil, nil, nil, nil)
                        return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 && inLeft == 0
                    }
                }
            }
        }
    }

    /// UTF-32LE → GB 2312; nil where the C library has no such converter (then nothing counts
    /// as GB 2312 and every ICU mapping folds, as before this rule).
    nonisolated(unsafe) private static let converter: iconv_t? = {
        let cd = iconv_open("GB2312", "UTF-32LE")
        return cd == iconv_t(bitPattern: -1) ? nil : cd
    }()
}

extension TextFolding {
    /// The strings a folded query term stands for. A term of one character is itself alone
    /// (so `著` finds 著, never 着, and `干` never finds 乾隆). In a longer term each simplified
    /// character with traditional forms that the fold keeps (着 → 著, 后 → 後) may also be one of
    /// those, so `看着` finds traditional `看著`; at most `limit` strings, the term first.
    public static func queryVariants(_ folded: String, limit: Int = 16) -> [String] {
        let scalars = Array(folded.unicodeScalars)
        guard scalars.filter({ isCJK($0.value) }).count > 1 else { return [folded] }
        var results: [[Unicode.Scalar]] = [scalars]
        for (i, s) in scalars.enumerated() {
            guard let forms = simplifiedTable.variants[s.value] else { continue }
            let next = results.count * (forms.count + 1)
            guard next <= limit else { break }
            var expanded = results
            for r in results {
                for f in forms {
                    var copy = r
                    copy[i] = Unicode.Scalar(f)!
                    expanded.append(copy)
                }
            }
            results = expanded
        }
        return results.map { var v = String.UnicodeScalarView(); v.append(contentsOf: $0); return String(v) }
    }
}
