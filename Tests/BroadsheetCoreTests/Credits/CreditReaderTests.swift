import BroadsheetCore
import Testing

/// The forms of credit People's Daily and Zhejiang Daily print, one line each.
@Suite struct CreditReaderTests {
    static func read(_ lines: String...) -> Credits {
        CreditReader.read(lines: lines)
    }

    @Test func datelineWithReportersInParentheses() {
        let c = Self.read("　　本报北京1月5日电  （记者贺勇、王昊男）北京市今年将……")
        #expect(c == Credits(authors: ["贺勇", "王昊男"], places: ["北京"]))
    }

    @Test func agencyDatelines() {
        #expect(Self.read("新华社巴黎10月22日电  （记者胡雪）法国……") == Credits(authors: ["胡雪"], places: ["巴黎"], agencies: ["新华社"]))
        #expect(Self.read("据新华社电  （记者陈凯姿）在海南省……") == Credits(authors: ["陈凯姿"], agencies: ["新华社"]))
        #expect(Self.read("新华社北京1月4日电　　1月4日晚，国务院……") == Credits(places: ["北京"], agencies: ["新华社"]))
        #expect(Self.read("（新华社北京1月5日电  记者朱基钗）") == Credits(authors: ["朱基钗"], places: ["北京"], agencies: ["新华社"]))
        #expect(Self.read("（本报柏林１月２１日电）") == Credits(places: ["柏林"]))
        #expect(Self.read("（本报莫斯科、布鲁塞尔1月13日电）") == Credits(places: ["莫斯科", "布鲁塞尔"]))
        #expect(Self.read("本报海口10月23日电  （记者朱荣鹏、人民网记者毛雷）") == Credits(authors: ["朱荣鹏", "毛雷"], places: ["海口"], agencies: ["人民网"]))
    }

    @Test func bylineLinesJoinPaddedNames() {
        #expect(Self.read("本报记者  王乐文  高  炳") == Credits(authors: ["王乐文", "高炳"]))
        #expect(Self.read("本报记者 孙 超") == Credits(authors: ["孙超"]))
        #expect(Self.read("本报记者  王某  本报通讯员  李  四") == Credits(authors: ["王某", "李四"]))
        #expect(Self.read("本报评论员") == Credits(authors: ["本报评论员"]))
        #expect(Self.read("本报记者 柯仲甲采访整理") == Credits(authors: ["柯仲甲"]))
    }

    @Test func photoCredits() {
        #expect(Self.read("陈文武摄（影像中国）") == Credits(photographers: ["陈文武"]))
        #expect(Self.read("新华社记者  梁  旭摄") == Credits(photographers: ["梁旭"], agencies: ["新华社"]))
        #expect(Self.read("图为国庆期间，海南三亚迎来客流高峰。  本报记者  殷新宇摄") == Credits(photographers: ["殷新宇"]))
        #expect(Self.read("刘新吾  何  超摄影报道") == Credits(photographers: ["刘新吾", "何超"]))
        #expect(Self.read("王某摄（新华社发）") == Credits(photographers: ["王某"], agencies: ["新华社"]))
        #expect(Self.read("队员们在训练（见图，新华社记者戚恒摄）。") == Credits(photographers: ["戚恒"], agencies: ["新华社"]))
    }

    @Test func closingCredits() {
        #expect(Self.read("（本报记者彭波、徐隽、张璁）") == Credits(authors: ["彭波", "徐隽", "张璁"]))
        #expect(Self.read("（综合本报记者贺广华、田豆豆报道）") == Credits(authors: ["贺广华", "田豆豆"]))
        #expect(Self.read("（作者为墨西哥前总统，本报记者王迪采访整理）") == Credits(authors: ["王迪"]))
        #expect(Self.read("（李清华参与采写）") == Credits(authors: ["李清华"]))
        #expect(Self.read("（参与记者：田颖、唐璐、刘春涛）") == Credits(authors: ["田颖", "唐璐", "刘春涛"]))
    }

    @Test func mentionsInRunningTextAreNotCredits() {
        #expect(Self.read("记者了解到，“强基计划”主要选拔有志于服务国家重大战略需求的学生。").isEmpty)
        #expect(Self.read("记者手记").isEmpty)
        #expect(Self.read("用事实和数据说话（记者手记）").isEmpty)
        #expect(Self.read("开罗大学政治学教授霍斯尼在接受本报记者采访时表示，……").isEmpty)
        #expect(Self.read("（作者为本报记者）").isEmpty)
        #expect(Self.read("本版制图：蔡华伟").isEmpty)
        #expect(Self.read("合作社去年发电量增长三成。").isEmpty)
        #expect(Self.read("（相关报道见第十版）").isEmpty)
    }

    @Test func anArticleIsReadFromItsBylinesAndBody() {
        let article = Article(
            id: "x", paper: Paper(name: "人民日报"), date: IssueDate("2019-10-08")!, headline: "h",
            bylines: ["本报记者  王乐文  高  炳"],
            blocks: [.paragraph("本报北京10月7日电  正文。"), .subhead("小标题"), .paragraph("陈文武摄")], placements: [])
        #expect(CreditReader.read(article) == Credits(authors: ["王乐文", "高炳"], photographers: ["陈文武"], places: ["北京"]))
    }
}
