import BenchSupport
import Foundation

// Writes the benchmark corpus (real crawl headlines and paragraphs recombined, dated
// 1950–2019, as the search benchmark makes it) out as files in the crawl's own layout,
// `<root>/<YYYY年M月>/<YYYYMMDD>/<YYYYMMDD>-<PP>-<NN>.txt`, so that `broadsheet import` loads it
// as a new user would load a crawl: editions, pages and articles.
//
//   make-crawl COUNT OUT [--corpus ../shared/corpus/rmrb-crawl] [--seed 19491001]

let usage = "usage: make-crawl COUNT OUT [--corpus DIR] [--seed N]"
var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    defer { args.removeSubrange(i...(i + 1)) }
    return args[i + 1]
}
let corpus = option("--corpus") ?? "../shared/corpus/rmrb-crawl"
let seed = option("--seed").flatMap(UInt64.init) ?? 1949_10_01
guard args.count == 2, let count = Int(args[0]), count > 0 else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let root = URL(fileURLWithPath: args[1])
let fm = FileManager.default
guard !fm.fileExists(atPath: root.path) else {
    FileHandle.standardError.write(Data("make-crawl: \(root.path) exists; remove it or name another folder\n".utf8))
    exit(2)
}

do {
    let pool = try BenchCorpus.readPool(corpus)
    let started = Date()
    // Articles per page of each date, for the NN of the file name (two digits: at most 99).
    var perPage: [String: Int] = [:]
    var madeFolders = Set<String>()
    var files = 0, bytes = 0, skipped = 0
    try BenchCorpus.forEachItem(count: count, pool: pool, seed: seed) { item in
        let compact = item.date.replacingOccurrences(of: "-", with: "")
        let key = compact + String(item.page)
        let n = perPage[key, default: 0] + 1
        guard n <= 99 else { skipped += 1; return }
        perPage[key] = n
        let year = compact.prefix(4), month = Int(compact.dropFirst(4).prefix(2))!
        let folder = "\(year)年\(month)月/\(compact)"
        if madeFolders.insert(folder).inserted {
            try fm.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let name = "\(compact)-\(item.page < 10 ? "0" : "")\(item.page)-\(n < 10 ? "0" : "")\(n).txt"
        // Line 1 kicker (empty), 2 headline, 3 subtitle (empty), then the paragraphs as the
        // crawl has them (indents included); CRLF as in the crawl.
        let text = "\r\n" + item.headline + "\r\n\r\n" + item.body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        let data = Data(text.utf8)
        try data.write(to: root.appendingPathComponent(folder + "/" + name))
        files += 1
        bytes += data.count
        if files % 100_000 == 0 {
            print("  \(files) files, \(bytes / 1_000_000) MB, \(Int(Date().timeIntervalSince(started))) s")
        }
    }
    print("wrote \(files) files, \(bytes) bytes (\(bytes / 1_000_000) MB) under \(root.path) in \(Int(Date().timeIntervalSince(started))) s"
          + (skipped > 0 ? "; \(skipped) items left out (over 99 on one page)" : ""))
} catch {
    FileHandle.standardError.write(Data("make-crawl: \(error)\n".utf8))
    exit(1)
}
