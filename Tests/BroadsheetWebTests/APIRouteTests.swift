import BroadsheetCore
import BroadsheetSearch
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The JSON API: real responses, checked against the OpenAPI document the server itself serves.
@Suite("API routes") struct APIRouteTests {
    /// One request per documented operation and error, with the status it must answer.
    static let requests: [(String, Int)] = [
        ("/api/v1/papers", 200),
        ("/api/v1/papers/zjrb", 200),
        ("/api/v1/papers/nosuch", 404),
        ("/api/v1/papers/zjrb/editions", 200),
        ("/api/v1/papers/nosuch/editions", 404),
        ("/api/v1/papers/zjrb/editions/2019-11-25", 200),
        ("/api/v1/papers/csrb/editions/2020-01-02", 200),
        ("/api/v1/papers/zjrb/editions/2019-11-26", 404),
        ("/api/v1/papers/zjrb/editions/2019-11-25/pages/5", 200),
        ("/api/v1/papers/zjrb/editions/2019-11-25/pages/7", 404),
        ("/api/v1/articles/zjrb-20102773", 200),
        ("/api/v1/articles/csrb-20200102-01-01", 200),
        ("/api/v1/articles/nosuch", 404),
        ("/api/v1/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91", 200),
        ("/api/v1/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91&sort=date&paper=zjrb&from=2019-01-01&to=2019-12-31&page=1", 200),
        ("/api/v1/search?q=%22unterminated", 400),
        ("/api/v1/search", 200),
        ("/api/v1/trends?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91,%E6%96%B0%E9%97%BB&interval=month", 200),
        ("/api/v1/trends?q=%E5%8F%B0%E5%B7%9E&interval=year", 200),
        ("/api/v1/trends?q=%22broken", 400),
        ("/api/v1/articles/zjrb-20102773/versions", 200),
        ("/api/v1/articles/nope/versions", 404),
    ]

    @Test("responses conform to the served OpenAPI document") func responsesConformToTheServedOpenAPIDocument() async throws {
        try await WebFixture.withClient { client in
            let spec = try await client.get("/api/v1/openapi.json")
            #expect(spec.status == .ok)
            let document = try JSONValue.parse(spec.text)
            #expect(document["openapi"]?.string == "3.1.0")
            let validator = OpenAPIValidator(document: document)
            var covered = Set<String>()
            for (uri, status) in Self.requests {
                let response = try await client.get(uri)
                #expect(Int(response.status.code) == status, "\(uri)")
                #expect(response.contentType.hasPrefix("application/json"), "\(uri)")
                let path = String(uri.split(separator: "?", maxSplits: 1)[0])
                let template = try #require(validator.template(for: path), "\(path) is documented")
                covered.insert(template)
                let schema = try #require(validator.responseSchema(template: template, status: status), "\(template) documents \(status)")
                let errors = validator.errors(try JSONValue.parse(response.text), schema)
                #expect(errors.isEmpty, "\(uri): \(errors.prefix(5))")
            }
            guard case .object(let paths)? = document["paths"] else { Issue.record("no paths"); return }
            // Writes and what needs a token are exercised by PublishingRouteTests.
            let open = paths.filter { $0.value["get"] != nil && $0.value["get"]?["security"] == nil }
            #expect(Set(open.keys) == covered, "every documented open GET path is exercised")
        }
    }

    @Test("the command line's search --json is the API's search answer, field for field")
    func commandLineJSONIsTheAPIs() async throws {
        let store = try await WebFixture.archive
        let results = try await store.search(SearchRequest(parsing: "台州红云"))
        let cli = try JSONValue.parse(String(decoding: try searchResultsJSON(results, query: "台州红云", pretty: true), as: UTF8.self))
        try await WebFixture.withClient { client in
            let api = try JSONValue.parse(try await client.get("/api/v1/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91").text)
            #expect(cli == api)
            let text = try await client.get("/api/v1/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91").text
            #expect(!text.contains("isMatch") && text.contains("\"match\""))
        }
        #expect(results.hits.allSatisfy { ($0.score ?? 0) > 0 }, "scores are higher-is-better and positive")
    }

    @Test("the document names every format an original may have") func documentNamesEveryOriginalFormat() async throws {
        let text = try await WebFixture.withClient { try await $0.get("/api/v1/openapi.json").text }
        let schema = try JSONValue.parse(text)["components"]?["schemas"]?["Article"]?["properties"]?["originals"]?["items"]?["properties"]?["format"]
        guard case .array(let values)? = schema?["enum"] else { Issue.record("no enum"); return }
        // Found by schemathesis: the scan formats were answered but not documented.
        #expect(Set(values.compactMap(\.string)) == Set(SourceRecord.Format.allCases.map(\.rawValue)))
    }

    @Test("the validator rejects what the document forbids") func theValidatorRejectsWhatTheDocumentForbids() throws {
        let validator = OpenAPIValidator(document: try JSONValue.parse("""
            {"components": {"schemas": {"P": {"type": "object", "required": ["name"], "additionalProperties": false,
             "properties": {"name": {"type": "string"}, "n": {"type": "integer"}}}}}}
            """))
        let schema = try JSONValue.parse(##"{"$ref": "#/components/schemas/P"}"##)
        #expect(validator.errors(try JSONValue.parse(#"{"name": "a", "n": 1}"#), schema).isEmpty)
        #expect(!validator.errors(try JSONValue.parse(#"{"n": 1.5}"#), schema).isEmpty)
        #expect(!validator.errors(try JSONValue.parse(#"{"name": "a", "x": true}"#), schema).isEmpty)
        #expect(!validator.errors(try JSONValue.parse(#"{"name": true}"#), schema).isEmpty)
    }

    @Test("article JSON is the JSONL export document") func articleJSONIsTheJSONLExportDocument() async throws {
        let text = try await WebFixture.withClient { try await $0.get("/api/v1/articles/\(WebFixture.seedID)").text }
        let served = try JSONDecoder().decode(ArticleJSONL.Document.self, from: Data(text.utf8))
        let article = try #require(try await WebFixture.archive.article(id: WebFixture.seedID))
        #expect(served == ArticleJSONL.document(article))
        #expect(served.placements.map(\.page) == [1, 5])
    }

    @Test("search API returns hits with segments and facets") func searchAPIReturnsHitsWithSegmentsAndFacets() async throws {
        let text = try await WebFixture.withClient { try await $0.get("/api/v1/search?q=%E5%8F%B0%E5%B7%9E%E7%BA%A2%E4%BA%91").text }
        let json = try JSONValue.parse(text)
        #expect(json["total"] == .number(2))
        guard case .array(let hits)? = json["hits"] else { Issue.record("no hits"); return }
        #expect(hits.count == 2)
        #expect(text.contains(#"{"match":true,"text":"台州红云"}"#))
        #expect(json["facets"]?["papers"] != nil)
    }

    @Test("edition JSON lists pages with articles and links") func editionJSONListsPagesWithArticlesAndLinks() async throws {
        let text = try await WebFixture.withClient { try await $0.get("/api/v1/papers/zjrb/editions/2019-11-25").text }
        let json = try JSONValue.parse(text)
        guard case .array(let pages)? = json["pages"] else { Issue.record("no pages"); return }
        #expect(pages.count == 2)
        #expect(pages.first?["name"]?.string == "要闻")
        #expect(text.contains(#""html":"/articles/zjrb-20102773#page-5""#))
    }
}
