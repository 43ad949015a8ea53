import BenchSupport
import BroadsheetCore
import BroadsheetSearch
import BroadsheetStore
import BroadsheetWeb
import Foundation
import Hummingbird
import HummingbirdTesting

// research-benchmark: the research tools of issue 11 — trends, keyword in context and the
// export of a whole search — timed through the web application's own router (the code
// `broadsheet serve` runs, without a socket) on archives of 100k and 1M articles recombined
// from the crawl. Run through Benchmarks/research-bench.sh. Options:
//   --corpus DIR      the crawl (default ../shared/corpus/rmrb-crawl)
//   --sizes 100000,1000000
//   --runs N          timed requests per query and measure (default 30)
//   --work DIR        scratch folder (default ./bench-out); archives are kept there and
//                     reused by the next run when their size and seed match
//   --export-runs N   timed runs of each export (default 3)
//   --build-only      build (or check) the archives and stop
//   --only trends,kwic,export,related   measure only these (default all)

var corpusPath = "../shared/corpus/rmrb-crawl"
var sizes = [100_000, 1_000_000]
var runs = 30
var exportRuns = 3
var work = "./bench-out"
var buildOnly = false
var only: Set<String> = ["trends", "kwic", "export", "related"]
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    if a == "--build-only" {
        buildOnly = true
        continue
    }
    guard let v = args.first else { fatalError("\(a) needs a value") }
    args.removeFirst()
    switch a {
    case "--corpus": corpusPath = v
    case "--sizes": sizes = v.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    case "--runs": runs = max(1, Int(v) ?? runs)
    case "--export-runs": exportRuns = max(1, Int(v) ?? exportRuns)
    case "--work": work = v
    case "--only": only = Set(v.split(separator: ",").map(String.init))
    default: fatalError("unknown option \(a)")
    }
}

/// The targets of issue 11, checked at the largest size measured.
enum Target {
    static let trendsP99 = 0.200
    static let kwicP99 = 0.200
    static let exportHitsPerSecond = 20_000.0
    /// Related articles, computed (the store call), at 100k.
    static let relatedP99 = 0.020
}

/// The query classes: what a researcher types, from one character to six queries at once.
let classes: [(name: String, queries: [String])] = [
    ("one character", ["的", "国", "鲸"]),
    ("very common", ["中国", "发展", "人民"]),
    ("rare", ["鲸鱼", "量子通信", "冬奥会"]),
    ("phrase", ["\"改革开放\"", "\"人类命运共同体\"", "\"一带一路\""]),
]
/// One trends request of six queries (the most a request takes).
let sixQueries = "改革开放,脱贫,的,中国,一带一路,鲸"
/// The export: a large result streamed whole, as CSV and as JSON Lines.
let exportQuery = "人民"

func ms(_ s: Double) -> String { s.isNaN ? "n/a" : String(format: "%.1f", s * 1000) }
func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
func query(_ q: String) -> String { q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q }

/// Opens the archive of `size` articles under `work`, building it first unless a previous run
/// left one made from the same corpus seed.
func archive(size: Int, pool: BenchCorpus.Pool, work: String) async throws -> SQLiteArchive {
    let seed: UInt64 = 1949_10_01
    let path = work + "/research-\(size).sqlite"
    let stamp = path + ".built"
    let expected = "\(size) \(seed)"
    if FileManager.default.fileExists(atPath: path),
       let s = try? String(contentsOfFile: stamp, encoding: .utf8), s == expected {
        print("reusing \(path)")
        return try SQLiteArchive(path: path, readOnly: true)
    }
    try? FileManager.default.removeItem(atPath: stamp)
    let corpus = BenchCorpus.make(count: size, pool: pool, seed: seed)
    let store = try BenchArchive.create(path: path)
    let seconds = try await BenchArchive.fill(store, with: corpus)
    print(String(format: "built %@ in %.1f s (%.1f MB raw text)", path, seconds, Double(corpus.rawBytes) / 1_048_576))
    try expected.write(toFile: stamp, atomically: true, encoding: .utf8)
    return try SQLiteArchive(path: path, readOnly: true)
}

/// Latency samples of one measure, by query class.
struct Samples {
    var byClass: [String: [Double]] = [:]
    var order: [String] = []
    mutating func add(_ cls: String, _ s: Double) {
        if byClass[cls] == nil { order.append(cls) }
        byClass[cls, default: []].append(s)
    }
    var all: [Double] { order.flatMap { byClass[$0]! } }
}

