import Foundation

/// Paths of the repository's sample and the shared corpus, found from this file's location.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seedPath = packageRoot.appendingPathComponent("Samples/zjrb-20191125-20102773.txt").path
    static var seedText: String { try! String(contentsOfFile: seedPath, encoding: .utf8) }
    static var seedBytes: [UInt8] { [UInt8](FileManager.default.contents(atPath: seedPath)!) }
}
