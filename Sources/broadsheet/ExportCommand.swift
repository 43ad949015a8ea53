import ArgumentParser
import BroadsheetCore
import BroadsheetStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write articles out as edition text or Broadsheet JSONL.",
        discussion: """
            text: each article as the digital-edition text export; an article imported from that \
            format is written back byte for byte. Several articles are separated by a form-feed line.
            jsonl: one JSON object per line with every field and the original inputs; importing it \
            into an empty archive and exporting again gives the same output.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @OptionGroup var archive: ArchiveOption
    @Option(help: "text or jsonl.") var format: Format = .jsonl
    @Option(help: "Paper slug (e.g. rmrb).") var paper: String?
    @Option(help: "First date, YYYY-MM-DD.") var from: String?
    @Option(help: "Last date, YYYY-MM-DD.") var to: String?
    @Option(help: "One article id.") var id: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() throws {
        let fromDate = try from.map { try parseDate($0, "--from") }
        let toDate = try to.map { try parseDate($0, "--to") }
        let store = try archive.open(readOnly: true)
        let articles = try store.articles(paper: paper, from: fromDate, to: toDate, id: id)
        if let id, articles.isEmpty { throw CLIError("no article with id \(id)") }
        var out = ""
        switch format {
        case .jsonl:
            for a in articles { out += ArticleJSONL.line(a) + "\n" }
        case .text:
            var parts: [String] = []
            for a in articles {
                let originals = a.sources.filter { $0.format == .editionText }
                if originals.isEmpty {
                    parts.append(EditionTextFormat.render(a))
                } else {
                    parts += originals.map(\.text)
                }
            }
            out = parts.joined(separator: "\n\u{0C}\n")
        }
        let data = Data(out.utf8)
        if let output {
            let tmp = output + ".partial"
            guard FileManager.default.createFile(atPath: tmp, contents: data) else { throw CLIError("cannot write \(output)") }
            _ = try? FileManager.default.removeItem(atPath: output)
            try FileManager.default.moveItem(atPath: tmp, toPath: output)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

func parseDate(_ text: String, _ option: String) throws -> IssueDate {
    guard let d = IssueDate(text) else { throw ValidationError("\(option): “\(text)” is not a date (YYYY-MM-DD)") }
    return d
}