struct SizeReport {
    var size: Int
    var measures: [(name: String, samples: Samples)] = []
    var firstRequest: [(String, Double)] = []
    /// Format, hits, wall seconds, CPU seconds of the whole process (server and client).
    var exports: [(String, Int, Double, Double)] = []
    /// Seconds of `related(to:limit: 5)` per article sampled.
    var related: [Double] = []
}

try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
print("reading \(corpusPath) …")
let pool = try BenchCorpus.readPool(corpusPath)
print("pool: \(pool.headlines.count) headlines, \(pool.paragraphs.count) paragraphs; \(runs) runs per query and measure")

var reports: [SizeReport] = []
for size in sizes {
    print("\n=== \(size) articles ===")
    let store = try await archive(size: size, pool: pool, work: work)
    if buildOnly { continue }
    let (runs, exportRuns, only) = (runs, exportRuns, only)
    let app = try await buildApplication(store: store, configuration: WebConfiguration(logLevel: .warning))
    let report = try await app.test(.router) { client -> SizeReport in
        var report = SizeReport(size: size)
        @discardableResult
        func get(_ path: String) async throws -> (Double, ByteBuffer) {
            var body = ByteBuffer()
            let seconds = try await timeAsync {
                let response = try await client.execute(uri: path, method: .get)
                guard response.status == .ok else {
                    throw BenchError("\(path): \(response.status) \(String(buffer: response.body).prefix(300))")
                }
                body = response.body
            }
            return (seconds, body)
        }

        // The first request after opening pays for what is built once per archive revision.
        for (name, path) in [("trends, month", "/api/v1/trends?q=\(query("的"))&interval=month"),
                             ("kwic, date", "/kwic?q=\(query("的"))&sort=date")] {
            let (s, _) = try await get(path)
            report.firstRequest.append((name, s))
        }

        // What each query finds, and a check that trends add up to the search total.
        print(pad("query", 22) + lpad("articles", 10) + "  kwic first page says")
        for (_, qs) in classes {
            for q in qs {
                let (_, body) = try await get("/api/v1/trends?q=\(query(q))&interval=year")
                let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as! [String: Any]
                let series = (json["series"] as! [[String: Any]])[0]
                let total = series["total"] as! Int, counts = series["counts"] as! [Int]
                guard counts.reduce(0, +) == total else { throw BenchError("\(q): periods add up to \(counts.reduce(0, +)), total \(total)") }
                let (_, page) = try await get("/kwic?q=\(query(q))&sort=date")
                let html = String(buffer: page)
                let said = html.range(of: "<p id=\"total\">").flatMap { r in
                    html[r.upperBound...].range(of: " · ").map { String(html[r.upperBound..<$0.lowerBound]) }
                }.map { $0.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression) } ?? "?"
                print(pad(q, 22) + lpad(String(total), 10) + "  " + said)
            }
        }

        func measure(_ name: String, _ path: (String) -> String, six: Bool = false) async throws {
            var samples = Samples()
            let all = classes + (six ? [("six queries", [sixQueries])] : [])
            for (cls, qs) in all {
                for q in qs { try await get(path(q)) }  // warm the OS cache for this query
                for _ in 0..<runs {
                    for q in qs { samples.add(cls, try await get(path(q)).0) }
                }
            }
            report.measures.append((name, samples))
            print("  \(name) done")
        }
        if only.contains("trends") {
            try await measure("trends, month", { "/api/v1/trends?q=\(query($0))&interval=month" }, six: true)
            try await measure("trends, year", { "/api/v1/trends?q=\(query($0))&interval=year" }, six: true)
            try await measure("trends page (SVG)", { "/trends?q=\(query($0))&interval=month" }, six: true)
        }
        if only.contains("kwic") {
            for sort in ["date", "left", "right"] {
                try await measure("kwic page 1, \(sort)", { "/kwic?q=\(query($0))&sort=\(sort)" })
            }
            try await measure("kwic page 2, date", { "/kwic?q=\(query($0))&sort=date&p=2" })
        }

        for format in ["csv", "jsonl"] where only.contains("export") {
            var best = 0.0, hits = 0
            for _ in 0..<exportRuns {
                let cpu = processCPUSeconds()
                let (s, body) = try await get("/search.\(format)?q=\(query(exportQuery))")
                let cpuSeconds = processCPUSeconds() - cpu
                let lines = body.readableBytesView.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } - (format == "csv" ? 1 : 0)
                hits = lines
                best = best == 0 ? s : min(best, s)
                report.exports.append((format, lines, s, cpuSeconds))
            }
            print("  export \(format): \(hits) hits, best \(String(format: "%.2f", best)) s")
        }
        if only.contains("related") {
            // The store call the article page makes, for 200 articles spread over the archive.
            var samples = Samples()
            let ids = stride(from: 0, to: size, by: max(1, size / 200)).map { "b\($0)" }
            for id in ids.prefix(20) { _ = try await store.related(to: id, limit: 5) }  // warm
            for _ in 0..<max(1, runs / 3) {
                for id in ids {
                    samples.add("related", try await timeAsync { _ = try await store.related(to: id, limit: 5) })
                }
            }
            report.related = samples.all
            print("  related done")
        }
        return report
    }
    reports.append(report)
}

