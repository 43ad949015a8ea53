import ArgumentParser
import BroadsheetStore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the archive to a new file (SQLite's online backup).",
        discussion: """
            Safe while a server runs or an import writes: the copy is the archive as of one \
            committed moment. It is written beside DEST and renamed into place when complete, and \
            never overwrites a file. The media folder (page images) is copied beside it \
            (DEST.media), file by file, leaving out files already there. \
            `broadsheet verify --db DEST` checks the copy.
            """)

    @OptionGroup var archive: ArchiveOption
    @Argument(help: "The file to write; must not exist.")
    var destination: String

    func run() async throws {
        let store = try archive.open(readOnly: true, for: "backup")
        let started = Date()
        let revision: Int64
        do {
            revision = try await store.backup(to: destination)
        } catch let e as StoreError {
            throw CLIError(e.description)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        print("backed up \(archive.path) to \(destination) (\(String(format: "%.1f", Double(size) / 1_048_576)) MB, revision \(revision)) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        // Media files are written before the import that names them commits, so a copy taken
        // after the database's holds every file the copied database names.
        if FileManager.default.fileExists(atPath: archive.mediaPath) {
            let target = MediaStore.beside(database: destination)
            do {
                let (files, bytes) = try MediaStore(root: archive.mediaPath).copy(to: MediaStore(root: target))
                print("copied \(plural(files, "media file")) (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MB) to \(target)")
            } catch let e as MediaError {
                throw CLIError(e.description)
            }
        }
    }
}
