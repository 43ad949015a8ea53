import ArgumentParser
import BroadsheetStore
import Foundation

/// `broadsheet tokens create|list|revoke`: who may write through the web.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke the tokens that may write to the archive over HTTP.",
        discussion: """
            A token is printed once, when created, and stored only as its SHA-256 digest. \
            `broadsheet serve` accepts writes (POST /api/v1/imports, DELETE /api/v1/articles/ID …) \
            with `Authorization: Bearer TOKEN` whenever the archive holds at least one token.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print it (once).")
        @Argument(help: "A name for who holds it, e.g. 夜班编辑.") var name: String
        @OptionGroup var archive: ArchiveOption

        func validate() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 80 else {
                throw ValidationError("the name must be 1 to 80 characters")
            }
        }

        func run() async throws {
            let token = AccessToken.generate()
            do {
                try await archive.store(readOnly: false).createToken(name: name, digest: AccessToken.digest(token), actor: AccessToken.commandLineActor)
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
            print(token)
            printError("token “\(name)” created; it is shown only this once")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (names and dates, never the tokens).")
        @OptionGroup var archive: ArchiveOption

        func run() async throws {
            let tokens = try await archive.store(readOnly: true).tokens()
            for t in tokens { print("\(t.name)\tcreated \(t.created)\t" + (t.revoked.map { "revoked \($0)" } ?? "valid")) }
            printError(plural(tokens.count, "token"))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: from now on it is refused.")
        @Argument(help: "The token's name.") var name: String
        @OptionGroup var archive: ArchiveOption

        func run() async throws {
            guard try await archive.store(readOnly: false).revokeToken(name: name, actor: AccessToken.commandLineActor) else {
                throw CLIError("no valid token named “\(name)”")
            }
            print("token “\(name)” revoked")
        }
    }
}

/// `broadsheet withdraw ID --reason TEXT`.
struct WithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Take an article off the site (410 with the reason); nothing is deleted.")
    @Argument(help: "The article's id.") var id: String
    @Option(help: "Why, shown to readers.") var reason: String
    @OptionGroup var archive: ArchiveOption

    func validate() throws {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("give a --reason") }
    }

    func run() async throws {
        guard let w = try await archive.store(readOnly: false).withdraw(id: id, reason: reason, actor: AccessToken.commandLineActor) else {
            throw CLIError("no article \(id)")
        }
        print(w.reason == reason && w.actor == AccessToken.commandLineActor ? "\(id) withdrawn" : "\(id) was withdrawn already (\(w.at), \(w.reason))")
    }
}

/// `broadsheet restore ID`.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Bring a withdrawn article back.")
    @Argument(help: "The article's id.") var id: String
    @OptionGroup var archive: ArchiveOption

    func run() async throws {
        guard try await archive.store(readOnly: false).restore(id: id, actor: AccessToken.commandLineActor) else {
            throw CLIError("\(id) is not withdrawn")
        }
        print("\(id) restored")
    }
}

/// `broadsheet log`: the audit log.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Every write to the archive: who, what, when (newest first).")
    @Option(help: "How many entries.") var limit = 50
    @OptionGroup var archive: ArchiveOption

    func run() async throws {
        for e in try await archive.store(readOnly: true).auditLog(limit: limit) {
            print("\(e.at)  \(e.actor)  \(e.action)  \(e.subject)" + (e.detail.isEmpty ? "" : "  (\(e.detail))"))
        }
    }
}