// The tables.
for r in reports {
    print("\n--- \(r.size) articles: latency p50 / p99 ms (samples) ---")
    print("first request after opening: " + r.firstRequest.map { "\($0.0) \(ms($0.1))" }.joined(separator: ", "))
    let classNames = classes.map(\.name) + ["six queries"]
    print(pad("measure", 20) + classNames.map { lpad($0, 17) }.joined() + lpad("all", 17))
    for (name, s) in r.measures {
        var line = pad(name, 20)
        for c in classNames {
            let xs = s.byClass[c] ?? []
            line += lpad(xs.isEmpty ? "–" : "\(ms(percentile(xs, 0.5)))/\(ms(percentile(xs, 0.99))) (\(xs.count))", 17)
        }
        let all = s.all
        line += lpad("\(ms(percentile(all, 0.5)))/\(ms(percentile(all, 0.99)))", 17)
        print(line)
    }
    for format in ["csv", "jsonl"] {
        let runs = r.exports.filter { $0.0 == format }
        let rates = runs.map { Double($0.1) / $0.2 }
        let cpu = runs.map { $0.3 / Double(max($0.1, 1)) * 1e6 }
        print("export \(format) (\(exportQuery)): \(runs.first?.1 ?? 0) hits, " + rates.map { String(format: "%.0f", $0) }.joined(separator: " / ")
              + " hits/s; CPU " + cpu.map { String(format: "%.1f", $0) }.joined(separator: " / ") + " µs a hit (server and client)")
    }
}

for r in reports where !r.related.isEmpty {
    print("related articles at \(r.size): p50 \(ms(percentile(r.related, 0.5))) ms, p99 \(ms(percentile(r.related, 0.99))) ms "
          + "(\(r.related.count) samples; target p99 ≤ \(ms(Target.relatedP99)) ms at 100k: "
          + (percentile(r.related, 0.99) <= Target.relatedP99 ? "pass" : "FAIL") + ")")
}

// Pass or fail against the targets, at every size measured (the targets are set at 1M).
print("\n--- targets ---")
for r in reports {
    let trends = r.measures.filter { $0.name.hasPrefix("trends, ") }.flatMap(\.samples.all)
    let kwic = r.measures.filter { $0.name.hasPrefix("kwic page 1") }.flatMap(\.samples.all)
    let export = r.exports.map { Double($0.1) / $0.2 }.min() ?? 0
    func verdict(_ ok: Bool, measured: Bool = true) -> String { !measured ? "not measured" : ok ? "pass" : "FAIL" }
    print("\(r.size) articles: trends p99 \(ms(percentile(trends, 0.99))) ms (≤ \(ms(Target.trendsP99))) \(verdict(percentile(trends, 0.99) <= Target.trendsP99, measured: !trends.isEmpty)); "
          + "kwic first page p99 \(ms(percentile(kwic, 0.99))) ms (≤ \(ms(Target.kwicP99))) \(verdict(percentile(kwic, 0.99) <= Target.kwicP99, measured: !kwic.isEmpty)); "
          + "export \(String(format: "%.0f", export)) hits/s, slowest run (≥ \(Int(Target.exportHitsPerSecond))) \(verdict(export >= Target.exportHitsPerSecond, measured: !r.exports.isEmpty))")
}
