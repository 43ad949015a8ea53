import ArgumentParser
import BroadsheetStore
import Foundation

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole archive into a new, empty one: SQLite file or PostgreSQL database, either way.",
        discussion: """
            The target becomes the same archive: every article with its original inputs byte for \
            byte (the target derives its search index, credits and pages again), and as they were \
            stored — no time or actor stamped again — the tokens (a token that worked on the \
            source works on the copy), withdrawals, embargoes, earlier versions, page scans and \
            the audit log, to which the copy adds its own entry. Afterwards `export --format \
            jsonl` of both is the same. The copy is one transaction on the target, read from the \
            source a batch at a time: it lands whole or not at all. The target must be empty (a \
            new file, or a database without an archive or with an empty one). \
            Page-scan files (images, PDFs, OCR, with their derivatives) are copied from the \
            source's media folder to the target's, each original's SHA-256 checked there; the \
            folders default to FILE.media beside an SQLite archive and to $BROADSHEET_MEDIA or \
            ./broadsheet.media for a PostgreSQL one (the same folder on both sides: checked, not copied). \
            --articles-only copies the articles alone (withdrawn and embargoed ones become public).
            """)

    @Option(help: "The archive to copy: an SQLite file or postgres://user:password@host:port/database.")
    var from: String
    @Option(help: "The new archive: an SQLite file that does not exist yet, or an empty PostgreSQL database.")
    var to: String
    @Option(help: "The source's media folder (page scans).")
    var fromMedia: String?
    @Option(help: "The target's media folder.")
    var toMedia: String?
    @Flag(help: "Copy only the articles: tokens, withdrawals, embargoes, versions, page scans and the audit log stay behind.")
    var articlesOnly = false
    @Option(help: "Articles read and written a batch at a time.")
    var batchSize = 500

    /// The media folder of the archive at `path` when none is given: beside a file, else
    /// $BROADSHEET_MEDIA or the working directory's (as `--media` defaults).
    static func mediaFolder(of path: String) -> String {
        PostgresLocation.isURL(path)
            ? ProcessInfo.processInfo.environment["BROADSHEET_MEDIA"] ?? "./broadsheet.media"
            : MediaStore.beside(database: path)
    }

    func run() async throws {
        let (fromName, toName) = (ArchiveOption.displayName(from), ArchiveOption.displayName(to))
        guard from != to else { throw CLIError("--from and --to are the same archive (\(fromName))") }
        guard (1...100_000).contains(batchSize) else { throw CLIError("--batch-size must be between 1 and 100000") }
        if !PostgresLocation.isURL(from) && !FileManager.default.fileExists(atPath: from) {
            throw CLIError("--from \(from): no such archive file")
        }
        let newFile = !PostgresLocation.isURL(to) && !FileManager.default.fileExists(atPath: to)
        let media = ArchiveCopy.MediaFolders(
            source: MediaStore(root: fromMedia ?? Self.mediaFolder(of: from)), target: MediaStore(root: toMedia ?? Self.mediaFolder(of: to)))
        let newMediaFolder = !FileManager.default.fileExists(atPath: media.target.root)
        let source = try await ArchiveOption.store(at: from, readOnly: true)
        let started = Date()
        let bar = ProgressReporter()
        let report: ArchiveCopy.Report
        do {
            let target = try await ArchiveOption.store(at: to, readOnly: false)
            defer { try? (target as? SQLiteArchive)?.close() }
            report = try await ArchiveCopy.run(from: source, to: target, targetName: toName, articlesOnly: articlesOnly, media: media, batchSize: batchSize) {
                bar.report(phase: "copying articles", done: $0, total: $1)
            }
        } catch {
            bar.finish()
            // A file this command made is removed, so that a failed copy leaves nothing behind.
            if newFile { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) } }
            if newMediaFolder { try? FileManager.default.removeItem(atPath: media.target.root) }
            if let e = error as? StoreError { throw CLIError("\(e)\nnothing was copied") }
            if let e = error as? MediaError { throw CLIError("\(e)\nnothing was copied") }
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
        if !report.moved.isEmpty { print("  also              \(report.moved.joined(separator: ", "))") }
        if report.media.verified > 0 {
            print("""
                  media files       \(report.media.verified) checked (SHA-256) in \(media.target.root), \(report.media.files) copied \
                (\(String(format: "%.1f", Double(report.media.bytes) / 1_048_576)) MB)
                """)
        }
        if !report.leftBehind.isEmpty {
            printError("left behind (--articles-only): \(report.leftBehind.joined(separator: ", "))")
        }
    }
}
