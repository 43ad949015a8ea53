import BroadsheetCore
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(editionText, warmUp: [
        "浙江日报 数字报纸\n\n\n00001版:要闻\n\n乡村振兴见闻\n\n  村里的民宿一房難求。(下转第三版)\n\n  本报记者 王芳\n\n\n浙江日报 要闻 00001 乡村振兴见闻 2020-02-03 20110006 2 2020年2月3日 星期一",
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEditionText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, editionText)
}

/// The digital-edition text export, from bytes to the stored article: decoded as the importer
/// decodes a file, parsed, read again from its stored original (as a re-stitch does), stitched,
/// and taken through its JSON Lines document.
func editionText(_ bytes: [UInt8]) {
    guard let text = importedText(bytes, file: "fuzz.txt") else { return }
    // The importer parses only what looks like the format; the parser must refuse the rest itself.
    _ = EditionTextFormat.looksLike(text)
    guard let record = try? EditionTextFormat.parse(text, file: "fuzz.txt") else { return }
    requireStoredRecord(record, text: text)
}
