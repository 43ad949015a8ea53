import ArgumentParser
import BroadsheetStore
import Foundation

/// `broadsheet related ID`: the articles the article page lists as related, with their scores.
struct RelatedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related", abstract: "Articles related to an article: the same story on other days, follow-ups.")

    @Argument(help: "The article's id.") var id: String
    @Option(help: "How many at most.") var limit = 5
    @OptionGroup var archive: ArchiveOption

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
    }

    func run() async throws {
        let store = try await archive.store(readOnly: true)
        guard let article = try await store.article(id: id) else { throw CLIError("no article \(id)") }
        let start = DispatchTime.now().uptimeNanoseconds
        let related = try await store.related(to: article.id, limit: limit)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print("\(article.date)  \(article.headline)  [\(article.id)]")
        for r in related {
            print(String(format: "  %6.1f  ", r.score) + "\(r.date)  \(r.headline)  [\(r.id)]")
        }
        printError("\(plural(related.count, "related article")) in \(String(format: "%.1f", ms)) ms")
    }
}
