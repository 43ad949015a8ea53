import ArgumentParser
import BroadsheetStore
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: SQLite's integrity, every original and page image against its SHA-256, the search indexes against the text.",
        discussion: """
            Runs PRAGMA integrity_check; unpacks every original input and computes its SHA-256 \
            again against the digest stored at import; tokenizes every article's stored text again \
            and compares it, article by article, with every entry of the bigram and character \
            indexes; computes the SHA-256 of every file of the media folder (page images, PDFs, \
            OCR) again against the digest it is named by. Reads only, so a server may run meanwhile. Lists each problem with its article \
            and source and exits non-zero if there is any.
            """)

    @OptionGroup var archive: ArchiveOption

    func run() async throws {
        let store = try archive.open(readOnly: true, for: "verify")
        let started = Date()
        let media = FileManager.default.fileExists(atPath: archive.mediaPath) ? archive.mediaPath : nil
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
}
