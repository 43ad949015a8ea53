import BenchSupport
import BroadsheetCore
import BroadsheetSearch
import Foundation

// search-benchmark: Broadsheet's search against Groonga (TokenBigram), Lucene (CJKAnalyzer),
// SQLite FTS5 trigram and a ripgrep scan, on corpora recombined from the real crawl.
// Run through Benchmarks/search-bench.sh, which installs the peers and builds the Lucene
// harness. Options:
//   --corpus DIR        the crawl (default ../shared/corpus/rmrb-crawl)
//   --sizes 10000,100000[,1000000]
//   --runs N            timed runs per query and measure (default 3)
//   --work DIR          scratch folder (default ./bench-out)
//   --engines broadsheet,trigram,groonga,lucene,ripgrep
//   --lucene-classpath CP
//   --postgres URL      the server for the `postgres` engine (built with --traits PostgreSQL);
//                       a database bench_SIZE is dropped and created there
//   --reuse 1           keep the Broadsheet (SQLite) archive and the database bench_SIZE when
//                       they already hold the corpus (an earlier run's; the cluster kept with
//                       `.ci/pg-cluster.sh keep`): only the queries run for those two engines

enum BenchmarkMain {
    static func runProcess(_ executable: String, _ arguments: [String]) throws -> (String, Double) {
        try run(executable, arguments)
    }
}

var corpusPath = "../shared/corpus/rmrb-crawl"
var sizes = [10_000, 100_000]
var runs = 3
var work = "./bench-out"
var engines: Set<String> = ["broadsheet", "trigram", "groonga", "lucene", "ripgrep"]
var luceneClasspath = ""
var postgresServer = ""
var reuse = false
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    guard let v = args.first else { fatalError("\(a) needs a value") }
    args.removeFirst()
    switch a {
    case "--corpus": corpusPath = v
    case "--sizes": sizes = v.split(separator: ",").compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    case "--runs": runs = max(1, Int(v) ?? 3)
    case "--work": work = v
    case "--engines": engines = Set(v.split(separator: ",").map(String.init))
    case "--lucene-classpath": luceneClasspath = v
    case "--postgres": postgresServer = v
    case "--reuse": reuse = v == "1"
    default: fatalError("unknown option \(a)")
    }
}

func ms(_ s: Double) -> String { s.isNaN ? "n/a" : String(format: "%.2f", s * 1000) }
func mb(_ b: Int) -> String { String(format: "%.1f", Double(b) / 1_048_576) }
func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }

/// Times each query through an archive's search: top-20 and count, `runs` times each after one
/// warm-up count, and keeps what it found.
func measure(_ engine: StoreQueries, _ queries: [String], runs: Int, into report: inout EngineReport) async throws {
    for q in queries {
        _ = try await engine.count(q)
        for _ in 0..<runs {
            report.top20.append(try await timeAsync { try await engine.top20(q) })
            report.countAll.append(try await timeAsync { _ = try await engine.count(q) })
        }
        report.found[q] = try await engine.ids(q)
    }
}

/// Recall over every query of the set: found ∩ truth / truth (micro), and queries answered exactly.
func recall(_ found: [String: Set<Int>], _ truth: [String: Set<Int>]) -> (Double, Int, Int) {
    var hit = 0, all = 0, exact = 0
    for (q, t) in truth {
        let f = found[q] ?? []
        hit += f.intersection(t).count
        all += t.count
        if f == t { exact += 1 }
    }
    return (all == 0 ? 1 : Double(hit) / Double(all), exact, truth.count)
}

try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
print("reading \(corpusPath) …")
let pool = try BenchCorpus.readPool(corpusPath)
print("pool: \(pool.headlines.count) headlines, \(pool.paragraphs.count) paragraphs")

