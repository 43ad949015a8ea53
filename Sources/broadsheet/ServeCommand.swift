import ArgumentParser
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Logging
import ServiceLifecycle

/// Options shared by `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (default 8080).")
    var port: Int?
    @Option(help: "Absolute base URL for feeds, the sitemap and OpenSearch (default: http://HOST:PORT).")
    var baseURL: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"
    @Option(help: "Rendered pages kept in memory (0: render every request).")
    var pageCache = 4096
    @Option(help: "Largest file POST /api/v1/imports takes, in MB (413 above it).")
    var maxImportMB = 256
    @Option(help: "Seconds a connection may stay open without a request before it is closed.")
    var idleTimeout = 30

    func configuration(port: Int? = nil, mediaRoot: String? = nil) throws -> WebConfiguration {
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError("unknown log level “\(logLevel)”") }
        guard pageCache >= 0 else { throw CLIError("--page-cache must be 0 or more") }
        guard (1...16_384).contains(maxImportMB) else { throw CLIError("--max-import-mb must be between 1 and 16384") }
        guard (1...3600).contains(idleTimeout) else { throw CLIError("--idle-timeout must be between 1 and 3600 seconds") }
        var configuration = WebConfiguration(host: host, port: port ?? self.port ?? 8080, publicBaseURL: baseURL, logLevel: level,
                                             pageCacheSize: pageCache, maxImportSize: maxImportMB * 1024 * 1024, idleTimeout: idleTimeout)
        configuration.mediaRoot = mediaRoot
        return configuration
    }

    /// Serves `store` until SIGINT/SIGTERM. The URL is printed once the server listens, never
    /// before; a port that is taken is said so. With `tryNextPorts`, and no --port given, the
    /// next ports are tried instead (the demo).
    func serve(
        _ store: any ArchiveStore, mediaRoot: String? = nil, banner: @escaping @Sendable (String) -> String, tryNextPorts: Bool = false,
        services: @escaping (Logger) -> [any Service] = { _ in [] }
    ) async throws {
        let first = port ?? 8080
        let candidates = tryNextPorts && port == nil ? Array(first..<(first + 20)) : [first]
        for (n, candidate) in candidates.enumerated() {
            let configuration = try configuration(port: candidate, mediaRoot: mediaRoot)
            let logger = Logger(label: "broadsheet.web")
            let app = try await buildApplication(store: store, configuration: configuration, logger: logger) { port in
                print(banner("http://\(configuration.host):\(port)/"))
                fflush(nil)  // all streams: naming `stdout` is not concurrency-safe in Swift 6
            }
            do {
                try await runApplication(app, logger: logger, services: [ReadWarmer(store: store, logger: logger)] + services(logger))
                return
            } catch where String(describing: error).contains("Address already in use") {
                // NIO's bind error; its type is not part of this module's dependencies.
                if n + 1 < candidates.count { continue }
                throw CLIError("port \(candidate) on \(host) is taken (another server?): choose another with --port")
            }
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web reader and the JSON API over an archive.",
        discussion: """
            The archive is opened read-only unless it holds a token (`broadsheet tokens create`):             then it also takes writes with `Authorization: Bearer TOKEN` — POST /api/v1/imports,             DELETE /api/v1/articles/ID?reason=…, POST /api/v1/articles/ID/restore, GET /api/v1/log.             Stops gracefully on SIGINT or SIGTERM, letting requests in flight finish.
            """)

    @OptionGroup var archive: ArchiveOption
    @OptionGroup var server: ServerOptions
    @Option(help: "Import what lands in this folder once it stops changing; then move it to imported/ or failed/.")
    var watch: String?
    @Option(help: "Paper name for crawl-layout files in the watched folder (e.g. 人民日报).")
    var watchPaper: String?
    @Option(name: .customLong("replica"), help: """
        A read replica of the archive (a PostgreSQL streaming replica's postgres:// URL; repeat for more): \
        reads are spread over the replicas that have replayed every write, writes go to --db.
        """)
    var replicas: [String] = []

    func run() async throws {
        if let watch {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: watch, isDirectory: &isDir), isDir.boolValue else {
                throw CLIError("--watch \(watch): no such folder")
            }
        }
        var store = try await archive.store(readOnly: true)
        let tokens = try await store.tokens().contains { $0.revoked == nil }
        let writable = tokens || watch != nil
        if writable { store = try await archive.store(readOnly: false) }
        var replicated: ReplicatedArchive?
        if !replicas.isEmpty {
            var opened: [ReplicatedArchive.Replica] = []
            for url in replicas {
                let name = ArchiveOption.displayName(url)
                do {
                    opened.append(.init(name: name, store: try await ArchiveOption.store(at: url, readOnly: true)))
                } catch let e as CLIError {
                    throw CLIError("--replica \(name): \(e.description)")
                }
            }
            replicated = ReplicatedArchive(primary: store, replicas: opened)
            await replicated!.checkHealth()
            store = replicated!
        }
        let path = archive.displayName + (replicas.isEmpty ? "" : " with \(plural(replicas.count, "read replica"))")
        let watched = store
        let monitored = replicated
        try await server.serve(store, mediaRoot: archive.mediaPath, banner: { url in
            "Broadsheet: serving \(path) at \(url)" + (watch.map { " (watching \($0))" } ?? "")
                + (tokens ? " (taking writes with a token)" : " (no tokens: no writes over HTTP)")
        }, services: { logger in
            (watch.map { [WatchFolder(folder: $0, store: watched, paperName: watchPaper, mediaRoot: archive.mediaPath, logger: logger)] } ?? [])
                + (monitored.map { [ReplicaMonitor(archive: $0, logger: logger)] } ?? [])
        })
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a fresh archive from the sample edition (plus any crawl folders given) and serve it.",
        discussion: """
            The archive is a temporary file, removed when the server stops. Crawl folders in the \
            People's Daily layout are imported as 人民日报, e.g. `broadsheet demo ../shared/corpus/rmrb-crawl`.
            """)

    @Argument(help: "Extra folders or files to import (the crawl layout is read as 人民日报).")
    var paths: [String] = []
    @Option(help: "The sample folder (default: ./Samples, or the one next to the source tree of this binary).")
    var samples: String?
    @OptionGroup var server: ServerOptions

    func run() async throws {
        guard let sampleFolder = samples ?? Self.findSamples() else {
            throw CLIError("cannot find the Samples folder; run from the repository root or pass --samples PATH")
        }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("broadsheet-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite")
        let media = MediaStore.beside(database: path)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try? FileManager.default.removeItem(atPath: media)
        }
        do {
            let writable = try SQLiteArchive(path: path)
            print("Building a demo archive from \(([sampleFolder] + paths).joined(separator: ", ")) …")
            var options = Importer.Options(paperName: "人民日报", keepGoing: true)
            options.mediaRoot = media
            let summary = try await Importer(store: writable).run(paths: [sampleFolder] + paths, options: options)
            print("  \(plural(summary.files, "file")), \(plural(summary.store.articles, "article")), \(plural(summary.store.editions, "edition")), \(plural(summary.errors.count, "error"))")
            for e in summary.errors { print("  error: \(e)") }
            for s in summary.skipped.prefix(20) { print("  skipped \(s)") }
        } catch let e as Importer.ImportError {
            throw CLIError(e.description)
        } catch let e as StoreError {
            throw CLIError(e.description)
        } catch let e as Vips.Failure {
            throw CLIError(e.description)
        }
        let store = try SQLiteArchive(path: path, readOnly: true)
        try await server.serve(store, mediaRoot: media, banner: { url in "Broadsheet demo: open \(url)  (Ctrl-C stops it)" }, tryNextPorts: true)
    }

    /// `./Samples`, else the `Samples` folder above the binary (it sits in `.build/…/` of a checkout).
    static func findSamples() -> String? {
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath + "/Samples"]
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Samples").path)
            dir = dir.deletingLastPathComponent()
        }
        return candidates.first { path in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
        }
    }
}
