import BroadsheetCore
import Foundation

/// An article as the SQLite archive stores it: its JSONL document without placements (rows of
/// `placement`) and originals (rows of `source`), packed.
enum StoredDocument {
    private static let decoder = JSONDecoder()

    static func pack(_ a: Article) -> Data {
        var doc = ArticleJSONL.document(a)
        doc.placements = []
        doc.originals = []
        return PackedText.pack(ArticleJSONL.json(doc))
    }

    static func unpack(_ data: Data) throws -> ArticleJSONL.Document {
        let json = try PackedText.unpack(data)
        do {
            return try decoder.decode(ArticleJSONL.Document.self, from: Data(json.utf8))
        } catch {
            throw StoreError.damaged("an article document does not decode (\(error))")
        }
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
