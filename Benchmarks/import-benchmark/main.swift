// Import throughput on the whole crawl corpus, beside a raw SQLite insert of the same rows.
//
//   swift run -c release import-benchmark [PATH-TO-rmrb-crawl] [--runs N]
//   swift run -c release --traits PostgreSQL import-benchmark [PATH] --postgres URL
//
// All are measured in the same run, alternating, so machine noise hits them alike. With
// `--postgres` (a server URL whose user may create databases) the same import also goes into
// a fresh PostgreSQL database each run, side by side with SQLite.
import BroadsheetCore
import BroadsheetStore
import Foundation
import GRDB

let (corpus, runs, postgres): (String, Int, String?) = {
    let arguments = Array(CommandLine.arguments.dropFirst())
    var corpus = "../shared/corpus/rmrb-crawl"
    var runs = 3
    var postgres: String?
    var i = 0
    while i < arguments.count {
        if arguments[i] == "--runs", i + 1 < arguments.count { runs = Int(arguments[i + 1]) ?? 3; i += 2; continue }
        if arguments[i] == "--postgres", i + 1 < arguments.count { postgres = arguments[i + 1]; i += 2; continue }
        corpus = arguments[i]
        i += 1
    }
    return (corpus, runs, postgres)
}()
#if !PostgreSQL
if postgres != nil {
    print("--postgres needs a build with --traits PostgreSQL")
    exit(1)
}
#endif
guard FileManager.default.fileExists(atPath: corpus) else {
    print("no corpus at \(corpus); pass the path to rmrb-crawl")
    exit(1)
}

// The same files both ways.
let files: [String] = {
    var files: [String] = []
    let walker = FileManager.default.enumerator(atPath: corpus)!
    while let rel = walker.nextObject() as? String {
        if rel.hasSuffix(".txt") { files.append(corpus + "/" + rel) }
    }
    return files.sorted()
}()
let bytes = files.reduce(0) { $0 + (FileManager.default.contents(atPath: $1)?.count ?? 0) }
let megabytes = Double(bytes) / 1_048_576
print("corpus: \(files.count) files, \(String(format: "%.1f", megabytes)) MB, \(runs) runs each")

