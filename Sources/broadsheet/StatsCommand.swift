import ArgumentParser
import BroadsheetStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Papers, date ranges, and editions, pages and articles per year.")

    @OptionGroup var archive: ArchiveOption
    @Option(help: "Only this paper, by slug (any case) or name.") var paper: String?

    func run() async throws {
        let store = try await archive.store(readOnly: true)
        var s = try await store.stats()
        if s.papers.isEmpty { print("the archive is empty"); return }
        if let paper {
            let slug = try await resolvePaper(paper, store)
            s.papers = s.papers.filter { $0.paper.slug == slug }
        }
        for p in s.papers {
            let range = [p.firstDate?.description, p.lastDate?.description].compactMap { $0 }.joined(separator: " … ")
            print("\(p.paper.name) (\(p.paper.slug)): \(range), \(plural(p.editions, "edition")), \(plural(p.articles, "article"))")
            print("  year  editions  pages  articles")
            for y in s.years where y.paper == p.paper.slug {
                print("  \(y.year)  \(pad(y.editions, 8))  \(pad(y.pages, 5))  \(pad(y.articles, 8))")
            }
        }
        print("inputs kept byte for byte: \(s.sources)")
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, width - s.count)) + s
    }
}
