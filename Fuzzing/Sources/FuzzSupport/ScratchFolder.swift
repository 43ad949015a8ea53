import Foundation

/// A folder for the targets whose format is read from a path: a scan batch's entry file names
/// other files (images, OCR, articles) that must exist beside it. Made once with those files,
/// each input written into it as the entry file, removed when the fuzzer exits.
public final class ScratchFolder: Sendable {
    public let path: String

    /// - Parameter files: relative path → contents.
    public init(_ name: String, files: [String: String]) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)
        for (relative, contents) in files {
            let file = (path as NSString).appendingPathComponent(relative)
            try! FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try! Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        }
        Self.made.append(path)
        if Self.made.count == 1 {
            atexit { for folder in ScratchFolder.made { try? FileManager.default.removeItem(atPath: folder) } }
        }
    }

    /// Writes `bytes` to `relative` in the folder; its full path.
    public func write(_ bytes: [UInt8], to relative: String) -> String {
        let file = (path as NSString).appendingPathComponent(relative)
        try! Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    // Set up before fuzzing starts, on libFuzzer's one thread.
    nonisolated(unsafe) private static var made: [String] = []
}
