import BroadsheetCore
import Testing

@Suite("Stitching")
struct StitcherTests {
    let zjrb = Paper(name: "浙江日报")
    let rmrb = Paper(name: "人民日报")

    @Test("the merged seed becomes one article placed on pages 1 and 5")
    func seedMerged() throws {
        let r = try EditionTextFormat.parse(Fixtures.seedText, file: "seed.txt")
        let (articles, report) = Stitcher.stitch([r], paper: zjrb)
        #expect(articles.count == 1)
        let a = articles[0]
        #expect(a.id == "zjrb-20102773")
        #expect(a.placements.map(\.page.number) == [1, 5])
        #expect(a.placements[0].page.name == "要闻")
        #expect(a.placements[0].blockEnd == a.placements[1].blockStart)
        #expect(a.placements[1].blockEnd == a.blocks.count)
        // The page-5 part starts at the incoming jump line.
        guard case .jump(let j) = a.blocks[a.placements[1].blockStart] else {
            Issue.record("page 5 part does not start with a jump line")
            return
        }
        #expect(j.direction == .continuedFrom)
        #expect(report.jumpsLinked == 1)
        #expect(a.unresolvedJumps.isEmpty)
    }

    func crawl(_ name: String, _ lines: [String], paper: String = "人民日报") throws -> ParsedRecord {
        try CrawlFormat.parse(lines.joined(separator: "\r\n") + "\r\n", name: name, file: name, paperName: paper)
    }

    @Test("parts on separate records of the same edition are linked by page and headline")
    func separateParts() throws {
        let front = try crawl("20191125-01-02.txt", ["", "奋进在新时代的大路上", "", "　　第一部分的正文。", "　　（下转第五版）"])
        let back = try crawl("20191125-05-01.txt", ["", "奋进在新时代的大路上", "", "　　（上接第一版）", "　　第二部分的正文。"])
        let other = try crawl("20191125-05-02.txt", ["", "另一篇文章", "", "　　（上接第三版）", "　　与此无关的正文。"])
        let (articles, report) = Stitcher.stitch([back, other, front], paper: rmrb)
        #expect(articles.count == 2)
        let joined = try #require(articles.first { $0.headline == "奋进在新时代的大路上" })
        #expect(joined.placements.map(\.page.number) == [1, 5])
        #expect(joined.bodyText.contains("第一部分") && joined.bodyText.contains("第二部分"))
        #expect(joined.sources.map(\.name) == ["20191125-01-02.txt", "20191125-05-01.txt"])
        #expect(report.jumpsLinked == 1)
        // The jump whose other half never arrived is kept and reported.
        #expect(report.unresolved.count == 1)
        #expect(report.unresolved.first?.jump.pageNumber == 3)
        let lone = try #require(articles.first { $0.headline == "另一篇文章" })
        #expect(lone.blocks.contains { if case .jump = $0 { return true } else { return false } })
    }

    @Test("a story printed in full on two pages is one article with two placements")
    func printedTwice() throws {
        let body = "　　十月的北京，秋高气爽。庆祝中华人民共和国成立七十周年大会在天安门广场隆重举行，各界代表共同见证这一历史时刻。"
        let a = try crawl("20191003-01-05.txt", ["", "牢记初心使命 创造历史伟业", "", body])
        let b = try crawl("20191003-03-05.txt", ["", "牢记初心使命　创造历史伟业", "", body.replacingOccurrences(of: "，", with: ",")])
        let (articles, report) = Stitcher.stitch([a, b], paper: rmrb)
        #expect(articles.count == 1)
        #expect(articles[0].placements.map(\.page.number) == [1, 3])
        #expect(articles[0].sources.count == 2)
        #expect(report.duplicatesMerged == 1)
    }

    @Test("captions with the same one-word headline and placeholders are never merged")
    func differentStoriesStayApart() throws {
        let c1 = try crawl("20191009-03-04.txt", ["", "图片报道", "", "　　10月8日，游客在公园赏菊。", "　　新华社记者  张三摄"])
        let c2 = try crawl("20191009-05-04.txt", ["", "图片报道", "", "　　10月8日，工人在车间忙碌。", "　　本报记者  李四摄"])
        let ad1 = try crawl("20191009-11-05.txt", ["", "广告", ""])
        let ad2 = try crawl("20191009-12-05.txt", ["", "广告", ""])
        let (articles, report) = Stitcher.stitch([c1, c2, ad1, ad2], paper: rmrb)
        #expect(articles.count == 4)
        #expect(report.duplicatesMerged == 0)
    }

    @Test("identical text on the same page is not merged")
    func samePage() throws {
        let body = "　　这是一段足够长的正文，用来检验同一版面上的两篇相同稿件不会被合并成一篇文章。"
        let a = try crawl("20191010-04-01.txt", ["", "同一版面", "", body])
        let b = try crawl("20191010-04-02.txt", ["", "同一版面", "", body])
        #expect(Stitcher.stitch([a, b], paper: rmrb).articles.count == 2)
    }

    @Test("crawl files: lines 1–3 are kicker, headline, subtitle; bylines leave the body")
    func crawlFields() throws {
        let r = try crawl("20191001-01-01.txt", ["引题", "标题", "——副题", "　　本报记者  刘  峰", "　　正文第一段。"])
        #expect(r.kicker == "引题")
        #expect(r.headline == "标题")
        #expect(r.subtitle == "——副题")
        #expect(r.bylines == ["本报记者  刘  峰"])
        #expect(r.blocks == [.paragraph("正文第一段。")])
        #expect(r.page.number == 1 && r.order == 1)
    }

    @Test("crawl file names outside the pattern or with impossible dates are refused", arguments: [
        "2019103-01-01.txt", "20191003-1-01.txt", "20190230-01-01.txt", "notes.txt", "20191003-01-01.md",
    ])
    func badNames(_ name: String) {
        #expect(throws: FormatError.self) { try crawl(name, ["", "标题", "", "　　正文。"]) }
    }

    @Test("JSON Lines round trip keeps every field and the original bytes")
    func jsonl() throws {
        let r = try EditionTextFormat.parse(Fixtures.seedText, file: "seed.txt")
        let a = Stitcher.stitch([r], paper: zjrb).articles[0]
        let line = ArticleJSONL.line(a)
        #expect(!line.contains("\n"))
        let back = try ArticleJSONL.parse(line + "\n", file: "x.jsonl")
        #expect(back == [a])
        #expect(ArticleJSONL.line(back[0]) == line)
        #expect(Array(back[0].sources[0].text.utf8) == Fixtures.seedBytes)
    }

    @Test("malformed JSON Lines name the line")
    func badJSONL() throws {
        let r = try EditionTextFormat.parse(Fixtures.seedText, file: "seed.txt")
        let line = ArticleJSONL.line(Stitcher.stitch([r], paper: zjrb).articles[0])
        for bad in ["{\"id\": 1}", "not json", line.replacingOccurrences(of: "\"date\":\"2019-11-25\"", with: "\"date\":\"2019-11-31\"")] {
            do {
                _ = try ArticleJSONL.parse(line + "\n" + bad + "\n", file: "x.jsonl")
                Issue.record("accepted \(bad.prefix(30))")
            } catch let e as FormatError {
                #expect(e.line == 2)
            }
        }
    }
}
