import BroadsheetCore
import Foundation

/// `placement.regions`: a JSON array of polygons, each an array of `[x, y]` points; NULL for none.
enum RegionsColumn {
    static func encode(_ regions: [Region]) -> String? {
        guard !regions.isEmpty else { return nil }
        return "[" + regions.map { r in "[" + r.points.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// The column as regions; none for NULL.
    static func regions(_ text: String?) throws -> [Region] {
        (try decode(text) ?? []).map { Region(points: $0.map { PagePoint(x: $0[0], y: $0[1]) }) }
    }

    static func decode(_ text: String?) throws -> [[[Int]]]? {
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode([[[Int]]].self, from: Data(text.utf8))
        } catch {
            throw StoreError.damaged("placement regions “\(text.prefix(40))” do not decode")
        }
    }
}
