import Mustache

/// HTML escaping for every `{{value}}` of the templates (each names it in its first line,
/// `{{% CONTENT_TYPE: BROADSHEET_HTML}}`), the same five characters as swift-mustache's own
/// HTML content type, done on UTF-8 bytes: the library's escaper walks the text one Character
/// at a time with a dictionary lookup each, which was an eighth of an uncached article page.
struct HTMLEscaping: MustacheContentType {
    static let name = "BROADSHEET_HTML"

    /// Registers the content type; the templates are parsed after this.
    static func register() {
        MustacheContentTypes.register(HTMLEscaping(), named: name)
    }

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
