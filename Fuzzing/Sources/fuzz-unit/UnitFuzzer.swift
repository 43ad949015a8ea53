import BroadsheetCore
import FuzzSupport

// The files unit.xml names, small stand-ins under the real export's names.
let folder = ScratchFolder("fuzz-unit", files: UnitStandIns.folder)

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(unit, warmUp: [
        #"<unit collection-title="Untitled"><header-item name="date" value="675867">15-JUN-1850</header-item><pages><page-ref href="pages/p001_Va_071_D45_v01.xml"/></pages><articles><article-ref href="articles/0.xml"/></articles></unit>"#,
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnit(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, unit)
}

/// An article-segmented unit export's `unit.xml`, read from a folder as the import reads it:
/// its pages and articles (stand-ins) read, every record through the archive, every region
/// drawable and kept by the JSON Lines export, and nothing named outside the folder.
func unit(_ bytes: [UInt8]) {
    let file = folder.write(bytes, to: "unit.xml")
    guard let batch = try? UnitExport.read(unitFile: file, paperName: "The Deseret News") else { return }
    requireScanBatch(batch, inside: folder.path)
}
