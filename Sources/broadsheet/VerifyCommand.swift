import ArgumentParser
import BroadsheetStore
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the archive: SQLite's integrity, every original against its SHA-256, the search indexes against the text.",
        discussion: """
            Runs PRAGMA integrity_check; unpacks every original input and computes its SHA-256 \
            again against the digest stored at import; tokenizes every article's stored text again \
            and compares it, article by article, with every entry of the bigram and character \
            indexes. Reads only, so a server may run meanwhile. Lists each problem with its article \
            and source and exits non-zero if there is any.
            """)

    @OptionGroup var archive: ArchiveOption

    func run() async throws {
        let store = try archive.open(readOnly: true)
        let started = Date()
        let v = try await store.verify()
        for p in v.problems { print("problem: \(p)") }
        print("""
            checked \(archive.path) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s
              integrity_check   \(v.problems.contains { $0.kind == .integrity } ? "FAILED" : "ok")
              originals         \(v.originals) (SHA-256)
              articles          \(v.articles) against both search indexes
              index entries     \(v.indexedTokens) bigram tokens, \(v.indexedCharacters) characters
              problems          \(v.problems.count)
            """)
        if !v.isClean { throw CLIError("\(plural(v.problems.count, "problem")) found (listed above)") }
    }
}
