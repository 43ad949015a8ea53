import BroadsheetCore
import Testing

@testable import BroadsheetWeb

@Suite("Jump lines as links")
struct JumpTextTests {
    @Test("the brackets around a jump line go, of either width, so it reads as a link", arguments: [
        ("(下转第五版)", "下转第五版"), ("（下转第五版）", "下转第五版"), ("　（上接第一版）　", "上接第一版"), ("下转第A5版", "下转第A5版"),
    ])
    func stripsBrackets(line: String, expected: String) {
        let jump = Jump(direction: .continuesOn, pageLabel: "5", pageNumber: 5, text: line)
        #expect(ArticleController.jumpText(jump) == expected)
    }
}
