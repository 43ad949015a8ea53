import ArgumentParser
import BroadsheetCore
import BroadsheetStore

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an article as readable text, with its placements and jumps.")

    @OptionGroup var archive: ArchiveOption
    @Argument(help: "Article id (see `broadsheet export --format jsonl` or search).") var id: String

    func run() async throws {
        let store = try await archive.store(readOnly: true)
        if let a = try await store.article(id: id) {
            print(ArticleText.render(a))
            return
        }
        guard let address = try await store.resolve(id: id), let a = try await store.article(id: address.id) else {
            throw CLIError("no article with id \(id)")
        }
        printError("\(id) is \(address.id)" + (address.page.map { ", its part on page \($0)" } ?? ""))
        print(ArticleText.render(a))
    }
}

/// An article as plain text for a terminal.
enum ArticleText {
    static func render(_ a: Article) -> String {
        var lines: [String] = []
        let pages = a.placements.map { p in "第\(p.page.label)版" + (p.page.name.map { " \($0)" } ?? "") }
        lines.append("\(a.paper.name)  \(a.date) \(a.date.chineseWeekday)  \(pages.joined(separator: " / "))  [\(a.id)]")
        lines.append("")
        if let k = a.kicker { lines.append(k) }
        lines.append("【\(a.headline)】")
        if let s = a.subtitle { lines.append(s) }
        if !a.bylines.isEmpty { lines.append(a.bylines.joined(separator: "  ")) }
        lines.append("")
        for (i, block) in a.blocks.enumerated() {
            if let p = a.placements.first(where: { $0.blockStart == i }), a.placements.count > 1 {
                lines.append("  ── 第\(p.page.label)版" + (p.page.name.map { " \($0)" } ?? "") + " ──")
            }
            switch block {
            case .paragraph(let t): lines.append("　　" + t)
            case .subhead(let t): lines.append("　　▍" + t)
            case .jump(let j):
                // The page as the archive labels it (05, as in the page lines), not as the jump line wrote it (五).
                let target = a.placements.first { $0.page.number == j.pageNumber }?.page
                lines.append("　　" + j.text + (target.map { "  → 第\($0.label)版" } ?? "  (other part not in the archive)"))
            }
        }
        lines.append("")
        lines.append("placements:")
        for p in a.placements {
            lines.append("  page \(p.page.label)\(p.page.name.map { " \($0)" } ?? ""), article \(p.order) on the page, blocks \(p.blockStart)..<\(p.blockEnd)")
        }
        let resolved = a.resolvedJumps, unresolved = a.unresolvedJumps
        if !resolved.isEmpty || !unresolved.isEmpty {
            lines.append("jumps:")
            for j in resolved { lines.append("  \(j.text) linked (page \(j.pageLabel))") }
            for j in unresolved { lines.append("  \(j.text) unresolved: page \(j.pageLabel) holds no part of this article") }
        }
        let credits = CreditReader.read(a)
        if !credits.isEmpty {
            lines.append("credits (read from the text):")
            for (label, names) in [("authors", credits.authors), ("photographers", credits.photographers),
                                   ("places", credits.places), ("agencies", credits.agencies)] where !names.isEmpty {
                lines.append("  \(label): " + names.joined(separator: ", "))
            }
        }
        lines.append("sources: " + a.sources.map { "\($0.name) (\($0.format.rawValue))" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
