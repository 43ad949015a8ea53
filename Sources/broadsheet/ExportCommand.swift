import ArgumentParser
import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write articles out as edition text or Broadsheet JSONL.",
        discussion: """
            text: each article as the digital-edition text export; an article imported from that \
            format is written back byte for byte. Several articles are separated by a form-feed line.
            jsonl: one JSON object per line with every field and the original inputs; importing it \
            into an empty archive and exporting again gives the same output.
            Articles are read and written a batch at a time, so an export of any size runs in \
            little memory; with --output the file appears only once it is complete.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @OptionGroup var archive: ArchiveOption
    @Option(help: "text or jsonl.") var format: Format = .jsonl
    @Option(help: "Paper, by slug (rmrb, any case) or name (人民日报).") var paper: String?
    @Option(help: "First date: 2019, 2019-10 or 2019-10-01.") var from: String?
    @Option(help: "Last date: 2019, 2019-10 or 2019-10-31.") var to: String?
    @Option(help: "One article id.") var id: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let store = try await archive.store(readOnly: true)
        let selection = try await selection(store)
        let partial = output.map { $0 + ".partial" }
        let handle: FileHandle
        if let partial {
            guard FileManager.default.createFile(atPath: partial, contents: nil), let h = FileHandle(forWritingAtPath: partial) else {
                throw CLIError("cannot write \(output!)")
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        var count = 0
        do {
            var pending = Data()
            for try await a in store.exportArticles(selection) {
                switch format {
                case .jsonl:
                    pending.append(contentsOf: (ArticleJSONL.line(a) + "\n").utf8)
                case .text:
                    let originals = a.sources.filter { $0.format == .editionText }
                    let parts = originals.isEmpty ? [EditionTextFormat.render(a)] : originals.map(\.text)
                    for text in parts {
                        if count > 0 { pending.append(contentsOf: "\n\u{0C}\n".utf8) }
                        pending.append(contentsOf: text.utf8)
                        count += 1
                    }
                }
                if format == .jsonl { count += 1 }
                if pending.count >= 1 << 20 {
                    try handle.write(contentsOf: pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: pending)
        } catch {
            if let partial { try? FileManager.default.removeItem(atPath: partial) }
            throw error
        }
        if let id, count == 0 {
            if let partial { try? FileManager.default.removeItem(atPath: partial) }
            throw CLIError("no article with id \(id)")
        }
        if let output, let partial {
            try handle.close()
            _ = try? FileManager.default.removeItem(atPath: output)
            try FileManager.default.moveItem(atPath: partial, toPath: output)
        }
    }

    /// The options as a selection; an unknown paper or an empty date range is an error, not an
    /// empty export.
    func selection(_ store: any ArchiveStore) async throws -> ArticleSelection {
        let first = try from.flatMap { try parseDate($0, "--from").from }
        let last = try to.flatMap { try parseDate($0, "--to").to }
        if let first, let last, first > last {
            throw CLIError("--from \(from ?? "") is after --to \(to ?? ""): the range holds no date")
        }
        var paperSlug: String?
        if let paper { paperSlug = try await resolvePaper(paper, store) }
        return ArticleSelection(paper: paperSlug, from: first, to: last, id: id)
    }
}

/// A date option as `date:` takes it (2019, 2019-10, 2019-10-01).
func parseDate(_ text: String, _ option: String) throws -> DateRange {
    do {
        return try DateRange(parsing: text)
    } catch {
        throw ValidationError("\(option): “\(text)” is not a date (2019, 2019-10 or 2019-10-01)")
    }
}

/// A paper named by slug (any case) or name; an unknown one is an error naming the known ones.
func resolvePaper(_ text: String, _ store: any ArchiveStore) async throws -> String {
    let papers = try await store.papers()
    if let p = papers.first(where: { $0.paper.slug == text.lowercased() || $0.paper.name == text }) { return p.paper.slug }
    let known = papers.map { "\($0.paper.name) (\($0.paper.slug))" }.joined(separator: ", ")
    throw CLIError("no paper “\(text)” in the archive; it holds \(known.isEmpty ? "no papers yet" : known)")
}
