import BroadsheetCore
import Foundation

/// An article as the SQLite archive stores it: its JSONL document without placements (rows of
/// `placement`) and originals (rows of `source`), packed, behind its body text.
///
/// Payload before packing: the body text's UTF-8 length in decimal, a newline, the body text
/// (`Article.bodyText`), then the document's JSON. Search hits need only the body, for snippets,
/// and this way get it without decoding JSON; the repeat costs a few bytes, since deflate
/// encodes the document's copy as references to the first.
enum StoredDocument {
    private static let decoder = JSONDecoder()

    static func pack(_ a: Article) -> Data {
        var doc = ArticleJSONL.document(a)
        doc.placements = []
        doc.originals = []
        return pack(doc)
    }

    static func pack(_ doc: ArticleJSONL.Document) -> Data {
        let body = doc.bodyText
        return PackedText.pack("\(body.utf8.count)\n" + body + ArticleJSONL.json(doc))
    }

    static func unpack(_ data: Data) throws -> ArticleJSONL.Document {
        let (_, json) = try split(data)
        do {
            return try decoder.decode(ArticleJSONL.Document.self, from: Data(json))
        } catch {
            throw StoreError.damaged("an article document does not decode (\(error))")
        }
    }

    /// The body text alone, without decoding the document.
    static func body(_ data: Data) throws -> String {
        String(decoding: try split(data).body, as: UTF8.self)
    }

    private static func split(_ data: Data) throws -> (body: ArraySlice<UInt8>, json: ArraySlice<UInt8>) {
        let bytes = Array(try PackedText.unpack(data).utf8)[...]
        guard let newline = bytes.prefix(12).firstIndex(of: 0x0A),
              let count = Int(String(decoding: bytes[..<newline], as: UTF8.self)),
              count >= 0, newline + 1 + count <= bytes.endIndex else {
            throw StoreError.damaged("an article document has no body length")
        }
        let bodyEnd = newline + 1 + count
        return (bytes[(newline + 1)..<bodyEnd], bytes[bodyEnd...])
    }
}

extension ArticleJSONL.Document {
    /// The body as `Article.bodyText` gives it: what the search index was fed.
    var bodyText: String {
        body.compactMap { $0.type == "jump" ? nil : $0.text }.joined(separator: "\n")
    }

    var kicker: String? { headlines.first { $0.role == "kicker" }?.value }
    var headline: String { headlines.first { $0.role == "main" }?.value ?? "" }
    var subtitle: String? { headlines.first { $0.role == "subtitle" }?.value }
}

extension SearchIndex.Fields {
    init(_ d: ArticleJSONL.Document) {
        self.init(headline: d.headline, kicker: d.kicker, subtitle: d.subtitle, body: d.bodyText)
    }
}
