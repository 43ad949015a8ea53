import BroadsheetCore
import Testing

@Suite("Edition-text export")
struct EditionTextFormatTests {
    @Test("the seed reads into one record with kicker-less headline, subtitle, page and trailer fields")
    func seed() throws {
        let r = try EditionTextFormat.parse(Fixtures.seedText, file: "seed.txt")
        #expect(r.paperName == "浙江日报")
        #expect(r.date == IssueDate("2019-11-25"))
        #expect(r.page == PageRef(number: 1, label: "01", name: "要闻"))
        #expect(r.headline == "奋进在新时代的大路上")
        #expect(r.subtitle == "——我省推动新时代机关党建高质量发展纪事")
        #expect(r.kicker == nil)
        #expect(r.sourceID == "20102773")
        #expect(r.extra["trailerCount"] == "2")
        #expect(r.source.text == Fixtures.seedText)
        // The jump out and the jump in, with the repeated headline kept out of the body.
        let jumps = r.blocks.compactMap { b -> Jump? in if case .jump(let j) = b { return j } else { return nil } }
        #expect(jumps.map(\.direction) == [.continuesOn, .continuedFrom])
        #expect(jumps.map(\.pageNumber) == [5, 1])
        #expect(jumps[1].repeatedHeadline == "奋进在新时代的大路上")
        #expect(r.blocks.contains(.subhead("一种站位")))
        #expect(r.blocks.contains(.paragraph("一本书的力量有多大?")))
        #expect(!r.blocks.contains(.paragraph("奋进在新时代的大路上")))
    }

    @Test("a rendered article reads back to the same fields")
    func renderReadsBack() throws {
        let r = try EditionTextFormat.parse(Fixtures.seedText, file: "seed.txt")
        let (articles, _) = Stitcher.stitch([r], paper: Paper(name: "浙江日报"))
        let rendered = EditionTextFormat.render(articles[0])
        let again = try EditionTextFormat.parse(rendered, file: "rendered.txt")
        #expect(again.headline == r.headline)
        #expect(again.subtitle == r.subtitle)
        #expect(again.blocks == r.blocks)
        #expect(again.date == r.date)
    }

    /// Mutations of the seed that must fail, with the line the error must name.
    static let badInputs: [(name: String, mutate: @Sendable (String) -> String, line: Int, mentions: String)] = [
        ("trailer headline disagrees", { $0.replacingOccurrences(of: "要闻 00001 奋进在新时代的大路上", with: "要闻 00001 奋进在新时代") }, 95, "奋进在新时代"),
        ("weekday disagrees", { $0.replacingOccurrences(of: "星期一", with: "星期二") }, 95, "星期二"),
        ("impossible date", { $0.replacingOccurrences(of: "2019-11-25 20102773 2 2019年11月25日", with: "2019-02-30 20102773 2 2019年2月30日") }, 95, "2019-02-30"),
        ("Chinese date disagrees", { $0.replacingOccurrences(of: "2019年11月25日", with: "2019年11月26日") }, 95, "2019年11月26日"),
        ("trailer missing", { s in String(s[..<s.range(of: "\n\n\n浙江日报 要闻 00001")!.lowerBound]) }, 92, "trailer"),
        ("trailer paper disagrees", { $0.replacingOccurrences(of: "浙江日报 要闻 00001", with: "杭州日报 要闻 00001") }, 95, "杭州日报"),
        ("page header malformed", { $0.replacingOccurrences(of: "00001版:要闻", with: "第一版 要闻") }, 4, "第一版"),
        ("trailer page name disagrees", { $0.replacingOccurrences(of: "00001版:要闻", with: "00001版:国际") }, 95, "国际"),
    ]

    @Test("bad records fail naming the line and the text", arguments: badInputs.indices)
    func badInput(_ i: Int) {
        let c = Self.badInputs[i]
        let text = c.mutate(Fixtures.seedText)
        #expect(text != Fixtures.seedText, "the mutation \(c.name) must change the text")
        do {
            _ = try EditionTextFormat.parse(text, file: "bad.txt")
            Issue.record("\(c.name): accepted")
        } catch let e as FormatError {
            #expect(e.file == "bad.txt")
            #expect(e.line == c.line, "\(c.name): \(e)")
            #expect(e.description.contains(c.mentions), "\(c.name): \(e)")
        } catch {
            Issue.record("\(c.name): unexpected \(error)")
        }
    }

    @Test("empty, binary and invalid UTF-8 input is refused with a line number")
    func undecodable() {
        #expect(throws: FormatError.self) { try InputText.decode([], file: "empty.txt") }
        let binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]
        #expect(throws: FormatError.self) { try InputText.decode(binary, file: "x.png") }
        var invalid = Array("浙江日报 数字报纸\n\n\n00001版:要闻\n".utf8)
        invalid += [0xE6, 0xB5]  // a truncated character
        invalid += Array("\n".utf8)
        do {
            _ = try InputText.decode(invalid, file: "bad-utf8.txt")
            Issue.record("invalid UTF-8 accepted")
        } catch let e as FormatError {
            #expect(e.line == 5)
            #expect(e.description.contains("E6 B5"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
