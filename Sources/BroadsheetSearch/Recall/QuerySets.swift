import BroadsheetCore
import Foundation

/// Query sets for recall checks and benchmarks, by class: some fixed (known hard cases),
/// the rest drawn from the documents themselves with a seeded generator, so every run asks
/// the same questions and no expected count is written down anywhere.
public enum QuerySets {
    /// The classes the issue names.
    public static let classes = ["1-char", "2-char", "names", "long-phrases", "numbers", "fullwidth-latin", "traditional"]

    /// `docs` are articles as lists of folded UTF-8 fields; returns class → queries.
    public static func make(docs: [[[UInt8]]], rng: inout some RandomNumberGenerator, perClass: Int = 12) -> [(String, [String])] {
        // CJK runs and Latin/digit words of a few documents to draw from.
        var runs: [[Unicode.Scalar]] = []
        var numbers: [String] = []
        var latin: [String] = []
        for _ in 0..<min(400, docs.count) {
            guard let doc = docs.randomElement(using: &rng) else { break }
            for field in doc {
                let text = String(decoding: field, as: UTF8.self)
                var run: [Unicode.Scalar] = []
                var word = ""
                func flush() {
                    if run.count >= 2 { runs.append(run) }
                    run = []
                    if !word.isEmpty {
                        if word.allSatisfy({ $0.isASCII && $0.isNumber }) { numbers.append(word) }
                        else if word.allSatisfy({ $0.isASCII && $0.isLetter }) && word.count >= 2 { latin.append(word) }
                    }
                    word = ""
                }
                for s in text.unicodeScalars {
                    switch FoldedScanner.classify(s) {
                    case .cjk:
                        if !word.isEmpty { let r = run; flush(); run = r }
                        run.append(s)
                    case .word:
                        if !run.isEmpty { let w = word; flush(); word = w }
                        word.unicodeScalars.append(s)
                    case .separator, .mark:
                        flush()
                    }
                }
                flush()
            }
        }
        func sample(length: ClosedRange<Int>, count: Int) -> [String] {
            var out: [String] = []
            var tries = 0
            while out.count < count && tries < count * 50 {
                tries += 1
                guard let run = runs.randomElement(using: &rng) else { break }
                let n = Int.random(in: length, using: &rng)
                guard run.count >= n else { continue }
                let start = Int.random(in: 0...(run.count - n), using: &rng)
                var s = String.UnicodeScalarView()
                s.append(contentsOf: run[start..<(start + n)])
                out.append(String(s))
            }
            return out
        }
        let oneChar = ["的", "党", "桥", "云", "鑫", "〇"] + sample(length: 1...1, count: perClass - 6)
        let twoChar = ["红云", "市长", "京市", "长江", "州红"] + sample(length: 2...2, count: perClass - 5)
        let names = ["习近平", "李克强", "王毅", "张三", "钟南山", "刘峰"] + sample(length: 3...3, count: perClass - 6)
        let long = sample(length: 8...16, count: perClass)
        var nums = ["2019", "70", "5", "100", "1949", "5g"]
        nums += (0..<(perClass - nums.count)).compactMap { _ in numbers.randomElement(using: &rng) }
        var wide = ["ＧＤＰ", "５Ｇ", "ＷＴＯ", "ＡＰＰ", "ｗｉｆｉ", "ＣＥＯ", "２０１９"]
        wide += (0..<(perClass - wide.count)).compactMap { _ in latin.randomElement(using: &rng).map(fullWidth) }
        let traditional = ["機關黨建", "習近平", "經濟發展", "長江", "國務院"]
            + sample(length: 2...6, count: perClass - 5).compactMap { $0.applyingTransform(StringTransform("Simplified-Traditional"), reverse: false) }
        return [
            ("1-char", oneChar), ("2-char", twoChar), ("names", names), ("long-phrases", long),
            ("numbers", nums), ("fullwidth-latin", wide), ("traditional", traditional),
        ]
    }

    /// `gdp` → `ＧＤＰ`.
    public static func fullWidth(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.uppercased().unicodeScalars {
            if u.value >= 0x21 && u.value <= 0x7E, let w = Unicode.Scalar(u.value - 0x21 + 0xFF01) { out.append(w) } else { out.append(u) }
        }
        return String(out)
    }
}

/// A small deterministic generator (SplitMix64) so query sets are the same on every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
