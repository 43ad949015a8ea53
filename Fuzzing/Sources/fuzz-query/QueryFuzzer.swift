import BroadsheetCore
import BroadsheetSearch
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(query, warmUp: [
        "(台州红云 OR 機關) -会议 title:\"红 云\" paper:rmrb page:1..4 section:要闻 date:2019-11.. byline:刘峰 place:北京 agency:新华社",
        "foo:bar",
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, query)
}

/// The query language, as the search page, the API and `broadsheet search` take it: any string
/// (invalid UTF-8 repaired, as URL decoding and the command line do) is a query or a
/// `SearchQueryError` pointing into it. A query's terms are then highlighted, as every search
/// result page does, in the query itself and in a text of the archive's kind.
func query(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let query: SearchQuery
    do {
        query = try SearchQuery.parse(text)
    } catch let error as SearchQueryError {
        if let position = error.position {
            require(position >= 1 && position <= text.count, "error position \(position) outside the query (\(text.count) characters)")
        }
        _ = error.description
        return
    } catch {
        require(false, "an error that is not a SearchQueryError: \(error)")
        return
    }
    let finder = MatchFinder(terms: query.highlightTerms.map(\.text))
    for sample in [text, sampleText] {
        let segments = finder.segments(sample)
        require(segments.map(\.text).joined() == sample, "highlighting changed the text")
        _ = finder.snippets(sample, radius: 20, limit: 3)
    }
}

/// CJK with a dateline and a byline, full-width and ASCII punctuation, Latin words and
/// numbers, traditional characters, a jump line.
private let sampleText = """
    本报北京10月3日电 （记者刘峰）台州红云公司2019年营收增长12.5%，GDP1万亿元。\u{3000}\u{3000}機關黨建《名录》
    南京市长江大桥 1.10 1—10 101% 101期 Red Cloud ＲＥＤ　ｃｌｏｕｄ (下转第五版) 新华社北京5月16日电
    """
