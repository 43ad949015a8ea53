import BroadsheetStore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// `broadsheet serve --replica URL`: checks the replicas of a `ReplicatedArchive` every
/// `interval` (a replica that went down is used again once it answers) and puts each one's
/// health, lag and reads on `/metrics`:
///
///     broadsheet_replica_up{replica="127.0.0.1:55433/postgres"} 1
///     broadsheet_replica_lag_revisions{replica="…"} 0
///     broadsheet_replica_lag_seconds{replica="…"} 0.0
///     broadsheet_replica_reads_total{replica="…"} 1234      (replica="primary": reads it took)
///     broadsheet_replica_failovers_total{replica="…"} 1
public struct ReplicaMonitor: Service {
    let archive: ReplicatedArchive
    let interval: Duration
    let logger: Logger

    public init(archive: ReplicatedArchive, interval: Duration = .seconds(1), logger: Logger) {
        self.archive = archive
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        _ = WebMetrics.registry
        var counted: [String: (reads: Int, failures: Int)] = [:]
        var wasUp: [String: Bool] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await archive.checkHealth()
            for s in archive.status() {
                let dimensions = [("replica", s.name)]
                Gauge(label: "broadsheet_replica_up", dimensions: dimensions).record(s.up ? 1 : 0)
                Gauge(label: "broadsheet_replica_lag_revisions", dimensions: dimensions).record(s.lagRevisions)
                Gauge(label: "broadsheet_replica_lag_seconds", dimensions: dimensions).record(s.lagSeconds)
                let before = counted[s.name] ?? (0, 0)
                Counter(label: "broadsheet_replica_reads_total", dimensions: dimensions).increment(by: s.reads - before.reads)
                Counter(label: "broadsheet_replica_failovers_total", dimensions: dimensions).increment(by: s.failures - before.failures)
                counted[s.name] = (s.reads, s.failures)
                if wasUp[s.name] != s.up {
                    if s.up { logger.info("replica \(s.name) is up", metadata: ["revision": "\(s.revision ?? -1)"]) }
                    else { logger.warning("replica \(s.name) is down: reads go to the other replicas or the primary") }
                    wasUp[s.name] = s.up
                }
            }
            let primaryReads = archive.primaryReads
            Counter(label: "broadsheet_replica_reads_total", dimensions: [("replica", "primary")])
                .increment(by: primaryReads - (counted["primary"]?.reads ?? 0))
            counted["primary"] = (primaryReads, 0)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
