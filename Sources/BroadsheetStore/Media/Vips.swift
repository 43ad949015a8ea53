import Foundation

/// The `vips` command-line tools (Debian's `libvips-tools`), which read and write every image
/// the archive keeps: JPEG 2000 scans, TIFF, PDF pages (through poppler), JPEG, PNG, WebP.
/// Broadsheet decodes no image itself.
public enum Vips {
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case missing
        case failed(command: String, file: String, output: String)

        public var description: String {
            switch self {
            case .missing:
                return "page images need libvips, which is not installed: install Debian's libvips-tools (apt-get install libvips-tools) and import again"
            case .failed(let command, let file, let output):
                return "\(file): vips \(command) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
            }
        }
    }

    /// The `vips` executable on `PATH`, if any.
    public static var executable: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in paths {
            let candidate = "\(dir)/vips"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static var isAvailable: Bool { executable != nil }

    /// Pixel width and height of `file` (a PDF's first page at 72 dpi).
    public static func size(of file: String) throws -> (width: Int, height: Int) {
        let out = try run(tool: "vipsheader", ["-a", file], file: file)
        var width: Int?, height: Int?
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            if parts[0] == "width" { width = Int(parts[1]) }
            if parts[0] == "height" { height = Int(parts[1]) }
        }
        guard let width, let height else { throw Failure.failed(command: "vipsheader", file: file, output: "no width and height in: \(out.prefix(200))") }
        return (width, height)
    }

    /// A copy of `file` (`size` pixels) at most `width` pixels wide, never enlarged, written to
    /// `output` (its extension picks the format, e.g. `.webp[Q=80]`). The box is given exactly:
    /// vips 8.14 shrinks a JPEG 2000 to its smallest level when asked for `--size down`.
    public static func thumbnail(_ file: String, size: (width: Int, height: Int), width: Int, to output: String) throws {
        let w = min(width, size.width)
        let h = max(1, Int((Double(size.height) * Double(w) / Double(size.width)).rounded(.up)))
        _ = try run(tool: "vips", ["thumbnail", file, output, "\(w)", "--height", "\(h)"], file: file)
    }

    /// Deep-zoom tiles in the IIIF Image API level-0 layout, in the folder `output`.
    public static func iiifTiles(_ file: String, to output: String, tileSize: Int = 512) throws {
        _ = try run(tool: "vips", ["dzsave", file, output, "--layout", "iiif3", "--tile-size", "\(tileSize)", "--suffix", ".jpg[Q=82]",
                                   "--id", "broadsheet"], file: file)
    }

    @discardableResult
    static func run(tool: String, _ arguments: [String], file: String) throws -> String {
        guard let vips = executable else { throw Failure.missing }
        let path = (vips as NSString).deletingLastPathComponent + "/" + tool
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Output goes to a file, not a pipe: Foundation's pipe reads trap on EINTR, which a
        // signal to this process (a child ending, say) causes.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-vips-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil), let handle = try? FileHandle(forWritingTo: log) else {
            throw Failure.failed(command: tool, file: file, output: "cannot write \(log.path)")
        }
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: log)
        }
        process.standardOutput = handle
        process.standardError = handle
        var env = ProcessInfo.processInfo.environment
        env["VIPS_WARNING"] = "0"
        process.environment = env
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: FileManager.default.contents(atPath: log.path) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure.failed(command: ([tool] + arguments.prefix(1)).joined(separator: " "), file: file, output: output)
        }
        return output
    }
}
