import BroadsheetSearch

extension SearchQueryError {
    /// What is wrong, for a reader of the Chinese site, with the position when known.
    var chinese: String {
        let text: String
        switch kind {
        case .tooLong(let limit): text = "检索式太长（最多 \(limit) 个字符）。"
        case .empty: text = "检索式是空的：请输入词语、短语，或 date:2019-11 这样的筛选条件。"
        case .nothingToSearch: text = "检索式里没有可检索的内容：请使用汉字、字母或数字。"
        case .onlyExclusions: text = "检索式不能只有排除项：请加上要检索的词或筛选条件，例如 党建 -会议。"
        case .groupOnlyExcludes: text = "括号里不能只有排除项：请在 - 项旁边加上要检索的词。"
        case .unterminatedQuote: text = "引号没有闭合：请补上结尾的引号。"
        case .danglingMinus: text = "“-”后面要紧跟要排除的词，例如 -会议。"
        case .minusBeforeOr: text = "“-”不能放在 OR 前面。"
        case .unknownField(let name): text = "没有“\(name):”这个字段。可用字段是 title:、paper:、page:、section:、date:、byline:、place: 和 agency:；要检索含冒号的文字，请加引号。"
        case .fieldNeedsValue(let field): text = "“\(field):”后面需要一个值，例如 \(Self.example(field))。"
        case .misplacedOr: text = "OR 要放在两个词之间，例如 红云 OR 红星。"
        case .orSideOnlyExcludes: text = "OR 的每一边都要有要检索的词，不能只有 - 项。"
        case .orSideEmpty: text = "OR 的每一边都要有汉字、字母或数字。"
        case .filterWithOr: text = "筛选条件（paper:、page:、section:、date:、byline:、place:、agency:）不能和 OR 并用，请写在外面，例如 （红云 OR 红星） date:2019。"
        case .filterInParentheses: text = "筛选条件（paper:、page:、section:、date:、byline:、place:、agency:）不能写在括号里，请写在括号外。"
        case .unmatchedClose: text = "多了一个“)”：请删掉它，或在前面补上“(”。"
        case .unclosedParenthesis: text = "缺少“)”：这里的“(”没有闭合。"
        case .emptyParentheses: text = "括号是空的：请在里面写上词，或删掉括号。"
        case .emptyPhrase: text = "引号里是空的：请在引号之间写上词语。"
        case .phraseWithoutText(let p): text = "短语“\(p)”里没有汉字、字母或数字。"
        case .titleWithoutText(let v): text = "“title:\(v)”里没有汉字、字母或数字。"
        case .badPage(let v): text = "“page:\(v)”不是版次：请写 page:5 这样的数字，或 page:1..4 这样的范围。"
        case .badDate(let v): text = "“date:\(v)”不是日期：请写 date:2019、date:2019-11、date:2019-11-25，或 date:2019-11-01..2019-12-31 这样的范围。"
        case .reversedDates(let v): text = "“date:\(v)”的结束日期早于开始日期：请把较早的日期放在前面。"
        }
        if let position { return "\(text)（第 \(position) 个字符处）" }
        return text
    }
}
