import BroadsheetCore
import Testing

@Suite struct TextDiffTests {
    /// The old text is the kept and deleted runs; the new text the kept and inserted ones.
    static func sides(_ runs: [TextDiff.Run]) -> (String, String) {
        var old = "", new = ""
        for r in runs {
            switch r {
            case .same(let s): old += s; new += s
            case .deleted(let s): old += s
            case .inserted(let s): new += s
            }
        }
        return (old, new)
    }

    @Test func aCorrectionMarksOnlyWhatChanged() {
        let runs = TextDiff.runs(from: "国庆假期，消费火热。", to: "国庆假期，消费火热，收入超6000亿元。")
        #expect(runs == [.same("国庆假期，消费火热"), .deleted("。"), .inserted("，收入超6000亿元。")]
                || runs == [.same("国庆假期，消费火热"), .inserted("，收入超6000亿元"), .same("。")])
        let replaced = TextDiff.runs(from: "记者王昊男报道", to: "记者林丽鹂报道")
        #expect(replaced.first == .same("记者") && replaced.last == .same("报道"))
        #expect(Self.sides(replaced) == ("记者王昊男报道", "记者林丽鹂报道"))
    }

    @Test func bothTextsAreRecoveredFromTheRuns() {
        let pairs = [("", ""), ("", "新"), ("旧", ""), ("abc", "abc"), ("第一段\n第二段\n第三段", "第一段\n改过的第二段\n第三段\n第四段"),
                     (String(repeating: "甲乙", count: 3000), String(repeating: "乙甲", count: 3000))]
        for (a, b) in pairs {
            #expect(Self.sides(TextDiff.runs(from: a, to: b)) == (a, b), "\(a.prefix(10)) → \(b.prefix(10))")
        }
        #expect(TextDiff.runs(from: "同", to: "同") == [.same("同")])
    }
}
