import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation

/// Every hit of a search, not just the pages a reader clicks through: `/search.csv`,
/// `/search.jsonl` and `broadsheet search --all`. Read from the store a thousand hits at a
/// time and written as they come, so an export of any size runs in little memory.
public enum SearchExport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl
    }

    /// The lines of the export of `request` (the first line of CSV is its header), each ending
    /// in a newline.
    public static func lines(
        _ store: any ArchiveStore, _ request: SearchRequest, query: String, format: Format
    ) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if format == .csv { continuation.yield(csvHeader) }
                    for try await hit in store.everyHit(request) {
                        continuation.yield(format == .csv ? csvRow(hit) : jsonLine(hit))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static let csvHeader = "id,date,paper,pages,kicker,headline,subtitle,score,snippet,url\r\n"

    static func csvRow(_ h: SearchHit) -> String {
        let fields = [
            h.id, h.date.description, h.paper.name, h.pages.map(\.label).joined(separator: " "), h.kicker ?? "", h.headline,
            h.subtitle ?? "", h.score.map { String(format: "%.4f", $0) } ?? "", h.snippets.first?.plainText ?? "",
            SiteURL.article(id: h.id, part: h.matchPage).path,
        ]
        return fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    /// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    static func csvField(_ text: String) -> String {
        // Every line break starts with one of the bytes 0A–0D, C2 or E2: a field without them,
        // a comma or a quote (most fields) skips the walk over its Characters.
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || ($0 >= 0x0A && $0 <= 0x0D) || $0 == 0xC2 || $0 == 0xE2 }),
              text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// A hit as the API's search answer writes it (`/api/v1/search`), one per line.
    static func jsonLine(_ h: SearchHit) -> String {
        // Plain Codable values: encoding cannot fail.
        String(decoding: try! encoder.encode(SearchController.hitJSON(h)), as: UTF8.self) + "\n"
    }
}
