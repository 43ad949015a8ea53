import Foundation
import Hummingbird
import Mustache

/// The templates and static files shipped in the module's `Resources` bundle, loaded once at start.
///
/// Static files are read into memory by name at start-up and served only from that table, so a
/// request path can never reach a file outside `Resources/static` (no `..`, no symlinks).
struct WebResources: Sendable {
    struct StaticFile: Sendable {
        var bytes: ByteBuffer
        var contentType: String
        var etag: String
    }

    let templates: MustacheLibrary
    let staticFiles: [String: StaticFile]
    /// The OpenAPI 3.1 document of the JSON API, as shipped.
    let openAPI: ByteBuffer

    static func load() async throws -> WebResources {
        guard let root = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            throw WebResourcesError.missing("Resources")
        }
        HTMLEscaping.register()
        let templates = try await MustacheLibrary(directory: root.appendingPathComponent("templates").path)
        var files: [String: StaticFile] = [:]
        let staticDir = root.appendingPathComponent("static")
        for name in try FileManager.default.contentsOfDirectory(atPath: staticDir.path) where !name.hasPrefix(".") {
            let data = try Data(contentsOf: staticDir.appendingPathComponent(name))
            files[name] = StaticFile(
                bytes: ByteBuffer(bytes: data), contentType: contentType(forFile: name),
                etag: "\"\(String(data.hashValueStable, radix: 16))\"")
        }
        let openAPI = try Data(contentsOf: root.appendingPathComponent("openapi.json"))
        return WebResources(templates: templates, staticFiles: files, openAPI: ByteBuffer(bytes: openAPI))
    }

    static func contentType(forFile name: String) -> String {
        switch name.split(separator: ".").last.map(String.init) ?? "" {
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    /// Renders `template` with `context`; a missing template is a programming error caught by tests.
    func render(_ template: String, _ context: Any) -> String {
        templates.render(MustacheFlatten.value(context) ?? [String: Any](), withTemplate: template) ?? ""
    }
}

enum WebResourcesError: Error, CustomStringConvertible {
    case missing(String)
    var description: String {
        switch self { case .missing(let what): return "the web resources are missing \(what)" }
    }
}

extension Data {
    /// FNV-1a: stable across runs (unlike `hashValue`), good enough for an ETag.
    var hashValueStable: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in self { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
