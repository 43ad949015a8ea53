import BroadsheetCore
import FuzzSupport

// What the issue METS of the fixture names (its JPEG 2000, PDF and ALTO per page; small ALTO),
// and the METS itself for a batch list to name.
let folder = ScratchFolder("fuzz-ndnp", files: [
    "1289.jp2": "", "1289.pdf": "", "1289.xml": altoStandIn(printed: 1),
    "1292.jp2": "", "1292.pdf": "", "1292.xml": altoStandIn(printed: 2),
    "sn85058233/17082901001/1935080201/1935080201.xml": metsStandIn,
    "sn85058233/17082901001/1935080201/1289.jp2": "", "sn85058233/17082901001/1935080201/1289.xml": altoStandIn(printed: 1),
])

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(ndnp, warmUp: [metsStandIn])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNDNP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, ndnp)
}

/// An NDNP batch's XML, read from a folder as the import reads it: the input as an issue METS
/// (its pages, their files and OCR) and as a batch list (`*_batch.xml`, the issues it names).
/// Every record goes through the archive, and nothing named outside the folder is read.
func ndnp(_ bytes: [UInt8]) {
    let mets = folder.write(bytes, to: "1935080201.xml")
    if let batch = try? NDNPBatch.readIssue(metsFile: mets, lccn: nil, paperName: nil) {
        requireScanBatch(batch, inside: folder.path)
    }
    let list = folder.write(bytes, to: "17082901001_batch.xml")
    if let batch = try? NDNPBatch.read(batchFile: list, paperName: nil) {
        requireScanBatch(batch, inside: folder.path)
    }
}

func altoStandIn(printed: Int) -> String {
    #"<?xml version="1.0" encoding="UTF-8"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Layout><Page WIDTH="18200" HEIGHT="28872" PRINTED_IMG_NR="\#(printed)"><PrintSpace><TextBlock><TextLine><String CONTENT="Park" HPOS="1320" VPOS="964" WIDTH="444" HEIGHT="172"/><String CONTENT="Record" HPOS="1828" VPOS="964" WIDTH="316" HEIGHT="144"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>"#
}

/// The fixture's issue METS, cut to what the reader looks at: label, MODS date, file groups,
/// structural map of one page.
let metsStandIn = """
    <?xml version="1.0" encoding="UTF-8"?>
    <mets xmlns="http://www.loc.gov/METS/" xmlns:mods="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink" LABEL="The Park Record (Park City, UT), 1935-08-02, Main Edition">
    <dmdSec ID="issueModsBib"><mdWrap><xmlData><mods:mods><mods:relatedItem type="host"><mods:identifier type="lccn">sn85058233</mods:identifier></mods:relatedItem>
    <mods:originInfo><mods:dateIssued encoding="iso8601">1935-08-02</mods:dateIssued></mods:originInfo></mods:mods></xmlData></mdWrap></dmdSec>
    <fileSec><fileGrp ID="pageFileGrp1"><file ID="serviceFile1" USE="service"><FLocat LOCTYPE="OTHER" xlink:href="1289.jp2"/></file>
    <file ID="ocrFile1" USE="ocr"><FLocat LOCTYPE="OTHER" xlink:href="1289.xml"/></file></fileGrp></fileSec>
    <structMap><div TYPE="np:issue" DMDID="issueModsBib"><div TYPE="np:page" DMDID="pageModsBib1"><fptr FILEID="serviceFile1"/><fptr FILEID="ocrFile1"/></div></div></structMap>
    </mets>
    """
