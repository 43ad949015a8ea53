import ArgumentParser
import BroadsheetStore
import Foundation

/// `--db PATH` or `--db postgres://user:password@host:port/database`, defaulting to
/// `BROADSHEET_DB` or `./broadsheet.sqlite`.
struct ArchiveOption: ParsableArguments {
    @Option(name: .long, help: """
        The archive: an SQLite file, or a PostgreSQL database as postgres://user:password@host:port/database \
        (a binary built with --traits PostgreSQL) (default: $BROADSHEET_DB or ./broadsheet.sqlite).
        """)
    var db: String?

    @Option(name: .long, help: """
        The folder of page images (default: $BROADSHEET_MEDIA, else beside an archive file, broadsheet.media; \
        ./broadsheet.media for a PostgreSQL archive).
        """)
    var media: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["BROADSHEET_DB"] ?? "./broadsheet.sqlite"
    }

    /// True when the archive is a PostgreSQL database, not a file.
    var isURL: Bool { PostgresLocation.isURL(path) }

    /// The archive as the user may see it named: a URL without its password.
    var displayName: String { Self.displayName(path) }

    /// `path` as the user may see it: a URL without its password.
    static func displayName(_ path: String) -> String {
        PostgresLocation.isURL(path) ? PostgresLocation(url: path).map(\.description) ?? "a postgres:// URL" : path
    }

    /// A PostgreSQL archive has no folder beside it: its media default to the working directory's.
    var mediaPath: String {
        media ?? ProcessInfo.processInfo.environment["BROADSHEET_MEDIA"]
            ?? (isURL ? "./broadsheet.media" : MediaStore.beside(database: path))
    }

    /// The archive, whichever backend holds it.
    func store(readOnly: Bool) async throws -> any ArchiveStore {
        guard isURL else { return try open(readOnly: readOnly) }
        return try await Self.store(at: path, readOnly: readOnly)
    }

    /// The archive at `path`, an SQLite file or a `postgres://` URL (`--from`, `--to`, `--replica`).
    static func store(at path: String, readOnly: Bool) async throws -> any ArchiveStore {
        guard PostgresLocation.isURL(path) else {
            do {
                return try SQLiteArchive(path: path, readOnly: readOnly)
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
        }
        #if PostgreSQL
        guard let location = PostgresLocation(url: path) else {
            throw CLIError("\(path): not a URL of the form postgres://user:password@host:port/database")
        }
        do {
            return try await PostgresArchive(location: location, readOnly: readOnly)
        } catch let e as StoreError {
            throw CLIError(e.description)
        }
        #else
        throw CLIError("""
            \(displayName(path)) is a PostgreSQL archive, and this broadsheet was built without PostgreSQL: \
            build it with `swift build --traits PostgreSQL` (or use an SQLite file)
            """)
        #endif
    }

    /// The archive as an SQLite file, for what only a file has (backup, verify).
    /// - Parameter command: what needs the file, for the message when the archive is a URL.
    func open(readOnly: Bool, for command: String? = nil) throws -> SQLiteArchive {
        if isURL {
            throw CLIError("""
                \(command ?? "this command") works on an SQLite archive file; \(displayName) is a PostgreSQL database \
                (back it up with pg_dump or pg_basebackup; `broadsheet export --format jsonl` reads either)
                """)
        }
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
