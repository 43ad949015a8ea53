import Foundation

extension MediaStore {
    /// What `copy(_:to:)` did.
    public struct CopyResult: Sendable, Hashable {
        /// Digests whose folders it made in the target: to remove if what names them does not land.
        public var created: [String] = []
        /// Files whose folders were copied, and the bytes of their originals.
        public var files = 0
        public var bytes = 0
        /// Files checked in the target (all of them): each original's SHA-256 read again there.
        public var verified = 0

        public init() {}
    }

    /// Puts the folder of each of `files` — the original and its derivatives (display images,
    /// IIIF tiles) — into `target`, and reads every original there again to check its SHA-256.
    /// A folder the target has already is checked, not copied (its name is its content's
    /// digest); a folder is copied beside its place and moved in whole, so a folder is never
    /// half there. With the same folder on both sides nothing is copied, only checked.
    /// - Throws: `MediaError.missing` (a file not in this store), `.digestMismatch`, `.write`;
    ///   the folders made before the error are removed again.
    public func copy(_ files: [MediaFile], to target: MediaStore) throws -> CopyResult {
        let fm = FileManager.default
        let same = URL(fileURLWithPath: root).standardizedFileURL.path == URL(fileURLWithPath: target.root).standardizedFileURL.path
        var result = CopyResult()
        do {
            for file in files {
                let destination = target.folder(file.sha256)
                if !same && !fm.fileExists(atPath: destination) {
                    guard fm.fileExists(atPath: original(file)) else { throw MediaError.missing(original(file)) }
                    let parent = (destination as NSString).deletingLastPathComponent
                    try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
                    let temporary = parent + "/.incoming-\(UUID().uuidString)"
                    do {
                        try fm.copyItem(atPath: folder(file.sha256), toPath: temporary)
                        try fm.moveItem(atPath: temporary, toPath: destination)
                    } catch {
                        try? fm.removeItem(atPath: temporary)
                        throw MediaError.write(path: destination, reason: "\(error)")
                    }
                    result.created.append(file.sha256)
                    result.files += 1
                    result.bytes += file.bytes
                }
                let kept = target.original(file)
                guard fm.fileExists(atPath: kept) else { throw MediaError.missing(kept) }
                guard Self.digest(ofFile: kept) == file.sha256 else { throw MediaError.digestMismatch(path: kept, expected: file.sha256) }
                result.verified += 1
            }
        } catch {
            target.remove(result.created)
            throw error
        }
        return result
    }
}
