import ArgumentParser
import BroadsheetStore
import Foundation

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole archive into a new, empty one: SQLite file or PostgreSQL database, either way.",
        discussion: """
            Every article with its original inputs byte for byte; the target derives its search \
            index, credits and pages again. Afterwards `export --format jsonl` of both is the same. \
            The copy is one transaction on the target, read from the source a batch at a time: it \
            lands whole or not at all, in bounded memory. The target must be empty (a new file, or \
            a database without an archive or with an empty one). Tokens, withdrawals, embargoes, \
            earlier versions and page-scan files are not copied: a source holding any of them is \
            refused unless --articles-only is given. The audit log stays with the source. \
            Page images live in the media folder, which is copied with the files (cp -r).
            """)

    @Option(help: "The archive to copy: an SQLite file or postgres://user:password@host:port/database.")
    var from: String
    @Option(help: "The new archive: an SQLite file that does not exist yet, or an empty PostgreSQL database.")
    var to: String
    @Flag(help: "Copy the articles although the source holds tokens, withdrawals, embargoes, versions or page scans, which stay behind.")
    var articlesOnly = false
    @Option(help: "Articles read and written a batch at a time.")
    var batchSize = 500

    func run() async throws {
        let (fromName, toName) = (ArchiveOption.displayName(from), ArchiveOption.displayName(to))
        guard from != to else { throw CLIError("--from and --to are the same archive (\(fromName))") }
        guard (1...100_000).contains(batchSize) else { throw CLIError("--batch-size must be between 1 and 100000") }
        if !PostgresLocation.isURL(from) && !FileManager.default.fileExists(atPath: from) {
            throw CLIError("--from \(from): no such archive file")
        }
        let newFile = !PostgresLocation.isURL(to) && !FileManager.default.fileExists(atPath: to)
        let source = try await ArchiveOption.store(at: from, readOnly: true)
        let started = Date()
        let bar = ProgressReporter()
        let report: ArchiveCopy.Report
        do {
            let target = try await ArchiveOption.store(at: to, readOnly: false)
            defer { try? (target as? SQLiteArchive)?.close() }
            report = try await ArchiveCopy.run(from: source, to: target, targetName: toName, articlesOnly: articlesOnly, batchSize: batchSize) {
                bar.report(phase: "copying articles", done: $0, total: $1)
            }
        } catch {
            bar.finish()
            // A file this command made is removed, so that a failed copy leaves nothing behind.
            if newFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) } }
            if let e = error as? StoreError { throw CLIError("\(e)\nnothing was copied") }
            throw error
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        print("""
            copied \(plural(report.articles, "article")) from \(fromName) to \(toName) in \(String(format: "%.1f", seconds)) s \
            (\(Int(Double(report.articles) / max(seconds, 0.001))) articles/s)
              editions          \(report.store.editions)
              pages             \(report.store.pages)
            """)
        if !report.leftBehind.isEmpty {
            printError("left behind (--articles-only): \(report.leftBehind.joined(separator: ", "))")
        }
        if report.auditEntries > 0 {
            printError("the source's audit log (\(report.auditEntries == 1 ? "1 entry" : "\(report.auditEntries) entries")) stays with it; the copy's log starts with this copy")
        }
    }
}
