import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// Page images and their derivatives from the media folder (`/media/{sha256}/…`) and their IIIF
/// Image API level-0 service (`/iiif/image/{sha256}/info.json` and tiles). Every file is named
/// by the digest of the original it came from and never changes, so it is served with a
/// long-lived, immutable cache and an ETag of its name.
enum MediaController {
    static let immutable = "public, max-age=31536000, immutable"

    /// `relative` inside the folder of `sha256`: `derived/medium.webp`, `original.pdf`…
    static func file(_ site: Site, request: Request, sha256: String, relative: String) throws -> Response {
        guard let root = site.configuration.mediaRoot, let path = MediaStore(root: root).file(sha256, relative) else {
            throw WebError.notFound("没有这个文件")
        }
        let etag = "\"\(sha256.prefix(20))-\(relative.replacingOccurrences(of: "\"", with: ""))\""
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: immutable])
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw WebError.notFound("没有这个文件") }
        var response = Site.response(ByteBuffer(bytes: data), contentType: contentType(relative))
        response.headers[.eTag] = etag
        response.headers[.cacheControl] = immutable
        // IIIF viewers (Mirador, Universal Viewer) load tiles from other origins.
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    /// A tile or size of the IIIF level-0 service: the path after `/iiif/image/{sha256}/`.
    static func tile(_ site: Site, request: Request, sha256: String, path: String) throws -> Response {
        try file(site, request: request, sha256: sha256, relative: "derived/iiif/" + path)
    }

    /// `info.json` of the image service, its `id` the URL it is served under.
    static func info(_ site: Site, sha256: String) throws -> Response {
        guard let root = site.configuration.mediaRoot, let path = MediaStore(root: root).file(sha256, "derived/iiif/info.json"),
              let data = FileManager.default.contents(atPath: path),
              var info = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw WebError.notFound("没有这个图像服务")
        }
        info["id"] = SiteURL.iiifImage(sha256: sha256).absolute(site.configuration.publicBaseURL)
        let body = try JSONSerialization.data(withJSONObject: info, options: [.sortedKeys, .withoutEscapingSlashes])
        var response = Site.response(ByteBuffer(bytes: body), contentType: "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"")
        response.headers[.cacheControl] = "public, max-age=3600"
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    static func contentType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "json": return "application/json"
        default: return MediaFile.type(ofName: name)
        }
    }
}
