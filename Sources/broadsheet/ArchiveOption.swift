import ArgumentParser
import BroadsheetStore
import Foundation

/// `--db PATH`, defaulting to `BROADSHEET_DB` or `./broadsheet.sqlite`.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: "The archive file (default: $BROADSHEET_DB or ./broadsheet.sqlite).")
    var db: String?

    @Option(name: .long, help: "The folder of page images (default: $BROADSHEET_MEDIA or beside the archive, broadsheet.media).")
    var media: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["BROADSHEET_DB"] ?? "./broadsheet.sqlite"
    }

    var mediaPath: String {
        media ?? ProcessInfo.processInfo.environment["BROADSHEET_MEDIA"] ?? MediaStore.beside(database: path)
    }

    func open(readOnly: Bool) throws -> SQLiteArchive {
        do {
            return try SQLiteArchive(path: path, readOnly: readOnly)
        } catch let e as StoreError {
            throw CLIError(e.description)
        }
    }
}

/// A message for the user and a non-zero exit; no stack trace.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `1 file`, `2 files`.
func plural(_ n: Int, _ noun: String) -> String {
    n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
}