func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("broadsheet-bench-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

func removeArchive(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// Broadsheet: read, detect, parse, stitch, store, index: the full `broadsheet import`. Keeps
/// the archive of the last run for `archiveSize`.
func broadsheetImport(_ corpus: String, keep: Bool) async throws -> (seconds: Double, articles: Int, path: String) {
    let path = temporaryPath("archive.sqlite")
    let start = Date()
    let store = try SQLiteArchive(path: path)
    let summary = try await Importer(store: store).run(paths: [corpus], options: .init(paperName: "人民日报"))
    let seconds = Date().timeIntervalSince(start)
    if !keep { removeArchive(path) }
    return (seconds, summary.store.articles, path)
}

#if PostgreSQL
/// The same import into a fresh PostgreSQL database `bench_import` on `server`; the database's
/// size afterwards.
func postgresImport(_ corpus: String, server: String) async throws -> (seconds: Double, articles: Int, bytes: Int) {
    let location = PostgresLocation(url: server)!
    try await PostgresArchive.dropDatabase(named: "bench_import", server: location)
    let store = try await PostgresArchive(location: try await PostgresArchive.createDatabase(named: "bench_import", server: location))
    let start = Date()
    let summary = try await Importer(store: store).run(paths: [corpus], options: .init(paperName: "人民日报"))
    let seconds = Date().timeIntervalSince(start)
    let bytes = try await store.diskUsage().database
    await store.close()
    return (seconds, summary.store.articles, bytes)
}
#endif

/// Where the archive's bytes go: the file after a checkpoint, and each table with its indexes
/// (FTS5 shadow tables summed per index), from SQLite's `dbstat`.
func archiveSize(_ path: String) throws -> (file: Int, tables: [(String, Int)]) {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    let rows = try queue.read { db in
        try Row.fetchAll(db, sql: "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name")
    }
    var tables: [String: Int] = [:]
    for row in rows {
        var name: String = row["name"]
        for fts in ["article_fts", "article_chars"] where name.hasPrefix(fts + "_") { name = fts + " (index)" }
        if name.hasPrefix("sqlite_autoindex_") { name = String(name.dropFirst("sqlite_autoindex_".count).split(separator: "_").first ?? "") + " (keys)" }
        tables[name, default: 0] += row["bytes"] as Int
    }
    let file = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    return (file, tables.sorted { $0.value > $1.value })
}

/// The floor: read each file and insert (name, text) into a plain SQLite table, one transaction.
func rawInsert(_ files: [String]) throws -> Double {
    let path = temporaryPath("raw.sqlite")
    defer { removeArchive(path) }
    let start = Date()
    let db = try DatabasePool(path: path)
    try db.write { db in
        try db.execute(sql: "CREATE TABLE raw(name TEXT PRIMARY KEY, text TEXT NOT NULL)")
        let statement = try db.makeStatement(sql: "INSERT INTO raw(name, text) VALUES (?, ?)")
        for file in files {
            let text = String(decoding: FileManager.default.contents(atPath: file)!, as: UTF8.self)
            try statement.execute(arguments: [(file as NSString).lastPathComponent, text])
        }
    }
    return Date().timeIntervalSince(start)
}

/// The part of the import before the database: read, decode, parse and stitch every edition.
func parseAndStitch(_ files: [String]) throws -> Double {
    let start = Date()
    var byEdition: [String: [ParsedRecord]] = [:]
    for file in files {
        let bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        for r in try Importer.parse(bytes, path: file, options: .init(paperName: "人民日报")).records {
            byEdition[r.date.description, default: []].append(r)
        }
    }
    for records in byEdition.values { _ = Stitcher.stitch(records, paper: Paper(name: "人民日报")) }
    return Date().timeIntervalSince(start)
}

var ours: [Double] = []
var parsing: [Double] = []
var raw: [Double] = []
var pg: [Double] = []
var pgArticles = 0
var pgBytes = 0
var articles = 0
var kept = ""
for run in 1...runs {
    #if PostgreSQL
    if let postgres {
        let p = try await postgresImport(corpus, server: postgres)
        pg.append(p.seconds)
        (pgArticles, pgBytes) = (p.articles, p.bytes)
        print(String(format: "run %d: postgresql import %.2f s", run, p.seconds))
    }
    #endif
    let b = try await broadsheetImport(corpus, keep: run == runs)
    if run == runs { kept = b.path }
    let r = try rawInsert(files)
    parsing.append(try parseAndStitch(files))
    ours.append(b.seconds)
    raw.append(r)
    articles = b.articles
    print(String(format: "run %d: broadsheet import %.2f s, raw insert %.2f s, parse+stitch alone %.2f s", run, b.seconds, r, parsing.last!))
}
let best = ours.min()!, bestRaw = raw.min()!
print("")
print("                      seconds   files/s   articles/s   MB/s")
print(String(format: "broadsheet import    %7.2f   %7.0f   %10.0f   %5.1f", best, Double(files.count) / best, Double(articles) / best, megabytes / best))
if let bestPG = pg.min() {
    print(String(format: "on postgresql        %7.2f   %7.0f   %10.0f   %5.1f", bestPG, Double(files.count) / bestPG, Double(pgArticles) / bestPG, megabytes / bestPG))
}
print(String(format: "raw SQLite insert    %7.2f   %7.0f            -   %5.1f", bestRaw, Double(files.count) / bestRaw, megabytes / bestRaw))
print(String(format: "of which parse + stitch  %.2f s; the rest is storing, indexing for search, committing", parsing.min()!))
print(String(format: "ratio (broadsheet throughput / raw insert throughput): %.2f (%.1fx slower)", bestRaw / best, best / bestRaw))
print("best of \(runs); articles = \(articles) after merging stories printed twice")
if let bestPG = pg.min() {
    print(String(format: "postgresql / sqlite import time: %.2fx (articles %d and %d)", bestPG / best, pgArticles, articles))
}

let size = try archiveSize(kept)
removeArchive(kept)
print("")
print(String(format: "archive file %.1f MB for %.1f MB of input text: %.2fx the raw text", Double(size.file) / 1_048_576, megabytes, Double(size.file) / Double(bytes)))
for (name, b) in size.tables where b >= 64 * 1024 {
    print(String(format: "  %-28@ %7.1f MB", name as NSString, Double(b) / 1_048_576))
}
if pgBytes > 0 {
    print(String(format: "postgresql database %.1f MB: %.2fx the raw text", Double(pgBytes) / 1_048_576, Double(pgBytes) / Double(bytes)))
}
