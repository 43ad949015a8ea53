import BroadsheetCore

/// A file kept as received in the media store, known by the SHA-256 of its bytes.
public struct MediaFile: Hashable, Sendable, Codable {
    public var sha256: String
    /// Its name as received.
    public var name: String
    /// Its media type: `image/jp2`, `application/pdf`, `application/xml`…
    public var type: String
    public var bytes: Int
    /// Pixel size, for page images (a PDF's at 72 dpi).
    public var width: Int?
    public var height: Int?

    public init(sha256: String, name: String, type: String, bytes: Int, width: Int? = nil, height: Int? = nil) {
        self.sha256 = sha256
        self.name = name
        self.type = type
        self.bytes = bytes
        self.width = width
        self.height = height
    }

    public var isImage: Bool { type.hasPrefix("image/") || type == "application/pdf" }

    /// The media type for a file name's extension.
    public static func type(ofName name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "jpg", "jpeg": return "image/jpeg"
        case "png": return "image/png"
        case "webp": return "image/webp"
        case "tif", "tiff": return "image/tiff"
        case "jp2", "j2k", "jpx": return "image/jp2"
        case "pdf": return "application/pdf"
        case "xml": return "application/xml"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }
}

/// A page of a scan import ready for the archive: its files already in the media store.
public struct PageScanInput: Hashable, Sendable {
    public var paperName: String
    public var date: IssueDate
    public var page: PageRef
    public var image: MediaFile
    public var pdf: MediaFile?
    /// Other files of the page kept as received (OCR, the sidecar).
    public var others: [MediaFile]
    /// Regions in the image's pixels by the record id they belong to (a source id or an archive id).
    public var regions: [String: [Region]]

    public init(paperName: String, date: IssueDate, page: PageRef, image: MediaFile, pdf: MediaFile?, others: [MediaFile], regions: [String: [Region]]) {
        self.paperName = paperName
        self.date = date
        self.page = page
        self.image = image
        self.pdf = pdf
        self.others = others
        self.regions = regions
    }
}

import Foundation
