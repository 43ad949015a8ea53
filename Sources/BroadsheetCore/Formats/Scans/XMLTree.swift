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
    /// parser stopped on. External entities and DTDs are never fetched.
    public static func parse(_ data: Data, file: String) throws -> ScanXMLElement {
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
