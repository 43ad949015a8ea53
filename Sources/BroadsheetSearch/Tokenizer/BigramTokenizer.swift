/// The tokenizer behind the full-text index, in plain Swift so it can be tested and
/// benchmarked without any database.
///
/// - A run of CJK characters becomes overlapping bigrams (`台州红云` → `台州 州红 红云`), and
///   the last character of the run is added as a unigram colocated with the last bigram
///   (`云`). A one-character run is that unigram alone. A one-character query `X` is then
///   the prefix query `X*`: every occurrence of `X` starts a bigram or ends a run, so nothing
///   is missed, and the index holds one unigram per run instead of one per character.
/// - A run of letters (any script but CJK) is one word, a run of digits another: `GDP1万`
///   gives `gdp` and `1`.
/// - Everything else separates tokens and is not indexed.
///
/// Token text is folded (`TextFolding`); offsets point into the original bytes.
public struct BigramTokenizer: Sendable {
    /// What the tokens are for.
    public enum Mode: Sendable {
        /// Text being indexed: emits colocated run-final unigrams.
        case document
        /// A query string: bigrams only, a unigram only for a one-character run.
        case query
    }

    /// One token as handed to the index.
    public struct Token: Hashable, Sendable, CustomStringConvertible {
        public var text: String
        /// Byte range in the original text.
        public var start: Int
        public var end: Int
        /// True when the token shares the previous token's position.
        public var colocated: Bool

        public init(text: String, start: Int, end: Int, colocated: Bool = false) {
            self.text = text
            self.start = start
            self.end = end
            self.colocated = colocated
        }

        public var description: String { colocated ? "+\(text)" : text }
    }

    public var mode: Mode

    public init(mode: Mode) { self.mode = mode }

    /// Tokenizes `text`, calling `emit(tokenBytes, start, end, colocated)` for each token.
    /// `emit` returns false to stop early (the index engine asked to stop).
    @inlinable
    public func tokenize(
        _ text: UnsafeBufferPointer<UInt8>,
        _ emit: (UnsafeBufferPointer<UInt8>, Int, Int, Bool) -> Bool
    ) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var wordStart = 0, wordEnd = 0
        var wordIsDigits = false
        // The previous character of the current CJK run, as UTF-8, and its range.
        var prev: [UInt8] = []
        prev.reserveCapacity(4)
        var prevStart = 0, prevEnd = 0
        var runLength = 0
        var pair: [UInt8] = []
        pair.reserveCapacity(8)
        var stopped = false
        let documentMode = mode == .document

        func flushWord() {
            guard !word.isEmpty else { return }
            if !stopped {
                stopped = !word.withUnsafeBufferPointer { emit($0, wordStart, wordEnd, false) }
            }
            word.removeAll(keepingCapacity: true)
        }
        func flushRun() {
            guard runLength > 0 else { return }
            if !stopped && (runLength == 1 || documentMode) {
                stopped = !prev.withUnsafeBufferPointer { emit($0, prevStart, prevEnd, runLength > 1) }
            }
            runLength = 0
        }

        FoldedScanner.scan(text) { v, cls, start, end in
            if stopped { return }
            switch cls {
            case .cjk:
                flushWord()
                if runLength > 0 {
                    pair.removeAll(keepingCapacity: true)
                    pair.append(contentsOf: prev)
                    appendUTF8(v, to: &pair)
                    stopped = !pair.withUnsafeBufferPointer { emit($0, prevStart, end, false) }
                }
                prev.removeAll(keepingCapacity: true)
                appendUTF8(v, to: &prev)
                prevStart = start
                prevEnd = end
                runLength += 1
            case .word:
                flushRun()
                let digit = FoldedScanner.isDigit(v)
                if !word.isEmpty && digit != wordIsDigits { flushWord() }
                if word.isEmpty { wordStart = start; wordIsDigits = digit }
                appendUTF8(v, to: &word)
                wordEnd = end
            case .mark:
                flushRun()
                flushWord()
                pair.removeAll(keepingCapacity: true)
                appendUTF8(v, to: &pair)
                stopped = !pair.withUnsafeBufferPointer { emit($0, start, end, false) }
            case .separator:
                flushRun()
                flushWord()
            }
        }
        flushRun()
        flushWord()
    }

    /// The tokens of a Swift string (tests, query building, benchmarks).
    public func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var copy = text
        copy.withUTF8 { buffer in
            tokenize(buffer) { bytes, start, end, colocated in
                out.append(Token(text: String(decoding: bytes, as: UTF8.self), start: start, end: end, colocated: colocated))
                return true
            }
        }
        return out
    }
}

@inlinable
func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
    if v < 0x80 {
        out.append(UInt8(v))
    } else if v < 0x800 {
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}
