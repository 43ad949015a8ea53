import BroadsheetCore
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(crawl, warmUp: [
        "\r\n新春走基层\r\n\r\n\u{3000}\u{3000}新春走基层\r\n\u{3000}\u{3000}（上接第一版）\r\n\u{3000}\u{3000}老師说。\r\n\u{3000}\u{3000}本报记者  王  芳\r\n",
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCrawl(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, crawl)
}

/// The People's Daily crawl layout, from bytes to the stored article. The file name carries
/// only date, page and order, and is fixed here; the bytes are the file's text.
func crawl(_ bytes: [UInt8]) {
    let name = "20191003-01-05.txt"
    guard let text = importedText(bytes, file: name),
          let record = try? CrawlFormat.parse(text, name: name, file: name, paperName: "人民日报") else { return }
    requireStoredRecord(record, text: text)
}
