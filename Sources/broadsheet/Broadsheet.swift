import ArgumentParser

/// `broadsheet`: a digital-newspaper archive and reader.
@main
struct Broadsheet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broadsheet",
        abstract: "A digital-newspaper archive: import editions, stitch articles across pages, search, serve, export.",
        subcommands: [
            DemoCommand.self, ImportCommand.self, ExportCommand.self, ShowCommand.self, StatsCommand.self,
            SearchCommand.self, KwicCommand.self, TrendsCommand.self, RelatedCommand.self, ServeCommand.self,
            TokensCommand.self, WithdrawCommand.self, RestoreCommand.self, LogCommand.self,
            VerifyCommand.self, BackupCommand.self, CopyCommand.self,
        ])
}
