import Foundation
import GRDB

/// Fixity checks and backups. They are operations on the SQLite file (its integrity check, its
/// online backup), so they belong to this backend and are not part of `ArchiveStore`; another
/// backend would bring its own (a PostgreSQL archive has `pg_dump` and `amcheck`).
extension SQLiteArchive {
    /// Checks the archive: SQLite's integrity check, every original input against the SHA-256
    /// stored at import, and both search indexes against the stored text (`ArchiveVerifier`
    /// says exactly what is compared). Reads only, from one snapshot, on a connection of its
    /// own, so a server or an import may go on meanwhile.
    /// `media`: the archive's media folder, whose every file is checked against its digest too.
    public func verify(media: String? = nil) async throws -> Verification {
        var result = try await verifyDatabase()
        if let media {
            let files = try await writer.read { db in try Row.fetchAll(db, sql: "SELECT sha256, name, type, bytes FROM media ORDER BY sha256") }
            result.check(media: files.map { MediaFile(sha256: $0["sha256"], name: $0["name"], type: $0["type"], bytes: $0["bytes"]) }, in: media)
        }
        return result
    }

    private func verifyDatabase() async throws -> Verification {
        guard let path else {
            return try await writer.writeWithoutTransaction { db in try Self.verify(db) }
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in SearchIndex.prepare(db) }
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try await queue.writeWithoutTransaction { db in try Self.verify(db) }
    }

    private static func verify(_ db: Database) throws -> Verification {
        try ArchiveVerifier.prepare(db)
        var result = Verification()
        try db.inTransaction(.deferred) {
            result = try ArchiveVerifier.run(db)
            return .commit
        }
        return result
    }

    /// Writes a consistent copy of the archive to `destination` with SQLite's online backup,
    /// while other connections (a server, an import) go on: the copy is the archive as of one
    /// committed moment, read in a single read transaction; a write committed meanwhile is not
    /// in it. The copy is written beside `destination` and renamed into place when complete,
    /// so a failed backup leaves no partial file. Refuses to overwrite a file. Returns the
    /// copy's revision (the archive's own may have grown since).
    @discardableResult
    public func backup(to destination: String) async throws -> Int64 {
        try await backup(to: destination, pagesPerStep: -1, afterStep: nil)
    }

    /// `backup(to:)` in steps of `pagesPerStep` pages, calling `afterStep` between them (tests
    /// write to the archive there, to see what a backup does with a write it overlaps).
    @discardableResult
    func backup(to destination: String, pagesPerStep: CInt, afterStep: (@Sendable () throws -> Void)?) async throws -> Int64 {
        if FileManager.default.fileExists(atPath: destination) { throw StoreError.backupExists(destination) }
        let partial = destination + ".partial"
        let leftovers = ["", "-journal", "-wal", "-shm"].map { partial + $0 }
        for file in leftovers { try? FileManager.default.removeItem(atPath: file) }
        do {
            let copy = try DatabaseQueue(path: partial)
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // GRDB's backup blocks its thread until done: keep it off the cooperative pool.
                Thread.detachNewThread { [writer] in
                    continuation.resume(with: Result {
                        try writer.backup(to: copy, pagesPerStep: pagesPerStep) { progress in
                            if !progress.isCompleted { try afterStep?() }
                        }
                    })
                }
            }
            let revision = try await copy.read { db in try ArchiveQueries.revision(db) }
            try copy.close()
            guard rename(partial, destination) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
            }
            return revision
        } catch {
            for file in leftovers { try? FileManager.default.removeItem(atPath: file) }
            if let e = error as? DatabaseError, e.resultCode == .SQLITE_FULL { throw StoreError.diskFull(destination) }
            throw error
        }
    }
}
