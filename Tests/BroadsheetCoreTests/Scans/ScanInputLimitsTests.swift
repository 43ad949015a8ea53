import BroadsheetCore
import Foundation
import Testing

/// Inputs the fuzz targets (Fuzzing/) found that stopped the process or made an archive that
/// could not be exported and imported again. Each is now an error at its line, or read safely.
@Suite("Scan input limits")
struct ScanInputLimitsTests {
    /// Foundation's XMLParser on Linux crashes on each of these (a null pointer read as a
    /// string, a force-unwrapped name that is not UTF-8): they are refused before it sees them.
    @Test("XML the parser would crash on is refused at its line", arguments: [
        (Array("<x>\n<?a?>\n</x>".utf8), 2, "processing instruction without data"),
        (Array("<?xmCo?><alto xmlns=<?xm>-".utf8), 1, "processing instruction without data"),
        (Array("<x>\n".utf8) + [0x3C, 0x79, 0x20, 0x4C, 0x41, 0xFF, 0xFF, 0x3D, 0x22, 0x31, 0x22, 0x2F, 0x3E] + Array("</x>".utf8), 2, "invalid UTF-8"),
        (Array("<!DOCTYPE x [<!ENTITY e \"&#60;?a?&#62;\">]>\n<x>&e;</x>".utf8), 1, "internal subset"),
        (Array("<?xml version=\"1.0\" encoding=\"EBCDIC-US\"?>\n<x/>".utf8), 1, "only UTF-8"),
    ] as [([UInt8], Int, String)])
    func unreadableXML(bytes: [UInt8], line: Int, mentions: String) {
        let error = #expect(throws: FormatError.self) { try XMLTree.parse(Data(bytes), file: "fuzz.xml") }
        #expect(error?.line == line)
        #expect(error?.description.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test("a declaration, an external DTD and a processing instruction with data still read")
    func readableXML() throws {
        let xml = #"<?xml version="1.0" encoding="utf-8"?><!DOCTYPE unit SYSTEM "unit.dtd"><unit a="1"><?pi some data?>text</unit>"#
        let root = try XMLTree.parse(Data(xml.utf8), file: "unit.xml")
        #expect(root.name == "unit" && root["a"] == "1" && root.text == "text")
    }

    /// The page view scales word boxes to the image and converts them to `Int`: a box that is
    /// not a finite number within the page traps there. Such a word keeps its text, not its box.
    @Test("ALTO word boxes that are not finite or off the page are dropped, their words kept")
    func altoWordBoxes() throws {
        let alto = #"<alto><Layout><Page WIDTH="18200" HEIGHT="28872"><PrintSpace><TextBlock><TextLine>"#
            + #"<String CONTENT="Park" HPOS="nan" VPOS="964" WIDTH="444" HEIGHT="172"/>"#
            + #"<String CONTENT="City" HPOS="1320" VPOS="1e400" WIDTH="444" HEIGHT="172"/>"#
            + #"<String CONTENT="Record" HPOS="1828" VPOS="964" WIDTH="316" HEIGHT="-144"/>"#
            + #"<String CONTENT="Utah" HPOS="2200" VPOS="964" WIDTH="316" HEIGHT="144"/>"#
            + "</TextLine></TextBlock></PrintSpace></Page></Layout></alto>"
        let page = try ALTOPage.parse(Data(alto.utf8), file: "1289.xml")
        #expect(page.paragraphs == ["Park City Record Utah"])
        #expect(page.words.map(\.content) == ["Utah"])
    }

    @Test("an ALTO page must be 1 to 2^20 units wide and high", arguments: [
        #"WIDTH="1e-300" HEIGHT="28872""#, #"WIDTH="18200" HEIGHT="inf""#, #"WIDTH="nan" HEIGHT="1""#, #"WIDTH="2000000" HEIGHT="1""#,
    ])
    func altoPageSize(size: String) {
        let alto = "<alto><Layout><Page \(size)><PrintSpace/></Page></Layout></alto>"
        #expect(throws: FormatError.self) { try ALTOPage.parse(Data(alto.utf8), file: "1289.xml") }
    }

    /// A region is drawn (its area and bounds in `Int`) and kept in the JSON Lines export: one
    /// off the page broke the export's import (negative) or trapped the page view (huge).
    @Test("sidecar regions off the page are refused at their line", arguments: [
        "[[10, 20], [300, 20], [300, 400], [10, -100]]",
        "[[0, 0], [8888888888810, 0], [8888888888810, 400], [0, 400]]",
    ])
    func sidecarRegion(polygon: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        FileManager.default.createFile(atPath: dir.path + "/01.jpg", contents: Data([0xFF, 0xD8, 0xFF]))
        try "{\"paper\": \"浙江日报\", \"date\": \"2019-11-25\", \"page\": 1, \"image\": \"01.jpg\",\n\"regions\": {\"20102773\": [\(polygon)]}}\n"
            .write(toFile: dir.path + "/01.page.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: FormatError.self) { try PageSidecar.read(file: dir.path + "/01.page.json") }
        #expect(error?.line == 2)
        #expect(error?.message.contains("\(Region.maximumCoordinate)") == true)
    }

    @Test("regions are on the page within 0…2^20 pixels, with at least three points", arguments: [
        ([(0, 0), (10, 0), (10, 10)], true),
        ([(0, 0), (Region.maximumCoordinate, 0), (Region.maximumCoordinate, Region.maximumCoordinate)], true),
        ([(0, 0), (10, 0)], false),
        ([(0, 0), (10, -1), (10, 10)], false),
        ([(0, 0), (Region.maximumCoordinate + 1, 0), (10, 10)], false),
    ] as [([(Int, Int)], Bool)])
    func regionOnPage(points: [(Int, Int)], onPage: Bool) {
        #expect(Region(points: points.map { PagePoint(x: $0.0, y: $0.1) }).isOnPage == onPage)
    }

    @Test("a JSON Lines region off the page, or a placement on page 0, is an error that says so")
    func jsonlLimits() throws {
        let article = Article(
            id: "zjrb-1", paper: Paper(name: "浙江日报"), date: IssueDate("2019-11-25")!, headline: "标题",
            blocks: [.paragraph("正文。")],
            placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1,
                                   regions: [Region(x: 0, y: 0, width: 9_000_000_000, height: 10)])])
        let (_, huge) = ArticleJSONL.parseLines(ArticleJSONL.line(article), file: "a.jsonl")
        #expect(huge.first?.message.contains("\(Region.maximumCoordinate)") == true)

        var onPage0 = article
        onPage0.placements = [Placement(page: PageRef(number: 0), order: 1, blockStart: 0, blockEnd: 1)]
        let (_, page0) = ArticleJSONL.parseLines(ArticleJSONL.line(onPage0), file: "a.jsonl")
        #expect(page0.first?.message.contains("pages are numbered from 1") == true)
    }

