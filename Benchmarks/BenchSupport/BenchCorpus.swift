import BroadsheetCore
import Foundation

/// A benchmark corpus: new articles recombined from real crawl paragraphs, with dates
/// spread over seven decades, so that size can grow beyond the three months of real text
/// while the language, names and numbers stay real.
public struct BenchCorpus: Sendable {
    public struct Item: Sendable {
        public var id: Int
        public var date: String
        public var page: Int
        public var headline: String
        public var body: String
    }

    public var items: [Item]
    /// UTF-8 bytes of headline + body of every article: the "raw text" sizes are relative to.
    public var rawBytes: Int

    /// Headlines and body paragraphs of every file in the crawl.
    public struct Pool: Sendable {
        public var headlines: [String] = []
        public var paragraphs: [String] = []
    }

    public static func readPool(_ corpus: String) throws -> Pool {
        var pool = Pool()
        let fm = FileManager.default
        var files: [String] = []
        // Walk folders by listing them (FileManager's enumerator skipped the Chinese folder names here).
        var stack = [corpus]
        while let dir = stack.popLast() {
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names {
                let path = dir + "/" + name
                var isDir: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &isDir) else { continue }
                if isDir.boolValue { stack.append(path) } else if name.hasSuffix(".txt") { files.append(path) }
            }
        }
        guard !files.isEmpty else { throw BenchError("no .txt files under \(corpus)") }
        files.sort()
        for f in files {
            guard let data = fm.contents(atPath: f) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            // "\r\n" is one Character in Swift, and a newline.
            let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
            if lines.count > 1, !lines[1].isEmpty { pool.headlines.append(lines[1]) }
            for line in lines.dropFirst(3) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                pool.paragraphs.append(line)
            }
        }
        guard !pool.headlines.isEmpty, !pool.paragraphs.isEmpty else { throw BenchError("empty corpus at \(corpus)") }
        return pool
    }

    /// `count` articles, each a real headline and 1…8 real paragraphs, dated 1950–2020.
    public static func make(count: Int, pool: Pool, seed: UInt64) -> BenchCorpus {
        var items: [Item] = []
        items.reserveCapacity(count)
        var raw = 0
        forEachItem(count: count, pool: pool, seed: seed) { item in
            items.append(item)
            raw += item.headline.utf8.count + item.body.utf8.count
        }
        return BenchCorpus(items: items, rawBytes: raw)
    }

    /// The items `make` returns, one at a time, without holding them: for corpora written out
    /// as files.
    public static func forEachItem(count: Int, pool: Pool, seed: UInt64, _ body: (Item) throws -> Void) rethrows {
        var rng = BenchRNG(seed: seed)
        let firstDay = 0, lastDay = 25_567  // 1950-01-01 … 2019-12-31
        guard count > 0 else { return }
        for i in 1...count {
            let headline = pool.headlines[Int(rng.next() % UInt64(pool.headlines.count))]
            let n = 1 + Int(rng.next() % 8)
            var paragraphs: [String] = []
            for _ in 0..<n { paragraphs.append(pool.paragraphs[Int(rng.next() % UInt64(pool.paragraphs.count))]) }
            let day = firstDay + Int(rng.next() % UInt64(lastDay - firstDay + 1))
            try body(Item(id: i, date: dateString(daysSince1950: day), page: 1 + Int(rng.next() % 16),
                          headline: headline, body: paragraphs.joined(separator: "\n")))
        }
    }

    public static func dateString(daysSince1950 d: Int) -> String {
        var days = d
        var y = 1950
        while true {
            let n = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365
            if days < n { break }
            days -= n
            y += 1
        }
        var m = 1
        while days >= IssueDate.daysIn(month: m, year: y) {
            days -= IssueDate.daysIn(month: m, year: y)
            m += 1
        }
        return IssueDate(year: y, month: m, day: days + 1)!.description
    }

    /// One article per line (`id \t date \t headline \t body`, paragraph breaks as spaces):
    /// the input for Lucene, and the text ripgrep scans (line number = article id).
    public func writeTSV(_ path: String) throws {
        var out = ""
        out.reserveCapacity(rawBytes + items.count * 32)
        for it in items {
            out += "\(it.id)\t\(it.date)\t\(clean(it.headline))\t\(clean(it.body))\n"
        }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func clean(_ s: String) -> String {
        s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// SplitMix64: the same corpus for the same seed on every machine.
public struct BenchRNG: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
