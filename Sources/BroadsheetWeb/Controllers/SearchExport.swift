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
            h.subtitle ?? "", h.score.map { $0.fixed(digits: 4) } ?? "", h.snippets.first?.plainText ?? "",
            SiteURL.article(id: h.id, part: h.matchPage).path,
        ]
        return fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    /// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    static func csvField(_ text: String) -> String {
        // Checked on the bytes: a walk over Characters costs more than the rest of the row.
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 }) || text.utf8.containsLineBreakUTF8 else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A hit as the API's search answer writes it (`/api/v1/search`), one per line: the same
    /// `HitJSON` value, written by hand because `JSONEncoder` took as long as the rest of the
    /// export together. Keys sorted, slashes not escaped, as the API's encoder writes them; a
    /// test holds the two byte for byte equal, so a field added to `HitJSON` must be added here.
    static func jsonLine(_ h: SearchHit) -> String {
        let j = SearchController.hitJSON(h)
        var o = JSONText()
        o.open()
        o.key("date"); o.string(j.date)
        o.key("headline"); o.string(j.headline)
        o.key("headlineSegments"); o.segments(j.headlineSegments)
        o.key("id"); o.string(j.id)
        if let kicker = j.kicker { o.key("kicker"); o.string(kicker) }
        o.key("links"); o.open(); o.key("api"); o.string(j.links.api); o.key("html"); o.string(j.links.html); o.close()
        o.key("pages"); o.array(j.pages) { o, p in
            o.open(); o.key("label"); o.string(p.label)
            if let name = p.name { o.key("name"); o.string(name) }
            o.key("number"); o.raw(String(p.number)); o.close()
        }
        o.key("paper"); o.open(); o.key("name"); o.string(j.paper.name); o.key("slug"); o.string(j.paper.slug); o.close()
        if let score = j.score { o.key("score"); o.number(score) }
        o.key("snippets"); o.array(j.snippets) { o, s in
            o.open(); o.key("leadingEllipsis"); o.raw(s.leadingEllipsis ? "true" : "false")
            o.key("segments"); o.segments(s.segments)
            o.key("trailingEllipsis"); o.raw(s.trailingEllipsis ? "true" : "false"); o.close()
        }
        if let subtitle = j.subtitle { o.key("subtitle"); o.string(subtitle) }
        o.close()
        o.text.append("\n")
        return o.text
    }
}