    /// An article on page 0 was read, and its JSON Lines export could not be imported again.
    @Test("a unit article on page 0 is refused", arguments: [
        #"<header-item name="page" value="0">0</header-item><article-page href="../pages/p001_x.xml">"#,
        #"<article-page href="../pages/p000_x.xml">"#,
    ])
    func unitArticlePage(header: String) {
        let xml = unitArticle(header + #"<article-clipping l="0" t="0" r="10" b="10"/></article-page>"#)
        let error = #expect(throws: FormatError.self) {
            try UnitExport.parseArticle(xml, name: "articles/6.xml", file: "6.xml", paperName: "The Deseret News")
        }
        #expect(error?.message.contains("pages are numbered from 1") == true)
    }

    @Test("a unit clipping box off the page is refused")
    func unitClipping() {
        let xml = unitArticle(#"<article-page href="../pages/p001_x.xml"><article-clipping l="0" t="0" r="8888888888" b="10"/></article-page>"#)
        #expect(throws: FormatError.self) {
            try UnitExport.parseArticle(xml, name: "articles/6.xml", file: "6.xml", paperName: "The Deseret News")
        }
    }

    /// The file's name is the article's id: one that is no id made an archive whose export would
    /// not import; a number too large to add one to stopped the process.
    @Test("a unit article's file name must make an id, and any number is safe", arguments: [
        ("articles/第五篇.xml", false), ("articles/a b.xml", false), ("articles/9223372036854775807.xml", true), ("articles/5.xml", true),
    ])
    func unitArticleName(name: String, readable: Bool) throws {
        let xml = unitArticle(#"<article-page href="../pages/p001_x.xml"><article-clipping l="0" t="0" r="10" b="10"/></article-page>"#)
        if readable {
            let article = try UnitExport.parseArticle(xml, name: name, file: name, paperName: "The Deseret News")
            #expect(article.record.sourceID?.hasPrefix("18500615-") == true)
        } else {
            #expect(throws: FormatError.self) { try UnitExport.parseArticle(xml, name: name, file: name, paperName: "The Deseret News") }
        }
    }

    private func unitArticle(_ body: String) -> String {
        #"<article><header-item name="date" value="675867">15-JUN-1850</header-item>"# + body + "</article>"
    }
}
