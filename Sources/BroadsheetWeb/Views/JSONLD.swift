import Foundation

/// schema.org JSON-LD embedded in pages.
enum JSONLD {
    struct Named: Encodable { var type = "Organization"; var name: String
        enum CodingKeys: String, CodingKey { case type = "@type", name }
    }
    struct Person: Encodable { var type = "Person"; var name: String
        enum CodingKeys: String, CodingKey { case type = "@type", name }
        init(name: String) { self.name = name }
    }
    struct Periodical: Encodable { var type = "Periodical"; var name: String; var url: String
        enum CodingKeys: String, CodingKey { case type = "@type", name, url }
    }
    struct Issue: Encodable { var type = "PublicationIssue"; var datePublished: String; var isPartOf: Periodical
        enum CodingKeys: String, CodingKey { case type = "@type", datePublished, isPartOf }
    }

    struct NewsArticle: Encodable {
        var context = "https://schema.org"
        var type = "NewsArticle"
        var headline: String
        var alternativeHeadline: String?
        var datePublished: String
        var author: [Person]
        var inLanguage: String
        var url: String
        var identifier: String
        var publisher: Named
        var printEdition: String
        var printPage: String?
        var printSection: String?
        var isPartOf: Issue

        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type", headline, alternativeHeadline, datePublished, author, inLanguage, url,
                 identifier, publisher, printEdition, printPage, printSection, isPartOf
        }

        init(headline: String, alternativeHeadline: String?, datePublished: String, author: [Person], inLanguage: String, url: String,
             identifier: String, publisher: Named, printEdition: String, printPage: String?, printSection: String?, isPartOf: Issue) {
            self.headline = headline
            self.alternativeHeadline = alternativeHeadline
            self.datePublished = datePublished
            self.author = author
            self.inLanguage = inLanguage
            self.url = url
            self.identifier = identifier
            self.publisher = publisher
            self.printEdition = printEdition
            self.printPage = printPage
            self.printSection = printSection
            self.isPartOf = isPartOf
        }
    }

    /// JSON safe to place inside `<script>`: `<`, `>` and `&` become `\u003c`… so text such as
    /// `</script>` in a headline cannot end the element. These characters only occur inside JSON
    /// strings, where the escapes mean the same characters.
    static func script(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}
