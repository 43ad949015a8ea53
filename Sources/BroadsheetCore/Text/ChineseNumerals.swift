/// Reading of the small Chinese numerals used for page numbers (第五版, 第十二版, 第二十四版).
public enum ChineseNumerals {
    private static let digits: [Character: Int] = [
        "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
        "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// The value of `text`, written in Arabic digits or Chinese numerals below 1000; nil otherwise.
    public static func value(of text: some StringProtocol) -> Int? {
        if text.isEmpty { return nil }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(text) }
        var total = 0
        var current = 0
        for ch in text {
            if let d = digits[ch] {
                current = current * 10 + d
            } else if ch == "十" {
                total += max(current, 1) * 10
                current = 0
            } else if ch == "百" {
                total += max(current, 1) * 100
                current = 0
            } else {
                return nil
            }
        }
        return total + current
    }
}
