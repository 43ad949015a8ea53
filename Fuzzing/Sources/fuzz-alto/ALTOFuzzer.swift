import BroadsheetCore
import Foundation
import FuzzSupport

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(alto, warmUp: [
        #"<?xml version="1.0" encoding="UTF-8"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Layout><Page WIDTH="18200" HEIGHT="28872" PRINTED_IMG_NR="2"><PrintSpace><TextBlock><TextLine><String CONTENT="en" HPOS="3700" VPOS="7732" WIDTH="156" HEIGHT="84"/><HYP CONTENT="-"/></TextLine><TextLine><String CONTENT="tablature" HPOS="2020" VPOS="7876" WIDTH="400" HEIGHT="90"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"#,
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzALTO(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, alto)
}

/// An NDNP page's ALTO OCR, as an NDNP import reads each page: decoded as text, made the page's
/// record (one article of the page's text), and that record through the archive (its stored
/// original read again, stitched, its JSON line read back). The page view parses the same text
/// for word boxes, which must be drawable.
func alto(_ bytes: [UInt8]) {
    let name = "sn85058233/1935-08-02/ed-1/seq-1/1289.xml"
    guard let text = importedText(bytes, file: "1289.xml"),
          let record = try? NDNPBatch.record(alto: text, name: name, file: "1289.xml", paperName: "The Park Record (Park City, UT)")
    else { return }
    requireStoredRecord(record, text: text)
    if let page = try? ALTOPage.parse(Data(text.utf8), file: "1289.xml") { requireDrawable(page) }
}
