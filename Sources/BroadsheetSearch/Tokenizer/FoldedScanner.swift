import BroadsheetCore

/// How a folded character takes part in matching.
public enum CharacterClass: UInt8, Sendable {
    /// Han ideographs, kana, hangul: indexed as overlapping bigrams.
    case cjk
    /// Letters and digits of other scripts: indexed as whole words.
    case word
    /// Signs that change what a number or a name means, so a phrase must have them where the
    /// query does: the decimal point `.`, the percent sign `%` and the title marks `《》〈〉`
    /// (full-width forms fold to these). Each is a token of its own: `1.10` does not match
    /// `1—10`, `101%` not `101期`, `《名录》` not a bare 名录, while `101` still matches `101%`.
    case mark
    /// Spaces, other punctuation, symbols: they only separate.
    case separator
}

/// Walks UTF-8 text character by character, folding each one with `TextFolding` and
/// reporting where it stood in the *original* bytes.
///
/// The tokenizer, the highlighter and the recall checker all use this one walk, so the
/// index, the snippets and the ground truth cannot disagree about what a character folds to.
public enum FoldedScanner {
    /// Calls `body(folded, class, start, end)` for every folded scalar of `text`, where
    /// `start..<end` is the byte range of the original scalar it came from. One original
    /// scalar can fold to several (`㈱` → `(株)`); they share its range.
    @inlinable
    public static func scan(
        _ text: UnsafeBufferPointer<UInt8>,
        _ body: (UInt32, CharacterClass, Int, Int) -> Void
    ) {
        var i = 0
        let n = text.count
        var scratch = String.UnicodeScalarView()
        while i < n {
            let b0 = UInt32(text[i])
            var v: UInt32
            var len: Int
            if b0 < 0x80 {
                v = b0
                len = 1
            } else if b0 & 0xE0 == 0xC0, i + 1 < n, text[i + 1] & 0xC0 == 0x80 {
                v = (b0 & 0x1F) << 6 | (UInt32(text[i + 1]) & 0x3F)
                len = 2
            } else if b0 & 0xF0 == 0xE0, i + 2 < n, text[i + 1] & 0xC0 == 0x80, text[i + 2] & 0xC0 == 0x80 {
                v = (b0 & 0x0F) << 12 | (UInt32(text[i + 1]) & 0x3F) << 6 | (UInt32(text[i + 2]) & 0x3F)
                len = 3
            } else if b0 & 0xF8 == 0xF0, i + 3 < n, text[i + 1] & 0xC0 == 0x80, text[i + 2] & 0xC0 == 0x80,
                      text[i + 3] & 0xC0 == 0x80 {
                v = (b0 & 0x07) << 18 | (UInt32(text[i + 1]) & 0x3F) << 12
                    | (UInt32(text[i + 2]) & 0x3F) << 6 | (UInt32(text[i + 3]) & 0x3F)
                len = 4
            } else {
                // Not valid UTF-8 (an engine may hand over bytes as stored): a separator, never a crash.
                body(0x20, .separator, i, i + 1)
                i += 1
                continue
            }
            let start = i
            i += len
            // Fast paths for the characters that make up nearly all of the text.
            if v < 0x80 {
                if v >= 0x41 && v <= 0x5A { v += 0x20 }
                body(v, asciiClass(v), start, i)
                continue
            }
            if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) {
                body(TextFolding.simplifiedTable.map(v) ?? v, .cjk, start, i)
                continue
            }
            if v == 0x3000 || v == 0xA0 {
                body(0x20, .separator, start, i)
                continue
            }
            if v >= 0xFF01 && v <= 0xFF5E {
                var a = v - 0xFF01 + 0x21
                if a >= 0x41 && a <= 0x5A { a += 0x20 }
                body(a, asciiClass(a), start, i)
                continue
            }
            if v >= punctuationRange.lowerBound && v < punctuationRange.upperBound {
                let entry = punctuation[Int(v - punctuationRange.lowerBound)]
                if entry != 0 {
                    body(UInt32(truncatingIfNeeded: entry), CharacterClass(rawValue: UInt8(truncatingIfNeeded: entry >> 32))!, start, i)
                    continue
                }
            }
            guard let scalar = Unicode.Scalar(v) else {
                body(0x20, .separator, start, i)
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            TextFolding.appendFolded(scalar, to: &scratch)
            for s in scratch {
                body(s.value, classify(s), start, i)
            }
        }
    }

    /// General punctuation and CJK symbols and punctuation (，。、“”《》…): after Han
    /// characters, most of Chinese text.
    @usableFromInline
    static let punctuationRange: Range<UInt32> = 0x2000..<0x3040

    /// For each scalar of `punctuationRange`: its fold and class as the general path below
    /// computes them (`fold | class << 32 | 1 << 40`), or 0 where the fold is not one scalar.
    /// Built from that path, so it cannot disagree with it; it saves a string append and a
    /// Unicode property lookup per character.
    @usableFromInline
    static let punctuation: [UInt64] = punctuationRange.map { v in
        guard let scalar = Unicode.Scalar(v) else { return 0 }
        var folded = String.UnicodeScalarView()
        TextFolding.appendFolded(scalar, to: &folded)
        guard folded.count == 1, let f = folded.first else { return 0 }
        return UInt64(f.value) | UInt64(classify(f).rawValue) << 32 | 1 << 40
    }

    @inlinable
    static func asciiClass(_ v: UInt32) -> CharacterClass {
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { return .word }
        return v == 0x2E || v == 0x25 ? .mark : .separator
    }

    /// True for a digit among `.word` scalars. Letters and digits are separate words
    /// (`GDP1万` → `gdp`, `1`, …), so `GDP` finds it while `2019` still does not match `20190`.
    @inlinable
    public static func isDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return Unicode.Scalar(v)?.properties.numericType != nil
    }

    /// The class of an already folded scalar.
    @inlinable
    public static func classify(_ s: Unicode.Scalar) -> CharacterClass {
        let v = s.value
        if v < 0x80 { return asciiClass(v) }
        if TextFolding.isCJK(v) { return .cjk }
        if v == 0x300A || v == 0x300B || v == 0x3008 || v == 0x3009 { return .mark }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil ? .word : .separator
    }

    /// Convenience for Swift strings.
    public static func scan(_ text: String, _ body: (UInt32, CharacterClass, Int, Int) -> Void) {
        var copy = text
        copy.withUTF8 { scan($0, body) }
    }
}
