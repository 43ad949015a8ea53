import ArgumentParser
import BroadsheetStore
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: SQLite's integrity, every original and page image against its SHA-256, the search indexes against the text (on PostgreSQL too).",
        discussion: """
            Runs PRAGMA integrity_check; unpacks every original input and computes its SHA-256 \
            again against the digest stored at import; tokenizes every article's stored text again \
            and compares it, article by article, with every entry of the bigram and character \
            indexes; computes the SHA-256 of every file of the media folder (page images, PDFs, \
            OCR) again against the digest it is named by. Reads only, so a server may run meanwhile. Lists each problem with its article \
            and source and exits non-zero if there is any. On a PostgreSQL archive (--db postgres://…) the same, \
            each article's token list standing for the indexes, and the server's page checks left to the server.
            """)

    @OptionGroup var archive: ArchiveOption

    func run() async throws {
        let started = Date()
        let media = FileManager.default.fileExists(atPath: archive.mediaPath) ? archive.mediaPath : nil
        if archive.isURL {
            try await verifyPostgres(media: media, started: started)
            return
        }
        let store = try archive.open(readOnly: true, for: "verify")
        let v = try await store.verify(media: media)
        for p in v.problems { print("problem: \(p)") }
        print("""
            checked \(archive.path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s
              integrity_check   \(v.problems.contains { $0.kind == .integrity } ? "FAILED" : "ok")
              originals         \(v.originals) (SHA-256)
              articles          \(v.articles) against both search indexes
              index entries     \(v.indexedTokens) bigram tokens, \(v.indexedCharacters) characters
              media files       \(v.mediaFiles) (SHA-256)\(media.map { " in \($0)" } ?? "")
              problems          \(v.problems.count)
            """)
        if !v.isClean { throw CLIError("\(plural(v.problems.count, "problem")) found (listed above)") }
    }

    private func verifyPostgres(media: String?, started: Date) async throws {
        #if PostgreSQL
        guard let postgres = try await archive.store(readOnly: true) as? PostgresArchive else { return }
        let v: Verification
        do {
            v = try await postgres.verify(media: media)
        } catch let e as StoreError {
            await postgres.close()
            throw CLIError(e.description)
        }
        await postgres.close()
        for p in v.problems { print("problem: \(p)") }
        print("""
            checked \(archive.displayName) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s
              integrity         the server's own (data checksums, amcheck), not checked here
              originals         \(v.originals) (SHA-256)
              articles          \(v.articles) against their entries in the search index (search_posting)
              media files       \(v.mediaFiles) (SHA-256)\(media.map { " in \($0)" } ?? "")
              problems          \(v.problems.count)
            """)
        if !v.isClean { throw CLIError("\(plural(v.problems.count, "problem")) found (listed above)") }
        #else
        _ = try await archive.store(readOnly: true)
        #endif
    }
}
