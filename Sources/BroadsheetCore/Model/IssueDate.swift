import Foundation

/// A calendar date of an edition, without time or zone.
public struct IssueDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date that exists in the proleptic Gregorian calendar, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= IssueDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (ISO) or `YYYYMMDD`.
    public init?(_ text: some StringProtocol) {
        // `YYYY-MM-DD`, as the archive stores dates: read from the bytes, as every hit of a
        // search or an export has one.
        let u = Array(text.utf8)
        if u.count == 10, u[4] == 0x2D, u[7] == 0x2D,
           u.indices.allSatisfy({ $0 == 4 || $0 == 7 || (u[$0] >= 0x30 && u[$0] <= 0x39) }) {
            func n(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 0x30) } }
            self.init(year: n(0..<4), month: n(5..<7), day: n(8..<10))
            return
        }
        let s = String(text)
        let digits = s.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if s.contains("-") {
            let parts = s.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
        }
        let y = Int(digits.prefix(4))!, m = Int(digits.dropFirst(4).prefix(2))!, d = Int(digits.suffix(2))!
        self.init(year: y, month: m, day: d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2019-11-25`.
    public var description: String {
        year.zeroPadded(to: 4) + "-" + month.zeroPadded(to: 2) + "-" + day.zeroPadded(to: 2)
    }

    /// `20191125`.
    public var compact: String {
        year.zeroPadded(to: 4) + month.zeroPadded(to: 2) + day.zeroPadded(to: 2)
    }

    /// `2019年11月25日`, as printed in the edition-text trailer.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// 0 = Sunday … 6 = Saturday (Zeller's congruence, Gregorian).
    public var weekday: Int {
        var y = year, m = month
        if m < 3 { m += 12; y -= 1 }
        let k = y % 100, j = y / 100
        let h = (day + (13 * (m + 1)) / 5 + k + k / 4 + j / 4 + 5 * j) % 7
        return (h + 6) % 7
    }

    /// `星期一` … `星期日`.
    public var chineseWeekday: String {
        ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"][weekday]
    }

    public static func < (a: IssueDate, b: IssueDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = IssueDate(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a date: \(s)")
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
