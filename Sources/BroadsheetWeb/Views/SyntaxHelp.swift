/// The query language for readers of the Chinese site: the same rules as `SearchSyntax.help`
/// (which the command line prints), worded in Chinese and laid out as a table, so the columns
/// line up whatever the font.
enum SyntaxHelp {
    struct Row { var example: String; var meaning: String }

    static let rows: [Row] = [
        Row(example: "台州红云", meaning: "含有这串文字的每一篇文章；一个字或多个字，精确匹配"),
        Row(example: "机关 党建", meaning: "几个词同时出现（与）"),
        Row(example: "\"南京市长江大桥\"", meaning: "完整短语（也可用“…”）"),
        Row(example: "红云 OR 红星", meaning: "任一词出现（或）"),
        Row(example: "党建 -会议", meaning: "排除含有某词的文章"),
        Row(example: "(红云 OR 红星) 台州", meaning: "用括号组合"),
        Row(example: "title:红云", meaning: "词出现在标题、引题或副题中"),
        Row(example: "paper:rmrb", meaning: "报纸，写代号或报名（paper:人民日报）；可重复，表示任一报纸"),
        Row(example: "page:5  page:1..4", meaning: "版次或版次范围"),
        Row(example: "section:要闻", meaning: "版名"),
        Row(example: "date:2019", meaning: "年份、月份（date:2019-11）或某一天（date:2019-11-25）"),
        Row(example: "date:2019-11-01..2019-12-31", meaning: "日期范围；一端可以空着（date:2019-11..）"),
        Row(example: "byline:刘峰", meaning: "署名的记者、作者或摄影者（本报记者  刘  峰、刘峰摄）"),
        Row(example: "place:北京", meaning: "电头的地点（本报北京5月16日电）"),
        Row(example: "agency:新华社", meaning: "来自通讯社的稿件或图片（新华社北京5月16日电、新华社发）"),
    ]

    static let notes: [String] = [
        "筛选条件（paper:、page:、section:、date:、byline:、place:、agency:）可以用“-”排除，但不能放在 OR 或括号里。",
        "匹配时不区分大小写、全角半角和繁简体（機關黨建 可以找到 机关党建）。本身也是简体字的繁体字形（著、乾、俱、後……）在单字检索时只找它自己（著 不会找到 着），在多字检索中也算数（看着 可以找到 看著）。",
        "短语中的标点和空格可以匹配任何标点或空白，但小数点、百分号和书名号《》〈〉必须与检索式一致（1.10 不会找到 1—10，101% 不会找到 101期，《名录》不会找到不带书名号的 名录；101 两者都能找到）。作者署名、转版提示与正文一起检索。拉丁字母和数字按整词匹配（2019 不会匹配 20190；GDP 可以匹配 GDP1万）。",
        "按相关度排序时，标题中的匹配排在正文之前。超过 2000 篇匹配时，只对最近加入的 2000 篇按相关度排序，其余按加入时间从新到旧排在后面；匹配总数和所找到的文章始终是精确的。",
    ]
}
