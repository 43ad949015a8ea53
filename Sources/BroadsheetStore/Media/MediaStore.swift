import Crypto
import Foundation

/// The media folder beside an archive: every page image, PDF and OCR file as received, each in
/// a folder named by the SHA-256 of its bytes (`ab/abcdef…/original.jp2`), with the derivatives
/// made from it at import (`derived/`: display images, a thumbnail, IIIF tiles). A file is
/// written once and never changed, so it can be served with a long-lived cache and checked
/// against its name at any time.
public struct MediaStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// The default media folder of the archive at `database`: `broadsheet.sqlite` → `broadsheet.media`.
    public static func beside(database: String) -> String {
        let url = URL(fileURLWithPath: database)
        return url.deletingPathExtension().path + ".media"
    }

    /// The derivatives of a page image, by their names under `derived/`.
    public enum Derivative: String, CaseIterable, Sendable {
        /// For reading and the clipping of an article: up to 2,000 pixels wide.
        case large = "large.webp"
        /// For the page view: up to 1,000 pixels wide.
        case medium = "medium.webp"
        /// For page navigation (版面导航): up to 200 pixels wide.
        case thumbnail = "thumb.webp"

        public var width: Int {
            switch self {
            case .large: return 2000
            case .medium: return 1000
            case .thumbnail: return 200
            }
        }
    }

    public static func isDigest(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The folder of the file with digest `sha256`.
    public func folder(_ sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256)"
    }

    /// The original as received: `original.<ext>`.
    public func original(_ file: MediaFile) -> String {
        let ext = (file.name as NSString).pathExtension.lowercased()
        return folder(file.sha256) + "/original" + (ext.isEmpty ? "" : ".\(ext)")
    }

    public func derived(_ sha256: String) -> String { folder(sha256) + "/derived" }

    /// Copies `path` into the store (unless a file with the same bytes is there), returning its
    /// record and whether its folder is new (to remove when the import fails).
    public func put(_ path: String) throws -> (file: MediaFile, created: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError.unreadable(path)
        }
        let digest = SourceDigest.hex(SHA256.hash(data: data))
        let name = (path as NSString).lastPathComponent
        let file = MediaFile(sha256: digest, name: name, type: MediaFile.type(ofName: name), bytes: data.count)
        let dir = folder(digest)
        let target = original(file)
        let fm = FileManager.default
        if fm.fileExists(atPath: target) { return (file, false) }
        let created = !fm.fileExists(atPath: dir)
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temporary = "\(dir)/.incoming-\(UUID().uuidString)"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            try fm.moveItem(atPath: temporary, toPath: target)
        } catch {
            try? fm.removeItem(atPath: temporary)
            throw MediaError.write(path: target, reason: "\(error)")
        }
        return (file, created)
    }

    /// Makes the derivatives of an image (display sizes, thumbnail, IIIF tiles) unless they are
    /// there; they are built in a scratch folder and moved into place whole.
    public func makeDerivatives(_ file: MediaFile) throws {
        let fm = FileManager.default
        let target = derived(file.sha256)
        if fm.fileExists(atPath: target) { return }
        let scratch = folder(file.sha256) + "/.derived-\(UUID().uuidString)"
        try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        do {
            let source = original(file)
            let size = try (file.width.flatMap { w in file.height.map { (w, $0) } }) ?? Vips.size(of: source)
            for d in Derivative.allCases {
                try Vips.thumbnail(source, size: size, width: d.width, to: "\(scratch)/\(d.rawValue)[Q=80]")
            }
            try Vips.iiifTiles(source, to: "\(scratch)/iiif")
            try fm.moveItem(atPath: scratch, toPath: target)
        } catch {
            try? fm.removeItem(atPath: scratch)
            throw error
        }
    }

    /// The SHA-256 of the file at `path`, read a megabyte at a time; nil when it cannot be read.
    public static func digest(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            // nil or empty at the end of the file.
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            return nil
        }
        return SourceDigest.hex(hash.finalize())
    }

    /// Copies every file not yet in `target` there (files never change, so what is there is
    /// right); scratch folders of an import in progress are left out. Returns files and bytes copied.
    public func copy(to target: MediaStore) throws -> (files: Int, bytes: Int) {
        let fm = FileManager.default
        guard let walk = fm.enumerator(atPath: root) else { return (0, 0) }
        var files = 0, bytes = 0
        while let rel = walk.nextObject() as? String {
            if rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let from = root + "/" + rel, to = target.root + "/" + rel
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: from, isDirectory: &isDir), !isDir.boolValue, !fm.fileExists(atPath: to) else { continue }
            let folder = (to as NSString).deletingLastPathComponent
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.incoming-\(UUID().uuidString)"
            do {
                try fm.copyItem(atPath: from, toPath: temporary)
                try fm.moveItem(atPath: temporary, toPath: to)
            } catch {
                try? fm.removeItem(atPath: temporary)
                throw MediaError.write(path: to, reason: "\(error)")
            }
            files += 1
            bytes += (try? fm.attributesOfItem(atPath: to)[.size] as? Int) ?? 0
        }
        return (files, bytes)
    }

    /// Removes folders made by an import that did not land.
    public func remove(_ digests: [String]) {
        for d in digests where Self.isDigest(d) { try? FileManager.default.removeItem(atPath: folder(d)) }
    }

    /// The file at `relative` (`derived/large.webp`, `derived/iiif/…/default.jpg`,
    /// `original.pdf`) inside the folder of `sha256`, if it is there; nothing outside the folder
    /// is ever named.
    public func file(_ sha256: String, _ relative: String) -> String? {
        guard Self.isDigest(sha256), !relative.isEmpty else { return nil }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            guard !part.isEmpty, part != ".", part != "..", !part.hasPrefix("."),
                  part.utf8.allSatisfy({ b in b > 0x20 && b < 0x7f && b != UInt8(ascii: "\\") }) else { return nil }
        }
        let path = folder(sha256) + "/" + relative
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { return nil }
        return path
    }
}

public enum MediaError: Error, CustomStringConvertible, Sendable {
    case unreadable(String)
    case write(path: String, reason: String)
    /// A file the archive names is not in its media folder: where it was looked for.
    case missing(String)
    /// A file whose bytes are not those its name (their SHA-256) promises.
    case digestMismatch(path: String, expected: String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "\(p): cannot read the file"
        case .missing(let p): return "\(p): not there, although the archive names it (is this the archive's media folder?)"
        case .digestMismatch(let p, let expected): return "\(p): its bytes do not have the SHA-256 \(expected) the archive records"
        case .write(let p, let reason): return "\(p): cannot write to the media folder (\(reason)); nothing was imported"
        }
    }
}
