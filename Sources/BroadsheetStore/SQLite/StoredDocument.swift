import BroadsheetCore
import Foundation

/// An article as the SQLite archive stores it: its JSONL document without placements (rows of
/// `placement`) and originals (rows of `source`), packed, behind its body text.
///
/// Payload before packing: the search text's UTF-8 length in decimal, a newline, the search
/// text (`Article.searchText`: body, bylines, jump lines), then the document's JSON. Search hits
/// need only that text, for snippets, and so get it without decoding JSON; removing an article
/// from the index needs exactly what was indexed. The repeat costs a few bytes, since deflate
/// encodes the document's copy as references to the first.
enum StoredDocument {
    private static let decoder = JSONDecoder()

    static func pack(_ a: Article) -> Data {
        var doc = ArticleJSONL.document(a)
        doc.placements = []
        doc.originals = []
        let text = a.searchText
        return PackedText.pack("\(text.utf8.count)\n" + text + ArticleJSONL.json(doc))
    }

    static func unpack(_ data: Data) throws -> ArticleJSONL.Document {
        let bytes = try PackedText.unpackBytes(data)[...]
        let (_, bodyEnd) = try bodyRange(bytes)
        do {
            return try decoder.decode(ArticleJSONL.Document.self, from: Data(bytes[bodyEnd...]))
        } catch {
            throw StoreError.damaged("an article document does not decode (\(error))")
        }
    }

    /// The search text alone (`Article.searchText`): neither the document's JSON is decoded nor
    /// the rest inflated.
    static func searchText(_ data: Data) throws -> String {
        let bytes = try PackedText.unpackBytes(data) { head in
            // No length in the head: unpack it all, and `bodyRange` reports the damage.
            guard let newline = head.firstIndex(of: 0x0A), let count = Int(String(decoding: head[..<newline], as: UTF8.self)) else {
                return nil
            }
            return newline + 1 + count
        }[...]
        let (start, end) = try bodyRange(bytes)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Where the body text stands in an unpacked payload (which may stop right after it).
    private static func bodyRange(_ bytes: ArraySlice<UInt8>) throws -> (Int, Int) {
        guard let newline = bytes.prefix(12).firstIndex(of: 0x0A),
              let count = Int(String(decoding: bytes[..<newline], as: UTF8.self)),
              count >= 0, newline + 1 + count <= bytes.endIndex else {
            throw StoreError.damaged("an article document has no body length")
        }
        return (newline + 1, newline + 1 + count)
    }
}


