import BroadsheetCore
import Testing

@Suite("Jump lines")
struct JumpLineTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var line: String
        var direction: JumpDirection
        var label: String
        var number: Int
        var testDescription: String { line }
    }

    static let wholeLines: [Case] = [
        Case(line: "(下转第五版)", direction: .continuesOn, label: "5", number: 5),
        Case(line: "(上接第一版)", direction: .continuedFrom, label: "1", number: 1),
        Case(line: "（下转第五版）", direction: .continuesOn, label: "5", number: 5),
        Case(line: "（上接第一版）", direction: .continuedFrom, label: "1", number: 1),
        Case(line: "下转第五版", direction: .continuesOn, label: "5", number: 5),
        Case(line: "上接第一版", direction: .continuedFrom, label: "1", number: 1),
        Case(line: "(下转第十二版)", direction: .continuesOn, label: "12", number: 12),
        Case(line: "(上接第二十四版)", direction: .continuedFrom, label: "24", number: 24),
        Case(line: "(下转第十版)", direction: .continuesOn, label: "10", number: 10),
        Case(line: "(下转第5版)", direction: .continuesOn, label: "5", number: 5),
        Case(line: "（下转第１２版）", direction: .continuesOn, label: "12", number: 12),
        Case(line: "(下转第A5版)", direction: .continuesOn, label: "A5", number: 5),
        Case(line: "（上接第Ａ３版）", direction: .continuedFrom, label: "A3", number: 3),
        Case(line: "(转第5版)", direction: .continuesOn, label: "5", number: 5),
        Case(line: "(接第1版)", direction: .continuedFrom, label: "1", number: 1),
        Case(line: "（转第三版）", direction: .continuesOn, label: "3", number: 3),
        Case(line: "（接第三版）", direction: .continuedFrom, label: "3", number: 3),
        Case(line: "( 下转第五版 )", direction: .continuesOn, label: "5", number: 5),
        Case(line: "(下转 第 5 版)", direction: .continuesOn, label: "5", number: 5),
        Case(line: "(上接第二版)", direction: .continuedFrom, label: "2", number: 2),
        Case(line: "下转第B12版", direction: .continuesOn, label: "B12", number: 12),
        Case(line: "(下转第二十版)", direction: .continuesOn, label: "20", number: 20),
        Case(line: "(上接第一〇版)", direction: .continuedFrom, label: "10", number: 10),
    ]

    @Test("a whole line is a jump", arguments: wholeLines)
    func wholeLine(_ c: Case) throws {
        let jump = try #require(JumpLine.parseWhole(c.line))
        #expect(jump.direction == c.direction)
        #expect(jump.pageLabel == c.label)
        #expect(jump.pageNumber == c.number)
        #expect(jump.text == c.line)
    }

    static let inline: [(String, String, JumpDirection, Int, String)] = [
        ("这是正文的最后一句。(下转第五版)", "这是正文的最后一句。", .continuesOn, 5, ""),
        ("（上接第一版）接着讲下去。", "", .continuedFrom, 1, "接着讲下去。"),
        ("正文。（下转第２版）", "正文。", .continuesOn, 2, ""),
    ]

    @Test("a bracketed jump inside a paragraph is split out", arguments: inline)
    func inlineJump(_ c: (String, String, JumpDirection, Int, String)) throws {
        let (before, jump, after) = try #require(JumpLine.parseInline(c.0))
        #expect(before == c.1)
        #expect(jump.direction == c.2)
        #expect(jump.pageNumber == c.3)
        #expect(after == c.4)
    }

    static let notJumps = [
        "流转第三方平台的资金", "转第", "（转载自新华社）", "下转", "第五版", "接第版", "(下转第零版)",
    ]

    @Test("ordinary text is not a jump", arguments: notJumps)
    func notJump(_ line: String) {
        #expect(JumpLine.parseWhole(line) == nil)
        #expect(JumpLine.parseInline(line) == nil)
    }

    @Test("Chinese numerals", arguments: [("五", 5), ("十", 10), ("十二", 12), ("二十", 20), ("二十四", 24), ("一百零五", 105), ("12", 12), ("一〇", 10)])
    func numerals(_ c: (String, Int)) {
        #expect(ChineseNumerals.value(of: c.0) == c.1)
    }
}
