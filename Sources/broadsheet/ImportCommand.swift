import ArgumentParser
import BroadsheetCore
import BroadsheetStore
import Foundation
import Synchronization

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import files or folders (edition-text exports, the crawl layout, Broadsheet JSONL, scan batches).",
        discussion: """
            The format of each file is detected. An import lands whole or not at all: one bad file \
            aborts it and nothing is written, unless --keep-going is given, which imports the good \
            files and lists the bad ones (a bad line of a JSON Lines file is an error for that \
            line). Files in none of the formats are skipped and listed, or are errors with --strict. \
            Importing the same files again changes nothing; a changed file replaces its article. \
            Scan batches (an NDNP batch's *_batch.xml, an article-segmented unit.xml, *.page.json \
            page sidecars) bring page images: they are kept in the media folder (--media) with \
            display sizes, thumbnails and IIIF tiles made by libvips (Debian's libvips-tools).
            """)

    @OptionGroup var archive: ArchiveOption
    @Option(help: "Paper name for crawl-layout files, which carry none (e.g. 人民日报).")
    var paper: String?
    @Flag(help: "Import the good files and list the bad ones instead of aborting.")
    var keepGoing = false
    @Flag(help: "Treat files in none of the formats as errors instead of skipping them.")
    var strict = false
    @Option(help: "URL slug for a paper new to the archive (default: its pinyin initials, or the first free one after them).")
    var slug: String?
    @Option(help: "Embargo: keep the imported editions from readers until this time, e.g. 2019-11-25T00:00+08:00.")
    var publishAt: String?
    @Argument(help: "Files or folders.")
    var paths: [String]

    func validate() throws {
        if let publishAt, PublishTime.parse(publishAt) == nil {
            throw ValidationError("--publish-at “\(publishAt)” is not a time with its offset, such as 2019-11-25T00:00+08:00")
        }
    }

    func run() async throws {
        // An import that fails into an archive it created leaves no file behind.
        let created = !archive.isURL && !FileManager.default.fileExists(atPath: archive.path)
        let failed: Int
        do {
            failed = try await importFiles()
        } catch {
            if created {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: archive.path + suffix) }
            }
            throw error
        }
        // With --keep-going the good files are committed by now: the archive stays, the exit
        // status still says that some were not imported.
        if failed > 0 {
            throw CLIError("\(failed) file(s) could not be imported (listed above); the others were imported")
        }
    }

    /// Imports and prints the summary; the number of files (or JSON Lines lines) left out.
    private func importFiles() async throws -> Int {
        let store = try await archive.store(readOnly: false)
        // Folds the write-ahead log into the file, so the archive takes its own size on disk.
        defer { try? (store as? SQLiteArchive)?.close() }
        // The import is one transaction: stopped by Ctrl-C, nothing of it is kept. Say so.
        signal(SIGINT) { _ in
            let message = "\ninterrupted: the import was rolled back; the archive is as it was before\n"
            _ = message.withCString { write(2, $0, strlen($0)) }
            _exit(130)
        }
        defer { signal(SIGINT, SIG_DFL) }
        let bar = ProgressReporter()
        let started = Date()
        let summary: Importer.Summary
        do {
            var options = Importer.Options(paperName: paper, keepGoing: keepGoing, strict: strict, slug: slug,
                                           publishAt: publishAt.flatMap(PublishTime.parse))
            options.mediaRoot = archive.mediaPath
            summary = try await Importer(store: store).run(paths: paths, options: options, progress: bar.report)
        } catch let e as Importer.ImportError {
            bar.finish()
            throw CLIError(e.description)
        } catch let e as StoreError {
            bar.finish()
            throw CLIError("\(e)\nnothing was imported")
        } catch let e as Vips.Failure {
            bar.finish()
            throw CLIError("\(e)\nnothing was imported")
        } catch let e as MediaError {
            bar.finish()
            throw CLIError(e.description)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        let s = summary.store
        print("""
            imported \(plural(summary.files, "file")) (\(String(format: "%.1f", Double(summary.bytes) / 1_048_576)) MB) in \(String(format: "%.1f", seconds)) s
              editions changed  \(s.editions)
              pages             \(s.pages)
              articles          \(s.articles)
              jumps linked      \(s.stitching.jumpsLinked)
              duplicates merged \(s.stitching.duplicatesMerged)
              unchanged         \(s.unchanged)
              updated           \(s.updated)
              page images       \(s.pageImages)
              skipped           \(summary.skipped.count)
              errors            \(summary.errors.count)
            """)
        for (name, slug) in s.slugsAssigned.sorted(by: { $0.key < $1.key }) {
            print("  \(name) is new and its initials were taken: it is “\(slug)” (choose with --slug)")
        }
        for u in s.stitching.unresolved {
            print("  unresolved jump in \(u.article): \(u.jump.text) (no part of it on page \(u.jump.pageLabel))")
        }
        for path in summary.skipped.prefix(20) { print("  skipped \(path)") }
        for e in summary.errors { printError("error: \(e)") }
        return summary.errors.count
    }
}

/// A progress bar (count, rate, ETA) on a terminal; a plain line every few seconds otherwise.
final class ProgressReporter: Sendable {
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let state = LockedState()

    var report: @Sendable (Importer.Progress) -> Void {
        { [self] p in self.update(p) }
    }

    private func update(_ p: Importer.Progress) {
        let now = Date()
        let (phase, done, total) : (String, Int, Int) = {
            switch p {
            case .reading(let d, let t, _): return ("reading", d, t)
            case .writing(let d, let t): return ("writing editions", d, t)
            case .images(let d, let t): return ("page images", d, t)
            }
        }()
        report(phase: phase, done: done, total: total, now: now)
    }

    /// `done` of `total` in `phase` (a few words: `copying articles`).
    func report(phase: String, done: Int, total: Int, now: Date = Date()) {
        guard let line = state.line(phase: phase, done: done, total: total, now: now, terminal: isTerminal) else { return }
        if isTerminal {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    func finish() {
        if isTerminal && state.printedAny { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// The mutable part of the progress reporter, behind a `Mutex` so the reporter is Sendable.
final class LockedState: Sendable {
    private struct State {
        var phase = ""
        var phaseStart = Date()
        var lastPrint = Date.distantPast
        var printed = false
    }

    private let state = Mutex(State())

    var printedAny: Bool { state.withLock { $0.printed } }

    func line(phase: String, done: Int, total: Int, now: Date, terminal: Bool) -> String? {
        state.withLock { s in
            if phase != s.phase { s.phase = phase; s.phaseStart = now; s.lastPrint = .distantPast }
            let interval = terminal ? 0.1 : 5
            guard now.timeIntervalSince(s.lastPrint) >= interval || done == total else { return nil }
            s.lastPrint = now
            s.printed = true
            let elapsed = now.timeIntervalSince(s.phaseStart)
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            // A rate and an ETA only once there is something to measure them by.
            var speed = ""
            if elapsed >= 0.5 && done < total {
                let rate = Double(done) / elapsed
                speed = terminal ? " \(Int(rate))/s ETA \(Int(Double(total - done) / max(rate, 0.001)))s"
                    : " (\(Int(rate))/s, ETA \(Int(Double(total - done) / max(rate, 0.001))) s)"
            }
            var line = terminal ? "\(phase) \(bar) \(done)/\(total)\(speed)" : "\(phase): \(done)/\(total)\(speed)"
            // After the last edition the store indexes what it wrote and commits: say so, or the
            // bar would sit at the end in silence.
            if phase == "writing editions" && done == total { line += terminal ? " · indexing for search and committing…" : "; indexing for search and committing" }
            return line
        }
    }
}
