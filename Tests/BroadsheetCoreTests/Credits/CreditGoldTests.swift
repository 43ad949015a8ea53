import BroadsheetCore
import Foundation
import Testing

/// The credit reader against the hand-checked list of 200 People's Daily articles in
/// `credits-gold.jsonl` (how it was drawn and checked: README.md beside it). Prints precision
/// and recall per field; the README of the project reports them.
@Suite struct CreditGoldTests {
    struct Entry: Decodable {
        var file: String
        var sample: String
        var authors: [String]
        var photographers: [String]
        var places: [String]
        var agencies: [String]
        var note: String
    }

    static let folder = Fixtures.packageRoot.appendingPathComponent("Tests/BroadsheetCoreTests/Credits")
    static let corpus = Fixtures.packageRoot.appendingPathComponent("../shared/corpus/rmrb-crawl").standardizedFileURL

    static func entries() throws -> [Entry] {
        let text = try String(contentsOf: folder.appendingPathComponent("credits-gold.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    @Test func theListIsWhatItSays() throws {
        let entries = try Self.entries()
        #expect(entries.count >= 150)
        #expect(Set(entries.map(\.file)).count == entries.count)
        #expect(entries.filter { $0.sample == "random" }.count == 150)
    }

    @Test func precisionAndRecallAgainstTheHandCheckedList() throws {
        guard FileManager.default.fileExists(atPath: Self.corpus.path) else {
            print("skipped: no crawl corpus at \(Self.corpus.path)")
            return
        }
        struct Tally { var found = 0, right = 0, expected = 0 }
        var tallies: [Credits.Role: Tally] = [:]
        var misses: [String] = []
        for entry in try Self.entries() {
            let url = Self.corpus.appendingPathComponent(entry.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let record = try CrawlFormat.parse(text, name: url.lastPathComponent, file: entry.file, paperName: "人民日报")
            let credits = CreditReader.read(record)
            let pairs: [(Credits.Role, [String], [String])] = [
                (.author, credits.authors, entry.authors), (.photographer, credits.photographers, entry.photographers),
                (.place, credits.places, entry.places), (.agency, credits.agencies, entry.agencies),
            ]
            for (role, got, want) in pairs {
                let g = Set(got), w = Set(want)
                tallies[role, default: Tally()].found += g.count
                tallies[role, default: Tally()].right += g.intersection(w).count
                tallies[role, default: Tally()].expected += w.count
                if g != w { misses.append("\(entry.file) \(role): got \(got.sorted()) want \(want.sorted())") }
            }
        }
        var all = Tally()
        for role in Credits.Role.allCases {
            let t = tallies[role] ?? Tally()
            all.found += t.found; all.right += t.right; all.expected += t.expected
            print(String(format: "credits %@: precision %.3f (%d/%d), recall %.3f (%d/%d)", role.rawValue,
                         Double(t.right) / Double(max(1, t.found)), t.right, t.found,
                         Double(t.right) / Double(max(1, t.expected)), t.right, t.expected))
        }
        let precision = Double(all.right) / Double(max(1, all.found)), recall = Double(all.right) / Double(max(1, all.expected))
        print(String(format: "credits overall: precision %.3f, recall %.3f", precision, recall))
        for m in misses { print("credits differ: " + m) }
        #expect(precision >= 0.95)
        #expect(recall >= 0.85)
    }
}
