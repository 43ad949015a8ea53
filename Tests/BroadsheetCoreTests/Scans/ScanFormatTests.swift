import BroadsheetCore
import Foundation
import Testing

/// The scan fixtures beside the checkout (`../shared/fixtures/scans`, real pages, Apache-2.0).
enum ScanFixtures {
    static let root = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/scans").path
    static let present = FileManager.default.fileExists(atPath: root)
    static let reason: Comment = "needs ../shared/fixtures/scans beside the checkout"
    static var ndnpBatch: String { root + "/ndnp/batch_local/17082901001_batch.xml" }
    static var issueFolder: String { root + "/ndnp/batch_local/sn85058233/17082901001/1935080201" }
    static var unit: String { root + "/article-segmented/batch_deseret_news/unit.xml" }

    /// A copy of a fixture folder to break, removed with the returned handle.
    static func copy(_ folder: String) throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("scan-fixture-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: folder, toPath: target.path)
        // The fixtures are read-only; the copies must be writable to be broken.
        let e = FileManager.default.enumerator(atPath: target.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
        while let rel = e?.nextObject() as? String {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.appendingPathComponent(rel).path)
        }
        return target
    }

    /// The 1-based line of the first occurrence of `needle` in `file`, found by reading the text.
    static func line(of needle: String, in file: String) throws -> Int {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        // By bytes: a CRLF is one Character in Swift, so splitting the String on "\n" would miss it.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { String(decoding: $0, as: UTF8.self).contains(needle) }) + 1
    }
}

@Suite(.enabled(if: ScanFixtures.present, ScanFixtures.reason))
struct NDNPBatchTests {
    @Test func readsTheIssueItsPagesAndTheirOCR() throws {
        let batch = try NDNPBatch.read(batchFile: ScanFixtures.ndnpBatch, paperName: nil)
        #expect(batch.pages.count == 2)
        #expect(batch.records.count == 2)
        let first = try #require(batch.pages.first)
        #expect(first.paperName == "The Park Record (Park City, UT)")
        #expect(first.date == IssueDate(year: 1935, month: 8, day: 2))
        // The structural map puts 1292 first: page order is the METS order, not the file names'.
        #expect(first.imageFile.hasSuffix("1292.jp2"))
        #expect(first.pdfFile?.hasSuffix("1292.pdf") == true)
        #expect(batch.pages.map(\.page.number) == [1, 2])
        #expect(batch.records.map(\.source.format) == [.altoPage, .altoPage])
        // The page text is the ALTO's: every CONTENT word of the file is in it.
        let alto = try String(contentsOfFile: ScanFixtures.issueFolder + "/1292.xml", encoding: .utf8)
        let contents = alto.matches(of: #/CONTENT="([^"]+)"/#).map { String($0.output.1) }
        let body = batch.records[0].blocks.map(\.text).joined(separator: " ")
        #expect(contents.count > 1000)
        #expect(contents.prefix(50).allSatisfy { word in body.contains(word.replacingOccurrences(of: "&amp;", with: "&")) || word.contains("&") })
    }

    @Test func aStoredPageReadsBackTheSame() throws {
        let batch = try NDNPBatch.read(batchFile: ScanFixtures.ndnpBatch, paperName: nil)
        for record in batch.records {
            let again = try SourceParser.parse(record.source, paperName: record.paperName)
            #expect(again == record)
        }
    }

    @Test func altoWordsKeepTheirBoxes() throws {
        let data = try #require(FileManager.default.contents(atPath: ScanFixtures.issueFolder + "/1289.xml"))
        let page = try ALTOPage.parse(data, file: "1289.xml")
        let text = String(decoding: data, as: UTF8.self)
        let first = try #require(text.firstMatch(of: #/<String [^>]*HEIGHT="([0-9.]+)" WIDTH="([0-9.]+)" HPOS="([0-9.]+)" VPOS="([0-9.]+)" CONTENT="([^"]+)"/#))
        let word = try #require(page.words.first)
        #expect(word.content == String(first.output.5))
        #expect(word.x == Double(first.output.3) && word.y == Double(first.output.4))
        #expect(word.width == Double(first.output.2) && word.height == Double(first.output.1))
        #expect(page.width == 18200 && page.height == 28872)
    }

    @Test func metsNamingAMissingFileIsRefusedAtItsLine() throws {
        let copy = try ScanFixtures.copy(ScanFixtures.root + "/ndnp/batch_local")
        defer { try? FileManager.default.removeItem(at: copy) }
        let issue = copy.path + "/sn85058233/17082901001/1935080201"
        try FileManager.default.removeItem(atPath: issue + "/1289.jp2")
        let mets = issue + "/1935080201.xml"
        let error = #expect(throws: FormatError.self) {
            try NDNPBatch.read(batchFile: copy.path + "/17082901001_batch.xml", paperName: nil)
        }
        #expect(error?.file == mets)
        #expect(error?.line == (try ScanFixtures.line(of: "\"1289.jp2\"", in: mets)))
        #expect(error?.excerpt == "1289.jp2")
    }

