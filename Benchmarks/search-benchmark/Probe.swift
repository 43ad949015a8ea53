import BroadsheetSearch
import Foundation
import GRDB

/// `search-benchmark --probe DB`: times each SQL statement read from standard input (one a
/// line) against a benchmark database, with Broadsheet's tokenizer registered, so a slow
/// query can be taken apart without rebuilding a corpus.
enum Probe {
    static func run(_ path: String) throws {
        let queue = try DatabaseQueue(path: path, configuration: BenchDatabase.configuration())
        while let line = readLine() {
            let sql = line.trimmingCharacters(in: .whitespaces)
            guard !sql.isEmpty else { continue }
            try queue.write { db in
                var rows = 0
                var first = ""
                let seconds = try time {
                    let cursor = try Row.fetchCursor(db, sql: sql)
                    while let row = try cursor.next() {
                        if rows == 0 { first = row.description }
                        rows += 1
                    }
                }
                print(String(format: "%8.2f ms  %6d rows  %@  | %@", seconds * 1000, rows, String(first.prefix(60)), String(sql.prefix(120))))
            }
        }
    }
}
