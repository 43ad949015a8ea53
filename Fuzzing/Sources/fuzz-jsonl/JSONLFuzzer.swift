import BroadsheetCore
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(jsonl, warmUp: [
        #"{"body":[{"text":"（下转第四版）","type":"jump","direction":"out","page":"4","pagenumber":4}],"bylines":[],"date":"2019-10-06","headlines":[{"role":"main","value":"新春"}],"id":"rmrb-20191006-01-01","language":"zh","originals":[],"paper":{"name":"人民日报","slug":"rmrb"},"placements":[{"blocks":[0,1],"order":1,"page":1,"pagelabel":"01"}],"type":"text","uri":"broadsheet:article:rmrb-20191006-01-01"}"#,
        #"{"id": 1}"#,
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, jsonl)
}

/// Broadsheet's JSON Lines, as `broadsheet import x.jsonl` and the HTTP import read it: decoded,
/// read line by line (a bad line is an error naming its line, never a trap), every good article
/// written out and read back unchanged, its regions drawable on the page view.
func jsonl(_ bytes: [UInt8]) {
    guard let text = importedText(bytes, file: "fuzz.jsonl") else { return }
    let (articles, errors) = ArticleJSONL.parseLines(text, file: "fuzz.jsonl")
    for e in errors {
        require(e.line >= 1, "an error names no line: \(e)")
        _ = e.description
    }
    for article in articles {
        requireJSONLRoundTrip(article)
        for p in article.placements { requireDrawable(p.regions, "the regions of \(article.id) on page \(p.page.number)") }
    }
}
