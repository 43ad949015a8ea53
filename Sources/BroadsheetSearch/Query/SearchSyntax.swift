import BroadsheetCore

/// The query language, as shown by `broadsheet search --help`, the README and the web
/// reader's search page.
public enum SearchSyntax {
    /// The examples and what each means, in table order.
    public static let rows: [(example: String, meaning: String)] = [
        ("台州红云", "every article containing the string; 1 or more characters, exact"),
        ("机关 党建", "several terms: all must occur (AND)"),
        ("\"南京市长江大桥\"", "exact phrase (also “…”)"),
        ("红云 OR 红星", "either term"),
        ("党建 -会议", "exclude articles containing a term"),
        ("(红云 OR 红星) 台州", "parentheses group"),
        ("title:红云", "the term in the headline, kicker or subtitle"),
        ("paper:rmrb", "paper by slug or name (paper:人民日报); repeat for either paper"),
        ("page:5  page:1..4", "page number (版次) or range"),
        ("section:要闻", "page name (版名)"),
        ("date:2019", "a year, a month (date:2019-11), a day (date:2019-11-25)"),
        ("date:2019-11-01..2019-12-31", "a range; either end may be left open (date:2019-11..)"),
        ("byline:刘峰", "credited as reporter, writer or photographer (本报记者  刘  峰, 刘峰摄)"),
        ("place:北京", "the place of a dateline (本报北京5月16日电)"),
        ("agency:新华社", "copy or photos from an agency (新华社北京5月16日电, 新华社发)"),
    ]

    /// The rules beside the table, one paragraph.
    public static let notes = """
        Filters (paper:, page:, section:, date:, byline:, place:, agency:) may be excluded with '-', but not put \
        inside OR or parentheses. Matching ignores case, full-/half-width forms and \
        traditional vs simplified characters (機關黨建 finds 机关党建). Traditional forms \
        that are simplified characters too (著 乾 俱 後…) are themselves in a one-character \
        query (著 does not find 着) and also count in longer ones (看着 finds 看著). \
        Punctuation and spaces inside a phrase match any punctuation or spacing, but a \
        decimal point, a percent sign and the title marks 《》〈〉 must be in the text where \
        the query has them (1.10 does not find 1—10, 101% not 101期, 《名录》 not a bare \
        名录; 101 finds both). The text's bylines and jump lines are searched with its body. \
        Latin words and numbers match whole words (2019 does not match 20190; GDP matches \
        GDP1万). Relevance is BM25 with the headline above the body. When more than 2000 \
        articles match, the 2000 most recently added are ranked and the rest follow, newest \
        added first; a one-character query matching that many lists newest added first. \
        The total and the set of articles found are always exact.
        """

    /// The width help text is laid out for, in terminal columns.
    public static let columns = 78

    /// Help text for the query language: the table with its columns lined up by display width
    /// (a Chinese character takes two columns), every line within `columns`.
    public static let help: String = {
        let exampleColumns = 24
        var lines = ["Query language"]
        for (example, meaning) in rows {
            let wrapped = DisplayWidth.wrap(meaning, columns: columns - 2 - exampleColumns)
            if DisplayWidth.of(example) < exampleColumns {
                lines.append("  " + DisplayWidth.pad(example, to: exampleColumns) + wrapped[0])
                lines += wrapped.dropFirst().map { String(repeating: " ", count: 2 + exampleColumns) + $0 }
            } else {
                lines.append("  " + example)
                lines += wrapped.map { String(repeating: " ", count: 2 + exampleColumns) + $0 }
            }
        }
        lines += DisplayWidth.wrap(notes, columns: columns)
        return lines.joined(separator: "\n")
    }()
}