for size in sizes {
    print("\n=== \(size) articles ===")
    let corpus = BenchCorpus.make(count: size, pool: pool, seed: 1949_10_01)
    print("raw text: \(mb(corpus.rawBytes)) MB (headline + body, UTF-8)")
    let truthIndex = TruthIndex(corpus)
    var rng = SeededGenerator(seed: 20191125)
    let sets = QuerySets.make(docs: truthIndex.folded, rng: &rng)
    var queryClass: [String: String] = [:]
    var queries: [String] = []
    for (cls, qs) in sets {
        for q in qs where queryClass[q] == nil {
            queryClass[q] = cls
            queries.append(q)
        }
    }
    var truth: [String: Set<Int>] = [:]
    let truthSeconds = time { for q in queries { truth[q] = truthIndex.ids(q) } }
    print("\(queries.count) queries in \(sets.count) classes; ground truth by byte scan in \(String(format: "%.1f", truthSeconds)) s")

    var reports: [EngineReport] = []
    let tsv = work + "/corpus-\(size).tsv"
    try corpus.writeTSV(tsv)

    if engines.contains("broadsheet") {
        let engine = try await BroadsheetEngine(path: work + "/broadsheet-\(size).sqlite", reuse: reuse, articles: corpus.items.count)
        let (seconds, bytes) = engine.reused ? (0, try engine.indexSize) : try await engine.build(corpus)
        var report = EngineReport(name: "broadsheet", buildSeconds: seconds, indexBytes: bytes)
        report.note = engine.reused ? "build: an earlier run's archive, reused"
            : "build = the store's whole import (documents, placements, pages, both indexes)"
        try await measure(engine.queries, queries, runs: runs, into: &report)
        reports.append(report)
        print("  broadsheet done")
    }

    if engines.contains("postgres") {
        #if PostgreSQL
        guard !postgresServer.isEmpty else { fatalError("the postgres engine needs --postgres URL") }
        let engine = try await PostgresEngine(server: postgresServer, name: "bench_\(size)", reuse: reuse, articles: corpus.items.count)
        let (seconds, bytes, database): (Double, Int, Int)
        if engine.reused {
            let sizes = try await engine.sizes()
            (seconds, bytes, database) = (0, sizes.index, sizes.database)
        } else {
            (seconds, bytes, database) = try await engine.build(corpus)
        }
        var report = EngineReport(name: "postgres", buildSeconds: seconds, indexBytes: bytes)
        report.note = (engine.reused ? "build: an earlier run's database, reused; " : "build = the store's whole import; ")
            + "index = search_posting whole (posting lists, their TOAST, the key index); whole database "
            + "\(mb(database)) MB = \(String(format: "%.2f", Double(database) / Double(corpus.rawBytes)))× raw"
        try await measure(engine.queries, queries, runs: runs, into: &report)
        await engine.store.close()
        reports.append(report)
        print("  postgres done")
        #else
        fatalError("the postgres engine needs a build with --traits PostgreSQL")
        #endif
    }

    if engines.contains("trigram") {
        let engine = try TrigramEngine(path: work + "/trigram-\(size).sqlite")
        let (seconds, bytes) = try engine.build(corpus)
        var report = EngineReport(name: "sqlite-trigram", buildSeconds: seconds, indexBytes: bytes)
        report.note = "rows loaded before the build, not counted"
        for q in queries {
            _ = try engine.count(q)
            for _ in 0..<runs {
                report.top20.append(try time { try engine.top20(q) })
                report.countAll.append(try time { _ = try engine.count(q) })
            }
            report.found[q] = try engine.ids(q)
        }
        reports.append(report)
        print("  sqlite-trigram done")
    }

    if engines.contains("groonga") {
        let g = GroongaEngine(dir: work + "/groonga-\(size)")
        let (seconds, bytes) = try g.build(corpus)
        var report = EngineReport(name: "groonga", buildSeconds: seconds, indexBytes: bytes)
        report.note = "load + static index; latency as Groonga reports it"
        for q in queries {
            _ = try g.count(q)
            for _ in 0..<runs {
                report.top20.append(try g.top20(q))
                report.countAll.append(try g.count(q))
            }
            report.found[q] = try g.ids(q)
        }
        g.close()
        reports.append(report)
        print("  groonga done")
    }

    if engines.contains("lucene") {
        let l = LuceneEngine(classpath: luceneClasspath, dir: work + "/lucene-\(size)")
        let r = try l.run(tsv: tsv, queries: queries, runs: runs)
        var report = EngineReport(name: "lucene-cjk", buildSeconds: r.buildSeconds, indexBytes: r.indexBytes)
        report.top20 = r.top20
        report.countAll = r.count
        report.found = r.found
        report.note = "index excludes stored fields; timed inside the JVM after warm-up"
        reports.append(report)
        print("  lucene done")
    }

    if engines.contains("ripgrep") {
        let rg = RipgrepEngine(tsv: tsv)
        var report = EngineReport(name: "ripgrep", buildSeconds: 0, indexBytes: 0)
        report.note = "no index; process wall time; raw bytes, no folding"
        for q in queries {
            for _ in 0..<runs {
                report.top20.append(try rg.top20(q))
                report.countAll.append(try rg.count(q))
            }
            report.found[q] = try rg.ids(q)
        }
        reports.append(report)
        print("  ripgrep done")
    }

    // The table.
    print("")
    print(pad("engine", 15) + lpad("build s", 9) + lpad("MB/s", 8) + lpad("index MB", 10) + lpad("×raw", 7)
          + lpad("top20 p50", 11) + lpad("p99 ms", 9) + lpad("count p50", 11) + lpad("p99 ms", 9)
          + lpad("recall", 9) + lpad("exact", 8))
    for r in reports {
        let (rec, exact, n) = recall(r.found, truth)
        let mbps = r.buildSeconds > 0 ? String(format: "%.1f", Double(corpus.rawBytes) / 1_048_576 / r.buildSeconds) : "-"
        print(pad(r.name, 15) + lpad(String(format: "%.1f", r.buildSeconds), 9) + lpad(mbps, 8)
              + lpad(mb(r.indexBytes), 10) + lpad(String(format: "%.2f", Double(r.indexBytes) / Double(corpus.rawBytes)), 7)
              + lpad(ms(percentile(r.top20, 0.5)), 11) + lpad(ms(percentile(r.top20, 0.99)), 9)
              + lpad(ms(percentile(r.countAll, 0.5)), 11) + lpad(ms(percentile(r.countAll, 0.99)), 9)
              + lpad(String(format: "%.2f%%", rec * 100), 9) + lpad("\(exact)/\(n)", 8))
    }
    for r in reports where !r.note.isEmpty { print("  \(r.name): \(r.note)") }

    // Recall by query class.
    print("\nrecall by query class (found ∩ truth / truth; exact sets)")
    print(pad("class", 17) + reports.map { lpad($0.name, 16) }.joined())
    for (cls, _) in sets {
        let sub = truth.filter { queryClass[$0.key] == cls }
        print(pad(cls, 17) + reports.map { r -> String in
            let (rec, exact, n) = recall(r.found, sub)
            return lpad(String(format: "%.1f%% %d/%d", rec * 100, exact, n), 16)
        }.joined())
    }
    print("\nlatency p50 / p99 by class, top-20 with snippets (ms)")
    print(pad("class", 17) + reports.map { lpad($0.name, 16) }.joined())
    for (cls, _) in sets {
        let idx = queries.enumerated().filter { queryClass[$0.element] == cls }.map(\.offset)
        print(pad(cls, 17) + reports.map { r -> String in
            let xs = idx.flatMap { i in (0..<runs).compactMap { k in r.top20.indices.contains(i * runs + k) ? r.top20[i * runs + k] : nil } }
            return lpad(ms(percentile(xs, 0.5)) + "/" + ms(percentile(xs, 0.99)), 16)
        }.joined())
    }

    // Broadsheet against each peer.
    if let b = reports.first(where: { $0.name == "broadsheet" }) {
        print("\nbroadsheet ÷ peer (below 1 is better for latency and size; above 1 better for throughput)")
        for r in reports where r.name != "broadsheet" {
            let build = r.buildSeconds > 0 ? String(format: "%.2f", r.buildSeconds / b.buildSeconds) : "-"
            let size = r.indexBytes > 0 ? String(format: "%.2f", Double(b.indexBytes) / Double(r.indexBytes)) : "-"
            print("  vs \(pad(r.name, 15)) throughput ×\(build)  index ×\(size)  top20 p50 ×\(String(format: "%.2f", percentile(b.top20, 0.5) / percentile(r.top20, 0.5)))  p99 ×\(String(format: "%.2f", percentile(b.top20, 0.99) / percentile(r.top20, 0.99)))  count p50 ×\(String(format: "%.2f", percentile(b.countAll, 0.5) / percentile(r.countAll, 0.5)))")
        }
    }
    // Queries where Broadsheet differs from the ground truth, if any.
    if let b = reports.first(where: { $0.name == "broadsheet" }) {
        for q in queries where b.found[q] != truth[q] {
            let f = b.found[q] ?? [], t = truth[q] ?? []
            print("  broadsheet differs on \(q): missing \(t.subtracting(f).count), extra \(f.subtracting(t).count)")
        }
    }
}
