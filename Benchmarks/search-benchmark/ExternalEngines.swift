import BenchSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process fed commands on stdin, answering one line per command on stdout.
final class LineProcess {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    func ask(_ line: String) throws -> String {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
        let fd = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let text = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return text
            }
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { throw BenchError("\(process.executableURL!.path) closed its output") }
            buffer += chunk[0..<n]
        }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Runs a command to the end; returns its standard output and wall time.
@discardableResult
func run(_ executable: String, _ arguments: [String], stdin: String? = nil) throws -> (String, Double) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    if let stdin { p.standardInput = FileHandle(forReadingAtPath: stdin) }
    var data = Data()
    let seconds = try time {
        try p.run()
        data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
    }
    guard p.terminationStatus == 0 || p.terminationStatus == 1 else {
        throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited with \(p.terminationStatus)")
    }
    return (String(decoding: data, as: UTF8.self), seconds)
}

/// Groonga 13 with `TokenBigram` and `NormalizerAuto`, driven over stdio.
final class GroongaEngine {
    let dir: String
    var db: String { dir + "/db.grn" }
    private var session: LineProcess?

    init(dir: String) { self.dir = dir }

    func build(_ corpus: BenchCorpus) throws -> (Double, Int) {
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let loadFile = dir + "/load.grn"
        var text = """
            table_create Articles TABLE_HASH_KEY ShortText
            column_create Articles headline COLUMN_SCALAR Text
            column_create Articles body COLUMN_SCALAR Text\n
            """
        let encoder = JSONEncoder()
        for chunk in stride(from: 0, to: corpus.items.count, by: 5000) {
            let slice = corpus.items[chunk..<min(chunk + 5000, corpus.items.count)]
            let rows = slice.map { ["_key": String($0.id), "headline": $0.headline, "body": $0.body] }
            text += "load --table Articles\n" + String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
        }
        try text.write(toFile: loadFile, atomically: false, encoding: .utf8)
        let (_, loadSeconds) = try run("/usr/bin/groonga", ["-n", db], stdin: loadFile)
        try FileManager.default.removeItem(atPath: loadFile)
        let before = directorySize(dir)
        let indexFile = dir + "/index.grn"
        try """
            table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer TokenBigram --normalizer NormalizerAuto
            column_create Terms idx COLUMN_INDEX|WITH_POSITION|WITH_SECTION Articles headline,body\n
            """.write(toFile: indexFile, atomically: false, encoding: .utf8)
        let (_, indexSeconds) = try run("/usr/bin/groonga", [db], stdin: indexFile)
        try FileManager.default.removeItem(atPath: indexFile)
        let size = directorySize(dir) - before
        session = try LineProcess("/usr/bin/groonga", [db])
        return (loadSeconds + indexSeconds, size)
    }

    private func select(_ q: String, _ rest: String) throws -> (Any, Double) {
        guard let session else { throw BenchError("groonga not built") }
        let line = try session.ask(#"select Articles --match_columns "headline * 8 || body" --query "\"\#(q)\"" --cache no "# + rest)
        guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any],
              let header = json.first as? [Any], header.count >= 3, let elapsed = header[2] as? Double else {
            throw BenchError("groonga: \(line.prefix(200))")
        }
        guard json.count > 1 else { throw BenchError("groonga error: \(line.prefix(300))") }
        return (json[1], elapsed)
    }

    /// Seconds as Groonga reports them (server side, without the pipe).
    func top20(_ q: String) throws -> Double {
        try select(q, #"--limit 20 --sort_keys -_score --output_columns "_key,_score,snippet_html(body)""#).1
    }

    func count(_ q: String) throws -> Double {
        try select(q, "--limit 0").1
    }

    func ids(_ q: String) throws -> Set<Int> {
        let (result, _) = try select(q, "--limit -1 --output_columns _key")
        guard let outer = result as? [Any], let records = outer.first as? [Any] else { return [] }
        return Set(records.dropFirst(2).compactMap { ($0 as? [Any])?.first as? String }.compactMap { Int($0) })
    }

    func close() { session?.close() }
}

/// ripgrep over the TSV file: no index, the scan limit. Line number = article id.
struct RipgrepEngine {
    let tsv: String
    let rg = "/usr/bin/rg"

    func top20(_ q: String) throws -> Double {
        let pattern = ".{0,30}" + NSRegularExpression.escapedPattern(for: q) + ".{0,30}"
        return try run(rg, ["-i", "-m", "20", "-o", "--", pattern, tsv]).1
    }

    func count(_ q: String) throws -> Double {
        try run(rg, ["-i", "-c", "-F", "--", q, tsv]).1
    }

    func ids(_ q: String) throws -> Set<Int> {
        let (out, _) = try run(rg, ["-i", "-F", "-n", "-o", "--", q, tsv])
        var ids = Set<Int>()
        for line in out.split(separator: "\n") {
            if let colon = line.firstIndex(of: ":"), let n = Int(line[..<colon]) { ids.insert(n) }
        }
        return ids
    }
}

/// Lucene 8 with `CJKAnalyzer`, through the Java harness in Benchmarks/lucene; it builds,
/// queries and times itself in one JVM and writes one line per query.
struct LuceneEngine {
    let classpath: String
    let dir: String

    struct Result {
        var buildSeconds: Double
        var indexBytes: Int
        var top20: [Double]
        var count: [Double]
        var found: [String: Set<Int>]
    }

    func run(tsv: String, queries: [String], runs: Int) throws -> Result {
        try? FileManager.default.removeItem(atPath: dir)
        let queryFile = dir + ".queries"
        try queries.joined(separator: "\n").write(toFile: queryFile, atomically: false, encoding: .utf8)
        let (out, _) = try BenchmarkMain.runProcess(
            "/usr/bin/java", ["-Xmx4g", "-cp", classpath, "LuceneBench", tsv, dir, queryFile, String(runs)])
        var result = Result(buildSeconds: 0, indexBytes: 0, top20: [], count: [], found: [:])
        for line in out.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch f.first {
            case "build":
                result.buildSeconds = Double(f[1]) ?? 0
                result.indexBytes = Int(f[2]) ?? 0
            case "query" where f.count >= 5:
                result.top20 += f[2].split(separator: ",").compactMap { Double($0) }
                result.count += f[3].split(separator: ",").compactMap { Double($0) }
                result.found[f[1]] = Set(f[4].split(separator: " ").compactMap { Int($0) })
            default:
                break
            }
        }
        try? FileManager.default.removeItem(atPath: queryFile)
        return result
    }
}
