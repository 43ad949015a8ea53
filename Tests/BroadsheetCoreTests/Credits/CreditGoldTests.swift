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

    static func entries(_ list: String = "credits-gold.jsonl") throws -> [Entry] {
        let text = try String(contentsOf: folder.appendingPathComponent(list), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }

    @Test func theListsAreWhatTheySay() throws {
        let tuning = try Self.entries(), holdout = try Self.entries("credits-holdout.jsonl")
        #expect(tuning.count == 200 && holdout.count == 100)
        #expect(Set(tuning.map(\.file)).count == tuning.count)
        #expect(Set(holdout.map(\.file)).isDisjoint(with: tuning.map(\.file)))
        #expect(tuning.filter { $0.sample == "random" }.count == 150)
    }

    struct Score { var precision: Double; var recall: Double }

    /// Precision and recall of (article, role, name) triples, per role and overall; prints them
    /// and every article where the reader and the list differ.
    static func measure(_ list: String) throws -> Score? {
        guard FileManager.default.fileExists(atPath: corpus.path) else {
            print("skipped: no crawl corpus at \(corpus.path)")
            return nil
        }
        struct Tally { var found = 0, right = 0, expected = 0 }
        var tallies: [Credits.Role: Tally] = [:]
        var misses: [String] = []
        for entry in try entries(list) {
            let url = corpus.appendingPathComponent(entry.file)
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
            print(String(format: "credits %@ %@: precision %.3f (%d/%d), recall %.3f (%d/%d)", list, role.rawValue,
                         Double(t.right) / Double(max(1, t.found)), t.right, t.found,
                         Double(t.right) / Double(max(1, t.expected)), t.right, t.expected))
        }
        let score = Score(precision: Double(all.right) / Double(max(1, all.found)), recall: Double(all.right) / Double(max(1, all.expected)))
        print(String(format: "credits %@ overall: precision %.3f, recall %.3f", list, score.precision, score.recall))
        for m in misses { print("credits differ (\(list)): " + m) }
        return score
    }

    /// The list the reader's rules were worked out on.
    @Test func againstTheTuningList() throws {
        guard let score = try Self.measure("credits-gold.jsonl") else { return }
        #expect(score.precision >= 0.98)
        #expect(score.recall >= 0.9)
    }

    /// A list drawn after the rules were written and never used to change them.
    @Test func againstTheHeldOutList() throws {
        guard let score = try Self.measure("credits-holdout.jsonl") else { return }
        #expect(score.precision >= 0.95)
        #expect(score.recall >= 0.7)
    }
}
