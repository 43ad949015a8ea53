import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree read with Foundation's `XMLParser`, each element with the line it starts
/// on, so a problem found after parsing can still be reported as `file:line`. Names are local
/// (namespace prefixes dropped): the scan formats are read by element name alone.
public final class ScanXMLElement: Sendable {
    public let name: String
    public let attributes: [String: String]
    public let line: Int
    public let children: [ScanXMLElement]
    /// The element's own character data (not its children's), as read.
    public let text: String

    init(name: String, attributes: [String: String], line: Int, children: [ScanXMLElement], text: String) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.children = children
        self.text = text
    }

    public subscript(attribute: String) -> String? { attributes[attribute] }

    /// The first child named `name`.
    public func child(_ name: String) -> ScanXMLElement? { children.first { $0.name == name } }

    public func children(_ name: String) -> [ScanXMLElement] { children.filter { $0.name == name } }

    /// Every descendant named `name`, in document order.
    public func descendants(_ name: String) -> [ScanXMLElement] {
        var found: [ScanXMLElement] = []
        var stack: [ScanXMLElement] = children.reversed()
        while let e = stack.popLast() {
            if e.name == name { found.append(e) }
            stack.append(contentsOf: e.children.reversed())
        }
        return found
    }

    /// The first descendant named `name`.
    public func first(_ name: String) -> ScanXMLElement? {
        var stack: [ScanXMLElement] = children.reversed()
        while let e = stack.popLast() {
            if e.name == name { return e }
            stack.append(contentsOf: e.children.reversed())
        }
        return nil
    }

    /// The character data of the element and its descendants, trimmed.
    public var allText: String {
        var parts = [text]
        for c in children { parts.append(c.allText) }
        return parts.joined().trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public enum XMLTree {
    /// Parses `data`; a document that is not well-formed XML is a `FormatError` at the line the
    /// parser stopped on. External entities and DTDs are never fetched. Only UTF-8 is read, and
    /// what Foundation's parser cannot take is refused first (`refuseUnreadable`).
    public static func parse(_ data: Data, file: String) throws -> ScanXMLElement {
        try refuseUnreadable([UInt8](data), file: file)
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        guard ok, let root = builder.root else {
            let line = max(1, builder.errorLine ?? parser.lineNumber)
            let reason = builder.errorMessage ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "no root element"
            throw FormatError(file: file, line: line, message: "not well-formed XML (\(reason))", excerpt: Self.line(line, of: data))
        }
        return root
    }

    /// Foundation's `XMLParser` on Linux crashes the process on some input libxml2 reports to it:
    /// a processing instruction with no data (`<?name?>`, a null pointer it reads as a string)
    /// and a name that is not UTF-8 (which it force-unwraps). Neither may reach it: the bytes
    /// must be UTF-8 text (as every format here is), declared as UTF-8 if declared at all (so that
    /// libxml2 reads the bytes checked here and not a re-decoding of them), with no processing
    /// instruction without data and no internal DTD subset (whose entities could spell one out
    /// with character references; no scan format has one). The check is on the bytes, so such an
    /// instruction inside a comment or CDATA, where it would be text, is refused too.
    static func refuseUnreadable(_ bytes: [UInt8], file: String) throws {
        _ = try InputText.decode(bytes, file: file)
        func fail(at offset: Int, _ message: String) -> FormatError {
            let line = 1 + bytes[..<offset].lazy.filter { $0 == 0x0A }.count
            return FormatError(file: file, line: line, message: message, excerpt: Self.line(line, of: Data(bytes)))
        }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes[i...].starts(with: Array("<?xml".utf8)), let end = find([0x3F, 0x3E], in: bytes, from: i) {
            let declaration = String(decoding: bytes[i..<end], as: UTF8.self)
            if let m = declaration.firstMatch(of: encodingPattern),
               !["UTF-8", "UTF8", "US-ASCII", "ASCII"].contains(m.output.1.uppercased()) {
                throw fail(at: i, "declares the encoding “\(m.output.1)”: only UTF-8 XML is read")
            }
        }
        while let open = find([0x3C], in: bytes, from: i) {
            i = open + 1
            if bytes[i...].starts(with: [0x3F]) {
                // `<?` name `?>`: the name runs to a space, `?` or `>`.
                var j = i + 1
                while j < bytes.count, !isSpace(bytes[j]), bytes[j] != 0x3F, bytes[j] != 0x3E { j += 1 }
                if j > i + 1, bytes[j...].starts(with: [0x3F, 0x3E]) {
                    throw fail(at: open, "a processing instruction without data (“\(String(decoding: bytes[open..<(j + 2)], as: UTF8.self))”) is not read")
                }
            } else if bytes[i...].starts(with: Array("!DOCTYPE".utf8)) {
                // An internal subset opens with `[` before the declaration's `>`, outside quotes.
                var j = i + 8
                var quote: UInt8?
                while j < bytes.count {
                    let b = bytes[j]
                    if let q = quote { if b == q { quote = nil } }
                    else if b == 0x22 || b == 0x27 { quote = b }
                    else if b == 0x3E { break }
                    else if b == 0x5B { throw fail(at: open, "a DOCTYPE with an internal subset (entity declarations) is not read") }
                    j += 1
                }
            }
        }
    }

    nonisolated(unsafe) private static let encodingPattern = #/encoding\s*=\s*["']([^"']*)["']/#

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// Line `n` (1-based) of `data`, trimmed, for error excerpts.
    static func line(_ n: Int, of data: Data) -> String {
        var current = 1
        var start = data.startIndex
        for i in data.indices where data[i] == 0x0A {
            if current == n { return String(decoding: data[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            current += 1
            start = data.index(after: i)
        }
        return current == n ? String(decoding: data[start...], as: UTF8.self).trimmingCharacters(in: .whitespaces) : ""
    }

    private final class Builder: NSObject, XMLParserDelegate {
        struct Open {
            var name: String
            var attributes: [String: String]
            var line: Int
            var children: [ScanXMLElement] = []
            var text = ""
        }

        var stack: [Open] = []
        var root: ScanXMLElement?
        var errorLine: Int?
        var errorMessage: String?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            var attributes: [String: String] = [:]
            for (k, v) in attributeDict {
                // Prefixed attributes (xlink:href) are kept under their local name too.
                attributes[k] = v
                if let colon = k.lastIndex(of: ":") { attributes[String(k[k.index(after: colon)...])] = v }
            }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(Open(name: local, attributes: attributes, line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let open = stack.popLast() else { return }
            let element = ScanXMLElement(name: open.name, attributes: open.attributes, line: open.line, children: open.children, text: open.text)
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            if errorLine == nil {
                errorLine = parser.lineNumber
                errorMessage = (parseError as NSError).localizedDescription
            }
        }
    }
}
