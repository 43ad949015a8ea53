import BroadsheetStore
import Logging
import ServiceLifecycle

/// Keeps what the store reads once per revision ready before readers ask: at start, and within
/// `interval` of every change of the archive's revision (an import through this server, the
/// watch folder or another process, an embargo coming due), `prepareReads` runs in the
/// background. Without it the first calendar after a write waited two seconds at a million
/// articles, and the first search one.
public struct ReadWarmer: Service {
    let store: any ArchiveStore
    let interval: Duration
    let logger: Logger

    public init(store: any ArchiveStore, interval: Duration = .seconds(2), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var prepared: Int64?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let revision = try await store.revision()
                if revision != prepared {
                    try await store.prepareReads()
                    prepared = revision
                }
            } catch {
                // A reader asking meets the same error and is answered for it; the next round tries again.
                logger.warning("preparing reads failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
