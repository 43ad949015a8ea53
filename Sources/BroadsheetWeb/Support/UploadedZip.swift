import Foundation
import ZIPFoundation

/// A zip of a day's export folder, unpacked for import with what an upload must not do refused:
/// entries with absolute paths, `..`, backslashes or links; more than `maxEntries` entries;
/// more than `maxTotal` bytes unpacked; an entry inflating more than `maxRatio` times its
/// packed size (zip bombs). Sizes are counted as the data inflates, not taken from the headers.
enum UploadedZip {
    static let maxEntries = 20_000
    static let maxRatio: UInt64 = 200

    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// Unpacks the zip at `zip` into `folder`.
    /// - Throws: `Refused` saying why, before or while unpacking (the folder is then to be thrown away).
    static func unpack(_ zip: URL, into folder: URL, maxTotal: Int) throws {
        let archive: Archive
        do {
            archive = try Archive(url: zip, accessMode: .read)
        } catch {
            throw Refused(description: "不是有效的 zip 文件")
        }
        var count = 0, total = 0
        for entry in archive {
            count += 1
            guard count <= maxEntries else { throw Refused(description: "zip 中的文件超过 \(maxEntries) 个") }
            let path = entry.path
            let parts = path.split(separator: "/", omittingEmptySubsequences: true)
            guard !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0"), !parts.contains(".."), !parts.isEmpty,
                  !(parts.first?.contains(":") ?? false) else {
                throw Refused(description: "zip 中的路径不允许：\(path)（不能是绝对路径或含 ..）")
            }
            switch entry.type {
            case .directory: continue
            case .symlink: throw Refused(description: "zip 中不能有链接：\(path)")
            case .file: break
            }
            if entry.compressedSize > 0, entry.uncompressedSize / entry.compressedSize > maxRatio {
                throw Refused(description: "zip 中的 \(path) 解压后是压缩大小的 \(entry.uncompressedSize / entry.compressedSize) 倍：拒绝（疑似 zip 炸弹）")
            }
            let target = parts.reduce(folder) { $0.appendingPathComponent(String($1)) }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: target.path, contents: nil), let handle = FileHandle(forWritingAtPath: target.path) else {
                throw Refused(description: "无法解出 \(path)")
            }
            defer { try? handle.close() }
            var written: UInt64 = 0
            _ = try archive.extract(entry, skipCRC32: false) { data in
                written += UInt64(data.count)
                total += data.count
                if total > maxTotal {
                    throw Refused(description: "zip 解压后超过 \(maxTotal) 字节：拒绝（疑似 zip 炸弹）")
                }
                if entry.compressedSize > 0, written / max(1, entry.compressedSize) > maxRatio + 1 {
                    throw Refused(description: "zip 中的 \(path) 解压后远大于压缩大小：拒绝（疑似 zip 炸弹）")
                }
                try handle.write(contentsOf: data)
            }
        }
    }
}
