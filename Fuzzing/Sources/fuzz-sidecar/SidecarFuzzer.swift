import BroadsheetCore
import FuzzSupport

// The images and PDF a sidecar may name.
let folder = ScratchFolder("fuzz-sidecar", files: ["01.jpg": "", "01.png": "", "01.pdf": ""])

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: OpaquePointer?, _ argv: OpaquePointer?) -> CInt {
    fuzzInitialize(sidecar, warmUp: [
        #"{"paper": "浙江日报", "date": "2019-11-25", "page": 1, "image": "01.jpg", "regions": {"20102773": [[[10, 20], [300, 20], [300, 400]]]}}"#,
    ])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSidecar(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data, size, sidecar)
}

/// A page sidecar (`*.page.json`), read from a folder as the import reads it: its regions
/// drawable and kept by the JSON Lines export, its files inside the folder.
func sidecar(_ bytes: [UInt8]) {
    let file = folder.write(bytes, to: "01.page.json")
    guard let page = try? PageSidecar.read(file: file) else { return }
    requireScanBatch(ScanBatch(pages: [page]), inside: folder.path)
}
