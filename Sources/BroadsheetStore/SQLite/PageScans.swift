import BroadsheetCore
import Foundation
import GRDB

/// The page images, PDFs, files and regions a scan import brings, kept in the page, media,
/// page_file and page_region tables (schema v6).
enum PageScans {
    /// Writes one page's scan; false when the archive holds exactly this already.
    static func write(_ db: Database, _ scan: PageScanInput, editionID: Int64, slug: String) throws -> Bool {
        let regions = EditionMerge.scanRegions(scan, slug: slug)
        let files = Set(scan.others.map(\.sha256))
        let number = scan.page.number
        if let row = try Row.fetchOne(db, sql: "SELECT label, name, image, pdf FROM page WHERE edition_id = ? AND number = ?",
                                      arguments: [editionID, number]) {
            let storedRegions = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT record_id, regions FROM page_region WHERE edition_id = ? AND page = ?", arguments: [editionID, number]
            ).map { ($0["record_id"] as String, $0["regions"] as String) })
            let storedFiles = Set(try String.fetchAll(db, sql: "SELECT sha256 FROM page_file WHERE edition_id = ? AND page = ?",
                                                      arguments: [editionID, number]))
            let label: String? = row["label"], name: String? = row["name"], image: String? = row["image"], pdf: String? = row["pdf"]
            if label == scan.page.label, scan.page.name == nil || name == scan.page.name,
               image == scan.image.sha256, pdf == scan.pdf?.sha256,
               storedRegions == regions, storedFiles == files {
                return false
            }
        }
        for file in [scan.image] + (scan.pdf.map { [$0] } ?? []) + scan.others {
            try db.cachedStatement(sql: """
                INSERT INTO media(sha256, name, type, bytes, width, height) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(sha256) DO UPDATE SET width = coalesce(excluded.width, media.width), height = coalesce(excluded.height, media.height)
                """).execute(arguments: [file.sha256, file.name, file.type, file.bytes, file.width, file.height])
        }
        try db.execute(sql: """
            INSERT INTO page(edition_id, number, label, name, image, image_width, image_height, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(edition_id, number) DO UPDATE SET label = excluded.label, name = coalesce(excluded.name, page.name),
                image = excluded.image, image_width = excluded.image_width, image_height = excluded.image_height, pdf = excluded.pdf
            """, arguments: [editionID, number, scan.page.label, scan.page.name, scan.image.sha256, scan.image.width, scan.image.height, scan.pdf?.sha256])
        try db.execute(sql: "DELETE FROM page_region WHERE edition_id = ? AND page = ?", arguments: [editionID, number])
        for (id, encoded) in regions.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO page_region(edition_id, page, record_id, regions) VALUES (?, ?, ?, ?)",
                           arguments: [editionID, number, id, encoded])
        }
        try db.execute(sql: "DELETE FROM page_file WHERE edition_id = ? AND page = ?", arguments: [editionID, number])
        for sha in files.sorted() {
            try db.execute(sql: "INSERT INTO page_file(edition_id, page, sha256) VALUES (?, ?, ?)", arguments: [editionID, number, sha])
        }
        return true
    }

    /// The regions of an edition's pages: page number → record id → regions.
    static func regions(_ db: Database, editionID: Int64) throws -> [Int: [String: [Region]]] {
        var map: [Int: [String: [Region]]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT page, record_id, regions FROM page_region WHERE edition_id = ?"), arguments: [editionID]) {
            map[row["page"], default: [:]][row["record_id"]] = try RegionsColumn.regions(row["regions"])
        }
        return map
    }
}
