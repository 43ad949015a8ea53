import BroadsheetStore
import Foundation
import Logging
import ServiceLifecycle

/// `broadsheet serve --watch DIR`: imports what lands in a folder once it has stopped changing
/// (the same size and time at two looks `interval` apart), each file or folder on its own, all
/// or nothing, then moves it to `DIR/imported/`, or to `DIR/failed/` with the error text beside
/// it (`NAME.error.txt`). Names starting with a dot are left alone (files being written).
public struct WatchFolder: Service {
    let folder: URL
    let store: any ArchiveStore
    let paperName: String?
    /// Where page images of scan batches dropped in the folder are kept.
    let mediaRoot: String?
    let interval: Duration
    let logger: Logger

    public init(folder: String, store: any ArchiveStore, paperName: String?, mediaRoot: String? = nil, interval: Duration = .seconds(2), logger: Logger) {
        self.mediaRoot = mediaRoot
        self.folder = URL(fileURLWithPath: folder)
        self.store = store
        self.paperName = paperName
        self.interval = interval
        self.logger = logger
    }

    struct Signature: Equatable { var size: Int; var modified: Date }

    public func run() async throws {
        let fm = FileManager.default
        for sub in ["imported", "failed"] {
            try fm.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var seen: [String: Signature] = [:]
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            guard !Task.isShuttingDownGracefully else { return }
            let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            var now: [String: Signature] = [:]
            for name in names where !name.hasPrefix(".") && name != "imported" && name != "failed" {
                now[name] = signature(folder.appendingPathComponent(name))
            }
            for (name, sig) in now.sorted(by: { $0.key < $1.key }) where seen[name] == sig {
                await importEntry(name)
                now[name] = nil
            }
            seen = now
        }
    }

    /// Size and latest modification of a file, or of everything in a folder.
    func signature(_ url: URL) -> Signature {
        let fm = FileManager.default
        func attributes(_ path: String) -> (Int, Date) {
            let a = (try? fm.attributesOfItem(atPath: path)) ?? [:]
            return ((a[.size] as? NSNumber)?.intValue ?? 0, (a[.modificationDate] as? Date) ?? .distantPast)
        }
        var (size, modified) = attributes(url.path)
        if let walker = fm.enumerator(atPath: url.path) {
            while let rel = walker.nextObject() as? String {
                let (s, m) = attributes(url.path + "/" + rel)
                size += s
                modified = max(modified, m)
            }
        }
        return Signature(size: size, modified: modified)
    }

    func importEntry(_ name: String) async {
        let source = folder.appendingPathComponent(name)
        let actor = "watch:" + folder.path
        do {
            var options = Importer.Options(paperName: paperName, strict: true, actor: actor)
            options.mediaRoot = mediaRoot
            let summary = try await Importer(store: store).run(
                paths: [source.path], options: options)
            move(source, to: "imported")
            logger.info("watch: imported", metadata: [
                "name": "\(name)", "articles": "\(summary.store.articles)", "editions": "\(summary.store.editions)"])
        } catch {
            let failed = move(source, to: "failed")
            let text = "\(error)".replacingOccurrences(of: folder.path + "/", with: "") + "\n"
            FileManager.default.createFile(atPath: failed.path + ".error.txt", contents: Data(text.utf8))
            logger.warning("watch: import failed", metadata: ["name": "\(name)", "error": "\(text)"])
        }
    }

    /// Moves `source` into `sub`, under a name of its own if that one is taken.
    @discardableResult
    func move(_ source: URL, to sub: String) -> URL {
        let fm = FileManager.default
        var target = folder.appendingPathComponent(sub).appendingPathComponent(source.lastPathComponent)
        var n = 2
        while fm.fileExists(atPath: target.path) {
            target = folder.appendingPathComponent(sub).appendingPathComponent("\(n)-" + source.lastPathComponent)
            n += 1
        }
        do {
            try fm.moveItem(at: source, to: target)
        } catch {
            logger.error("watch: cannot move", metadata: ["name": "\(source.lastPathComponent)", "error": "\(error)"])
        }
        return target
    }
}
