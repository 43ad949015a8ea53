import BroadsheetCore
import Foundation

/// An article as the SQLite archive stores it: its JSONL document without placements (rows of
/// `placement`) and originals (rows of `source`), packed, behind its body text.
///
/// Payload before packing: the search text's UTF-8 length in decimal, then for an article in
/// several parts `;page:offset,…` (where in the search text each part after the first begins),
/// a newline, the search text (`Article.searchText`: body, bylines, jump lines), then the
/// document's JSON. Search hits need only that text, for snippets and the part they link to, and
/// so get it without decoding JSON; removing an article from the index needs exactly what was
/// indexed. The repeat costs a few bytes, since deflate
/// encodes the document's copy as references to the first.
enum StoredDocument {
    private static let decoder = JSONDecoder()

    static func pack(_ a: Article) -> Data {
        var doc = ArticleJSONL.document(a)
        doc.placements = []
        doc.originals = []
        let text = a.searchText
        var header = "\(text.utf8.count)"
        let parts = partOffsets(a)
        if !parts.isEmpty { header += ";" + parts.map { "\($0.page):\($0.offset)" }.joined(separator: ",") }
        return PackedText.pack(header + "\n" + text + ArticleJSONL.json(doc))
    }

    /// Where each part after the first begins in `a.searchText` (its body text comes first).
    static func partOffsets(_ a: Article) -> [(page: Int, offset: Int)] {
        var offsets: [Int: Int] = [:]  // block index → UTF-8 offset of a non-jump block
        var position = 0
        var first = true
        for (i, block) in a.blocks.enumerated() {
            if case .jump = block { continue }
            if !first { position += 1 }  // the newline between blocks
            offsets[i] = position
            position += block.text.utf8.count
            first = false
        }
        return a.placements.dropFirst().compactMap { p in
            guard let start = (p.blockStart..<max(p.blockStart, p.blockEnd)).first(where: { offsets[$0] != nil }),
                  let offset = offsets[start] else { return nil }
            return (p.page.number, offset)
        }
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

    /// The search text and where each part after the first begins in it; neither the
    /// document's JSON is decoded nor the rest inflated.
    static func searchTextAndParts(_ data: Data) throws -> (text: String, parts: [(page: Int, offset: Int)]) {
        let bytes = try PackedText.unpackBytes(data) { head in
            // No length in the head: unpack it all, and `bodyRange` reports the damage.
            guard head.contains(0x0A) else { return head.count < 4096 ? head.count + 64 : nil }
            return bodyBounds(head[...]).map { $0.end }
        }[...]
        let (start, end) = try bodyRange(bytes)
        let header = String(decoding: bytes[..<(start - 1)], as: UTF8.self).split(separator: ";")
        let parts = header.count == 2 ? header[1].split(separator: ",").compactMap { item -> (page: Int, offset: Int)? in
            let pair = item.split(separator: ":")
            guard pair.count == 2, let page = Int(pair[0]), let offset = Int(pair[1]) else { return nil }
            return (page, offset)
        } : []
        return (String(decoding: bytes[start..<end], as: UTF8.self), parts)
    }

    /// The search text alone (`Article.searchText`).
    static func searchText(_ data: Data) throws -> String {
        try searchTextAndParts(data).text
    }

    /// Where the body text stands in an unpacked payload (which may stop right after it).
    private static func bodyRange(_ bytes: ArraySlice<UInt8>) throws -> (Int, Int) {
        guard let bounds = bodyBounds(bytes), bounds.end <= bytes.endIndex else {
            throw StoreError.damaged("an article document has no body length")
        }
        return (bounds.start, bounds.end)
    }

    /// Where the body text begins and ends, as the header line says (the payload may stop sooner).
    private static func bodyBounds(_ bytes: ArraySlice<UInt8>) -> (start: Int, end: Int)? {
        guard let newline = bytes.prefix(4096).firstIndex(of: 0x0A),
              let count = Int(String(decoding: bytes[..<newline], as: UTF8.self).prefix { $0 != ";" }),
              count >= 0 else { return nil }
        return (newline + 1, newline + 1 + count)
    }
}


