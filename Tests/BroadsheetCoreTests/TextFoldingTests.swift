import BroadsheetCore
import Testing

@Suite("Folding for matching")
struct TextFoldingTests {
    @Test("folds", arguments: [
        ("機關黨建", "机关党建"),
        ("ＡＢＣ１２３", "abc123"),
        ("，", ","),
        ("（上接第一版）", "(上接第一版)"),
        ("\u{3000}\u{3000}正文", "  正文"),
        ("a\u{00A0}b", "a b"),
        ("臺灣發展", "台湾发展"),
        ("机关党建", "机关党建"),
        ("COVID-19", "covid-19"),
    ])
    func fold(_ c: (String, String)) {
        #expect(TextFolding.fold(c.0) == c.1)
    }

    @Test("CJK runs are the letters of their blocks by Unicode general category, not their punctuation")
    func cjkByCategory() {
        let letters: Set<Unicode.GeneralCategory> = [.otherLetter, .modifierLetter, .letterNumber]
        let blocks: [ClosedRange<UInt32>] = [0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xAC00...0xD7AF, 0x3007...0x3007]
        var wrong: [String] = []
        for block in blocks {
            for v in block {
                guard let scalar = Unicode.Scalar(v), scalar.properties.generalCategory != .unassigned else { continue }
                if TextFolding.isCJK(v) != letters.contains(scalar.properties.generalCategory) {
                    wrong.append(String(v, radix: 16))
                }
            }
        }
        #expect(wrong.isEmpty, "classified against their category: \(wrong.prefix(20))")
        #expect(!TextFolding.isCJK(0x30FB))
        #expect(TextFolding.comparisonKey("汤姆・摩尔") == TextFolding.comparisonKey("汤姆·摩尔"))
        #expect(TextFolding.comparisonKey("汤姆･摩尔") == TextFolding.comparisonKey("汤姆 摩尔"))
    }

    @Test("traditional forms that are simplified characters themselves are not folded; longer queries still reach them")
    func ambiguousForms() {
        // Never simplified characters themselves: folded.
        #expect(TextFolding.fold("機關黨建幹部") == "机关党建干部")
        // Simplified characters in their own right (著名, 乾隆, 俱乐部, 傍晚): kept.
        #expect(TextFolding.fold("著乾俱傍") == "著乾俱傍")
        // A query of one character is only itself; a longer one also stands for the kept forms.
        #expect(TextFolding.queryVariants("著") == ["著"])
        #expect(TextFolding.queryVariants("干") == ["干"])
        #expect(TextFolding.queryVariants("看着").contains("看著"))
        #expect(TextFolding.queryVariants("看着").first == "看着")
        #expect(TextFolding.queryVariants("机关") == ["机关"])
        // Expansion is bounded.
        #expect(TextFolding.queryVariants(String(repeating: "着干后", count: 10)).count <= 16)
    }

    @Test("comparison keys ignore punctuation, spaces, width and script")
    func comparisonKey() {
        #expect(TextFolding.comparisonKey("让党中央放心,让人民群众满意。") == TextFolding.comparisonKey("让党中央放心，让人民群众满意"))
        #expect(TextFolding.comparisonKey("　　機關 黨建！") == TextFolding.comparisonKey("机关党建"))
        #expect(TextFolding.comparisonKey("机关党建") != TextFolding.comparisonKey("机关党员"))
    }

    @Test("paper slugs are pinyin initials")
    func slugs() {
        #expect(PaperSlug.make(from: "人民日报") == "rmrb")
        #expect(PaperSlug.make(from: "浙江日报") == "zjrb")
        #expect(PaperSlug.make(from: "China Daily") == "china-daily")
    }

    @Test("dates")
    func dates() {
        #expect(IssueDate("2019-11-25")?.chineseWeekday == "星期一")
        #expect(IssueDate("20200229") != nil)
        #expect(IssueDate("2019-02-29") == nil)
        #expect(IssueDate("2019-13-01") == nil)
        #expect(IssueDate("2019-1-01") == nil)
        #expect(IssueDate("2019-11-25")?.chinese == "2019年11月25日")
    }
}
