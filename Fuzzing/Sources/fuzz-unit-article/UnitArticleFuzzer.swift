import BroadsheetCore
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(unitArticle, warmUp: [UnitStandIns.article(page: 4)])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnitArticle(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, unitArticle)
}

/// One article of an article-segmented unit export (`articles/N.xml`), as `UnitExport.read`
/// reads each: decoded, parsed into its record and its clipping boxes; the record through the
/// archive, the boxes drawable and kept by the JSON Lines export.
func unitArticle(_ bytes: [UInt8]) {
    let name = "articles/6.xml"
    guard let text = importedText(bytes, file: name),
          let article = try? UnitExport.parseArticle(text, name: name, file: name, paperName: "The Deseret News")
    else { return }
    requireStoredRecord(article.record, text: text)
    for clipping in article.clippings { requireDrawable(clipping.regions, "a clipping on \(clipping.page)") }
}
