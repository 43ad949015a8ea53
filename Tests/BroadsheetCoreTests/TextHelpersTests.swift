import BroadsheetCore
import Foundation
import Testing

@Suite("Text helpers")
struct TextHelpersTests {
    @Test("line breaks found from UTF-8 bytes are the Characters that are newlines", arguments: [
        "", "台州红云", "一\n二", "一\r\n二", "\r", "\u{0B}", "\u{0C}", "引号“”破折号——省略号……", "a\u{85}b", "行\u{2028}分", "段\u{2029}落",
        "\u{2027}\u{202A}", "é", "¥100", "\u{A0}", "😀", "a,b\"c",
    ])
    func lineBreaks(_ text: String) {
        #expect(text.utf8.containsLineBreakUTF8 == text.contains(where: \.isNewline))
    }

    @Test("zero padding is what the formatter writes", arguments: [0, 7, 42, 123, 2019, 12345, -5])
    func zeroPadded(_ n: Int) {
        #expect(n.zeroPadded(to: 2) == String(format: "%02d", n))
        #expect(n.zeroPadded(to: 4) == String(format: "%04d", n))
    }

    @Test("dates read from their bytes are the dates the general reading gives", arguments: [
        "2019-11-25", "20191125", "0001-01-01", "2019-02-30", "2019-13-01", "2019-1-125", "２019-11-25", "2019/11/25", "abcd-ef-gh", "",
    ])
    func dates(_ text: String) {
        let expected: IssueDate? = {
            let digits = text.filter { $0 != "-" }
            guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if text.contains("-") {
                let parts = text.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
            }
            return IssueDate(year: Int(digits.prefix(4))!, month: Int(digits.dropFirst(4).prefix(2))!, day: Int(digits.suffix(2))!)
        }()
        #expect(IssueDate(text) == expected)
        #expect(IssueDate(text)?.description == expected?.description)
    }

    @Test("fixed decimals are what the formatter writes", arguments: [
        0, 0.5, 1, 4.17, 666.67, 0.01, 12.345678, 3.14159265, 999.99999, 123456.7891, -2.5, .infinity, .nan, 1e20,
    ])
    func fixed(_ v: Double) {
        for digits in [0, 1, 2, 4] {
            #expect(v.fixed(digits: digits) == String(format: "%.\(digits)f", v), "\(v) to \(digits)")
        }
    }
}