    @Test func altoThatDoesNotParseIsRefusedWithItsLine() throws {
        let copy = try ScanFixtures.copy(ScanFixtures.root + "/ndnp/batch_local")
        defer { try? FileManager.default.removeItem(at: copy) }
        let alto = copy.path + "/sn85058233/17082901001/1935080201/1289.xml"
        let text = try String(contentsOfFile: alto, encoding: .utf8)
        try ("<?xml version=\"1.0\"?>\n<alto>\n<Layout>\n<Page WIDTH=\"1\" HEIGHT=\"1\">\n</Layout>\n" + text.prefix(100)).write(toFile: alto, atomically: true, encoding: .utf8)
        let error = #expect(throws: FormatError.self) {
            try NDNPBatch.read(batchFile: copy.path + "/17082901001_batch.xml", paperName: nil)
        }
        #expect(error?.file == alto)
        #expect(error?.message.contains("not well-formed XML") == true)
        // The parser stops at the mismatched end tag on line 5.
        #expect(error?.line == 5)
    }
}

@Suite(.enabled(if: ScanFixtures.present, ScanFixtures.reason))
struct UnitExportTests {
    @Test func readsPagesArticlesAndClippings() throws {
        let batch = try UnitExport.read(unitFile: ScanFixtures.unit, paperName: "The Deseret News")
        #expect(batch.pages.count == 8)
        #expect(batch.records.count == 18)
        #expect(batch.pages.allSatisfy { $0.imageFile.hasSuffix(".pdf") && $0.pdfFile == $0.imageFile })
        let fire = try #require(batch.records.first { $0.source.name == "articles/3.xml" })
        #expect(fire.headline == "Terrible Fire in San Francisco")
        #expect(fire.date == IssueDate(year: 1850, month: 6, day: 15))
        #expect(fire.page.number == 1)
        #expect(fire.blocks.first?.text.hasPrefix("TERRIBLE SAN FRANCISCO an appalling and destructive fire") == true)
        // The clipping box as written in articles/3.xml: l=883 t=949 r=1407 b=1972.
        let page1 = try #require(batch.pages.first { $0.page.number == 1 })
        let region = try #require(page1.regions["18500615-3"]?.first)
        #expect(region == Region(x: 883, y: 949, width: 1407 - 883, height: 1972 - 949))
        #expect(page1.regions.count == 4)
    }

    @Test func aStoredArticleReadsBackTheSame() throws {
        let batch = try UnitExport.read(unitFile: ScanFixtures.unit, paperName: "The Deseret News")
        for record in batch.records {
            #expect(try SourceParser.parse(record.source, paperName: "The Deseret News") == record)
        }
    }

    @Test func theExportNamesNoPaperSoOneMustBeGiven() throws {
        let error = #expect(throws: FormatError.self) { try UnitExport.read(unitFile: ScanFixtures.unit, paperName: nil) }
        #expect(error?.message.contains("--paper") == true)
    }

    @Test func aBrokenClippingBoxIsRefusedAtItsLine() throws {
        let copy = try ScanFixtures.copy(ScanFixtures.root + "/article-segmented/batch_deseret_news")
        defer { try? FileManager.default.removeItem(at: copy) }
        let article = copy.path + "/articles/5.xml"
        var text = try String(contentsOfFile: article, encoding: .utf8)
        let box = try #require(text.firstMatch(of: #/ l="[0-9]+"/#))
        text.replaceSubrange(box.range, with: " l=\"left\"")
        try text.write(toFile: article, atomically: true, encoding: .utf8)
        let error = #expect(throws: FormatError.self) { try UnitExport.read(unitFile: copy.path + "/unit.xml", paperName: "The Deseret News") }
        #expect(error?.file == article)
        #expect(error?.line == (try ScanFixtures.line(of: "l=\"left\"", in: article)))
    }
}

struct PageSidecarTests {
    @Test func readsImageRegionsAndPage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        FileManager.default.createFile(atPath: dir.path + "/01.jpg", contents: Data([0xFF, 0xD8, 0xFF]))
        let json = """
            {
              "paper": "浙江日报", "date": "2019-11-25", "page": 1, "name": "要闻",
              "image": "01.jpg",
              "regions": {
                "20102773": [[[10, 20], [300, 20], [300, 400], [10, 400]]]
              }
            }
            """
        try json.write(toFile: dir.path + "/01.page.json", atomically: true, encoding: .utf8)
        let page = try PageSidecar.read(file: dir.path + "/01.page.json")
        #expect(page.paperName == "浙江日报")
        #expect(page.page == PageRef(number: 1, name: "要闻"))
        #expect(page.imageFile == dir.path + "/01.jpg")
        #expect(page.regions["20102773"] == [Region(x: 10, y: 20, width: 290, height: 380)])
        #expect(page.regionOrigins["20102773"]?.line == 5)
    }

    @Test func aMissingImageIsRefusedAtItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{\n  \"paper\": \"浙江日报\",\n  \"date\": \"2019-11-25\",\n  \"page\": 1,\n  \"image\": \"missing.jpg\"\n}\n"
            .write(toFile: dir.path + "/01.page.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: FormatError.self) { try PageSidecar.read(file: dir.path + "/01.page.json") }
        #expect(error?.line == 5)
        #expect(error?.excerpt == "missing.jpg")
    }

    @Test func aRegionNeedsThreePoints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sidecar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        FileManager.default.createFile(atPath: dir.path + "/01.png", contents: Data([0x89]))
        try "{\"paper\": \"浙江日报\", \"date\": \"2019-11-25\", \"page\": 1, \"image\": \"01.png\",\n \"regions\": {\"a1\": [[[1, 2], [3, 4]]]}}\n"
            .write(toFile: dir.path + "/01.page.json", atomically: true, encoding: .utf8)
        let error = #expect(throws: FormatError.self) { try PageSidecar.read(file: dir.path + "/01.page.json") }
        #expect(error?.line == 2)
    }
}
