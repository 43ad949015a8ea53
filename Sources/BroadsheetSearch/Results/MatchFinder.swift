import BroadsheetCore

/// Finds where query terms occur in a text, with the same folding and the same notion of
/// a match as the index, so highlighted spans are the spans the index matched.
///
/// Both text and pattern become a stream of folded letters, digits and CJK characters,
/// each knowing whether a token boundary stands before it (punctuation, spacing, or a change
/// between CJK and other letters). A pattern matches where the characters agree and the
/// boundaries inside it agree; a pattern that begins or ends with a Latin letter or digit
/// must also begin or end at a boundary, because those are indexed as whole words.
public struct MatchFinder: Sendable {
    struct Stream {
        /// One folded character and what matching needs to know of it: one array of these, not
        /// one array per field, costs one append per character of a text.
        struct Unit {
            var char: UInt32
            /// Byte range of the original character in the text.
            var start: Int32
            var end: Int32
            var cls: CharacterClass
            /// Digits and letters are separate words, so a change between them is a boundary.
            var digit: Bool
            /// Separators stood before this character.
            var separated: Bool
        }

        var units: [Unit] = []

        init(_ text: String) {
            // Most characters of the archive's text are three bytes.
            units.reserveCapacity(text.utf8.count / 3 + 16)
            var pendingSeparator = false
            FoldedScanner.scan(text) { v, cls, start, end in
                if cls == .separator {
                    pendingSeparator = true
                    return
                }
                units.append(Unit(
                    char: v, start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end), cls: cls,
                    digit: cls == .word && FoldedScanner.isDigit(v), separated: pendingSeparator))
                pendingSeparator = false
            }
        }

        var count: Int { units.count }

        /// A token boundary before position `i` (0 < i < count).
        func boundary(_ i: Int) -> Bool {
            i == 0 || i == count || units[i].separated || units[i].cls != units[i - 1].cls || units[i].digit != units[i - 1].digit
        }
    }

    private let patterns: [Stream]

    /// - Parameter terms: the query's terms as typed; each is folded and matched on its own,
    ///   in every form it stands for (`TextFolding.queryVariants`).
    public init(terms: [String]) {
        patterns = terms.flatMap { TextFolding.queryVariants(TextFolding.fold($0)) }.map(Stream.init).filter { $0.count > 0 }
    }

    /// True when there is nothing to look for.
    public var isEmpty: Bool { patterns.isEmpty }

    /// Byte ranges (into `text`'s UTF-8) of every match, sorted and merged where they overlap.
    public func matches(in text: String) -> [Range<Int>] {
        guard !patterns.isEmpty else { return [] }
        let doc = Stream(text)
        var found: [Range<Int>] = []
        for p in patterns {
            let m = p.count
            guard m <= doc.count else { continue }
            let first = p.units[0].char
            var i = 0
            while i + m <= doc.count {
                defer { i += 1 }
                guard doc.units[i].char == first else { continue }
                if p.units[0].cls == .word && !doc.boundary(i) { continue }
                var ok = true
                var k = 1
                while k < m {
                    if doc.units[i + k].char != p.units[k].char || doc.boundary(i + k) != p.boundary(k) {
                        ok = false
                        break
                    }
                    k += 1
                }
                guard ok else { continue }
                if p.units[m - 1].cls == .word && !doc.boundary(i + m) { continue }
                found.append(Int(doc.units[i].start)..<Int(doc.units[i + m - 1].end))
            }
        }
        found.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in found {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// `text` cut into matching and non-matching segments.
    public func segments(_ text: String) -> [TextSegment] {
        let utf8 = Array(text.utf8)
        var out: [TextSegment] = []
        var at = 0
        for r in matches(in: text) {
            if r.lowerBound > at { out.append(TextSegment(text: Self.string(utf8[at..<r.lowerBound]), isMatch: false)) }
            out.append(TextSegment(text: Self.string(utf8[r]), isMatch: true))
            at = r.upperBound
        }
        if at < utf8.count { out.append(TextSegment(text: Self.string(utf8[at...]), isMatch: false)) }
        return out
    }

    /// Keyword-in-context excerpts: `radius` characters either side of a match, at most
    /// `limit` excerpts, overlapping windows joined. Line breaks become spaces.
    /// With no match, the opening `2 × radius` characters.
    public func snippets(_ text: String, radius: Int, limit: Int) -> [Snippet] {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, limit > 0 else { return [] }
        let ranges = matches(in: text)
        func back(_ from: Int, _ n: Int) -> Int {
            var i = from, left = n
            while i > 0 && left > 0 {
                i -= 1
                while i > 0 && utf8[i] & 0xC0 == 0x80 { i -= 1 }
                left -= 1
            }
            return i
        }
        func forward(_ from: Int, _ n: Int) -> Int {
            var i = from, left = n
            while i < utf8.count && left > 0 {
                i += 1
                while i < utf8.count && utf8[i] & 0xC0 == 0x80 { i += 1 }
                left -= 1
            }
            return i
        }
        guard !ranges.isEmpty else {
            let end = forward(0, radius * 2)
            return [Snippet(segments: [TextSegment(text: Self.flat(utf8[0..<end]), isMatch: false)],
                            leadingEllipsis: false, trailingEllipsis: end < utf8.count)]
        }
        // Windows around matches, joined where they touch.
        var windows: [(Range<Int>, [Range<Int>])] = []
        for r in ranges {
            let w = back(r.lowerBound, radius)..<forward(r.upperBound, radius)
            if let last = windows.last, w.lowerBound <= last.0.upperBound {
                windows[windows.count - 1] = (last.0.lowerBound..<max(last.0.upperBound, w.upperBound), last.1 + [r])
            } else {
                if windows.count == limit { break }
                windows.append((w, [r]))
            }
        }
        return windows.map { window, matches in
            var segments: [TextSegment] = []
            var at = window.lowerBound
            for m in matches {
                if m.lowerBound > at { segments.append(TextSegment(text: Self.flat(utf8[at..<m.lowerBound]), isMatch: false)) }
                segments.append(TextSegment(text: Self.flat(utf8[m]), isMatch: true))
                at = m.upperBound
            }
            if at < window.upperBound { segments.append(TextSegment(text: Self.flat(utf8[at..<window.upperBound]), isMatch: false)) }
            return Snippet(segments: segments, leadingEllipsis: window.lowerBound > 0, trailingEllipsis: window.upperBound < utf8.count)
        }
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func flat(_ bytes: ArraySlice<UInt8>) -> String {
        var s = string(bytes)
        // Most excerpts have no line break: found from the bytes, they skip the walk over
        // Characters, which costs more than the rest of the excerpt.
        if bytes.containsLineBreakUTF8 {
            s = String(s.map { $0.isNewline ? " " : $0 })
        }
        return s
    }
}
