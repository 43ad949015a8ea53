import BroadsheetCore
import Foundation
import Synchronization

/// Reads files and folders, detects their format, parses them, and hands the lot to the store
/// in one transaction. Nothing is written unless every file parsed (or `keepGoing` is set, in
/// which case the good files are written and the bad ones reported).
public struct Importer: Sendable {
    public struct Options: Sendable {
        /// Paper name for inputs that do not carry one (the crawl layout).
        public var paperName: String?
        public var keepGoing: Bool
        /// A file in none of the formats is an error, not skipped.
        public var strict: Bool
        /// The URL slug for the paper new to the archive (`paperName`'s, or the one paper of the
        /// import); nil: derived from the name, or the first free one after it.
        public var slug: String?
        /// Who imports, for the audit log: `cli:USER` unless a token's (`AccessToken.actor`).
        public var actor: String
        /// Embargo: the editions of the import stay hidden from readers until then (ISO 8601 UTC).
        public var publishAt: String?
        /// Read every file before giving up, and reject the import with all its problems
        /// (`ImportError.rejected`) rather than stop at the first; nothing is written either way.
        public var everyProblem = false
        /// The media folder where page images and their derivatives are kept (`MediaStore`);
        /// an import with page images and none is refused.
        public var mediaRoot: String?

        public init(paperName: String? = nil, keepGoing: Bool = false, strict: Bool = false, slug: String? = nil,
                    actor: String = AccessToken.commandLineActor, publishAt: String? = nil) {
            self.publishAt = publishAt
            self.paperName = paperName
            self.keepGoing = keepGoing
            self.strict = strict
            self.slug = slug
            self.actor = actor
        }
    }

    /// Progress of an import, for a progress bar or log lines.
    public enum Progress: Sendable {
        case reading(done: Int, total: Int, bytes: Int)
        case writing(done: Int, total: Int)
        /// Page images kept and their derivatives made.
        case images(done: Int, total: Int)
    }

    /// The closing summary.
    public struct Summary: Sendable {
        public var files = 0
        public var bytes = 0
        /// Files passed over: not .txt/.jsonl inside a folder, or in none of the formats (with
        /// the reason).
        public var skipped: [String] = []
        public var errors: [FormatError] = []
        public var store = StoreImportReport()

        public init() {}
    }

    public enum ImportError: Error, CustomStringConvertible {
        /// The import was aborted before writing anything.
        case aborted(FormatError)
        case noInput(String)
        case badSlug(String)
        /// A paper name that is blank or holds control characters (a line break, a NUL).
        case badPaperName(String)
        /// Every problem of an import read with `Options.everyProblem`; nothing was written.
        case rejected([FormatError])
        /// Page images to keep, but no media folder to keep them in.
        case noMediaFolder

        public var description: String {
            switch self {
            case .aborted(let e): return "\(e)\nnothing was imported"
            case .noInput(let p): return "\(p): no such file or folder"
            case .badSlug(let why): return "--slug: \(why)\nnothing was imported"
            case .badPaperName(let name): return "--paper: “\(name.debugDescription.dropFirst().dropLast())” is not a paper's name (blank, or holding control characters)\nnothing was imported"
            case .rejected(let errors): return errors.map(\.description).joined(separator: "\n") + "\nnothing was imported"
            case .noMediaFolder: return "the import holds page images but no media folder was given (--media)\nnothing was imported"
            }
        }
    }

    let store: any ArchiveStore

    public init(store: any ArchiveStore) {
        self.store = store
    }

    /// Imports `paths` (files or folders, searched recursively). Files are read and written
    /// batch by batch in one transaction, so memory holds one batch however many files there
    /// are; with `everyProblem` every file is read first, and nothing is written if any is bad.
    public func run(paths: [String], options: Options, progress: (@Sendable (Progress) -> Void)? = nil) async throws -> Summary {
        // The name is shown on every page of the paper; a line break or a NUL in it came from a
        // broken script or an attack (found by Stress/attack.sh through POST /api/v1/imports).
        if let name = options.paperName, name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ImportError.badPaperName(name)
        }
        if let slug = options.slug, !PaperSlug.isValid(slug) {
            throw ImportError.badSlug("“\(slug)” is not a slug (lower-case letters and digits)")
        }
        var summary = Summary()
        let (files, skipped, scanEntries) = try Self.expand(paths)
        var scanRecords: [ParsedRecord] = []
        var scans = ScanBatch()
        for entry in scanEntries {
            do {
                let batch = try Self.readScan(entry, options: options)
                scanRecords += batch.records
                scans.add(batch)
                summary.files += 1
            } catch let e as FormatError {
                if !options.keepGoing && !options.everyProblem { throw ImportError.aborted(e) }
                summary.errors.append(e)
            }
        }
        // Files a page scan names (its image, PDF, OCR) are part of it, not skipped.
        let claimed = Set(scans.pages.flatMap { [$0.imageFile] + ($0.pdfFile.map { [$0] } ?? []) + $0.otherFiles }
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        summary.skipped = skipped.filter { !claimed.contains(URL(fileURLWithPath: $0).standardizedFileURL.path) }

        let reader = BatchReader(files: files, options: options, summary: summary, progress: progress)
        // Every file read before anything is written: the whole list of problems, or nothing.
        var whole: ImportBatch?
        if options.everyProblem {
            var all = ImportBatch()
            while let batch = try reader.next() {
                all.records += batch.records
                all.articles += batch.articles
            }
            if !options.keepGoing && !reader.summary.errors.isEmpty { throw ImportError.rejected(reader.summary.errors) }
            whole = all
        }
        var first = ImportBatch(records: try reader.withSlug(scanRecords))
        var created: [String] = []
        var media: MediaStore?
        if !scans.pages.isEmpty {
            guard let root = options.mediaRoot else { throw ImportError.noMediaFolder }
            guard Vips.isAvailable else { throw Vips.Failure.missing }
            let store = MediaStore(root: root)
            media = store
            do {
                first.pages = try Self.keep(scans.pages, in: store, created: &created) { done, total in progress?(.images(done: done, total: total)) }
            } catch {
                store.remove(created)
                throw error
            }
        }
        let report: StoreImportReport
        do {
            if let whole {
                report = try await store.importContent(
                    records: first.records + whole.records, articles: whole.articles, pages: first.pages, actor: options.actor,
                    publishAt: options.publishAt) { done, total in progress?(.writing(done: done, total: total)) }
            } else {
                // The scans' batch first, then the files, read as the store asks for them.
                // The next batch is read and parsed on a thread of its own while the store
                // writes this one: reading is a quarter of an import's work.
                let ahead = ReadAhead { try reader.next() }
                defer { ahead.stop() }
                let pending = Mutex<ImportBatch?>(first.records.isEmpty && first.pages.isEmpty ? nil : first)
                let source = ImportBatchSource {
                    if let batch = pending.withLock({ $0.take() }) { return batch }
                    return try ahead.next()
                }
                report = try await store.importBatches(
                    source, expected: files.count + scanRecords.count, actor: options.actor, publishAt: options.publishAt)
                ahead.stop()
            }
        } catch {
            // Files new to the media folder are taken out again: the import did not land.
            media?.remove(created)
            throw error
        }
        summary = reader.summary
        summary.store = report
        return summary
    }

    /// Reads the files of an import a batch at a time: about `batchItems` records and articles
    /// or `batchBytes` of input, cut where an edition ends so that an edition sorted together
    /// (a crawl's date folder) is stitched once.
    final class BatchReader: @unchecked Sendable {
        // Safe: the store calls `next()` from one write transaction, one call after another;
        // `summary` is read after the import returns.
        static let batchItems = 2_000
        static let batchBytes = 32 << 20

        let files: [String]
        let options: Options
        let progress: (@Sendable (Progress) -> Void)?
        private(set) var summary: Summary
        private var index = 0
        private var held: Parsed?
        private var slugPaper: String?

        init(files: [String], options: Options, summary: Summary, progress: (@Sendable (Progress) -> Void)?) {
            self.files = files
            self.options = options
            self.summary = summary
            self.progress = progress
            slugPaper = options.slug == nil ? nil : options.paperName
        }

        /// The next batch; nil at the end. A bad file stops the import (`ImportError.aborted`)
        /// unless the options say to go on.
        func next() throws -> ImportBatch? {
            var batch = ImportBatch()
            var bytes = 0
            var lastEdition: String?
            if let parsed = held {
                held = nil
                lastEdition = Self.edition(parsed)
                try add(parsed, to: &batch)
            }
            while index < files.count {
                let file = files[index]
                index += 1
                guard let (parsed, size) = try read(file) else { continue }
                let edition = Self.edition(parsed)
                if (batch.records.count + batch.articles.count >= Self.batchItems || bytes >= Self.batchBytes), edition != lastEdition {
                    held = parsed
                    return batch
                }
                bytes += size
                lastEdition = edition
                try add(parsed, to: &batch)
            }
            if batch.records.isEmpty && batch.articles.isEmpty {
                // Everything is read and written; what is left is the index merge and the commit.
                progress?(.writing(done: files.count, total: files.count))
                return nil
            }
            return batch
        }

        private func add(_ parsed: Parsed, to batch: inout ImportBatch) throws {
            batch.records += try withSlug(parsed.records)
            batch.articles += parsed.articles
        }

        /// `--slug` given to the records of its paper: `--paper`'s, or the one paper of the import.
        func withSlug(_ records: [ParsedRecord]) throws -> [ParsedRecord] {
            guard let slug = options.slug else { return records }
            var out = records
            for i in out.indices {
                if slugPaper == nil { slugPaper = out[i].paperName }
                if out[i].paperName == slugPaper {
                    out[i].paperSlug = slug
                } else if options.paperName == nil {
                    throw ImportError.badSlug("the import holds several papers (\([slugPaper!, out[i].paperName].sorted().joined(separator: ", "))); give --paper as well")
                }
            }
            return out
        }

        /// The edition a file's content belongs to (its first record's or article's).
        private static func edition(_ parsed: Parsed) -> String? {
            if let r = parsed.records.first { return "\(r.paperName) \(r.date)" }
            if let a = parsed.articles.first { return "\(a.paper.name) \(a.date)" }
            return nil
        }

        /// One file parsed, or nil when it is skipped or (going on) bad.
        private func read(_ file: String) throws -> (Parsed, Int)? {
            let stop = !options.keepGoing && !options.everyProblem
            defer { progress?(.reading(done: index, total: files.count, bytes: summary.bytes)) }
            do {
                let data = try Importer.readBytes(file)
                summary.bytes += data.count
                let parsed = try Importer.parse(data, path: file, options: options)
                // A bad line of a JSON Lines file is an error for that line; the good lines land
                // with --keep-going.
                if let first = parsed.lineErrors.first {
                    if stop { throw ImportError.aborted(first) }
                    summary.errors += parsed.lineErrors
                }
                summary.files += 1
                return (parsed, data.count)
            } catch let u as Unrecognized where !options.strict {
                summary.skipped.append("\(file) (\(u.error.message))")
            } catch let u as Unrecognized {
                if stop { throw ImportError.aborted(u.error) }
                summary.errors.append(u.error)
            } catch let e as FormatError {
                if stop { throw ImportError.aborted(e) }
                summary.errors.append(e)
            }
            return nil
        }
    }

    /// A readable text file in none of the formats: skipped, unless the import is strict.
    struct Unrecognized: Error {
        var error: FormatError
    }

    /// What one file holds: records and articles, and the errors of bad JSON Lines lines.
    public struct Parsed: Sendable {
        public var records: [ParsedRecord] = []
        public var articles: [Article] = []
        public var lineErrors: [FormatError] = []
    }

    /// Parses one file's bytes; `path` names it in errors.
    public static func parse(_ data: [UInt8], path: String, options: Options) throws -> Parsed {
        let name = (path as NSString).lastPathComponent
        let text = try InputText.decode(data, file: path)
        let lower = name.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || (text.first == "{" && !CrawlFormat.matchesName(name)) {
            let (articles, errors) = ArticleJSONL.parseLines(text, file: path)
            return Parsed(articles: articles, lineErrors: errors)
        }
        if EditionTextFormat.looksLike(text) {
            var r = try EditionTextFormat.parse(text, file: path)
            r.source.name = name
            return Parsed(records: [r])
        }
        guard CrawlFormat.matchesName(name) else {
            throw Unrecognized(error: FormatError(
                file: path, line: 0,
                message: "in none of the formats: not an edition-text export (line 1 is not “<paper> 数字报纸”), not JSON Lines, and the name is outside the crawl pattern YYYYMMDD-PP-NN.txt",
                excerpt: name))
        }
        guard let paper = options.paperName, !paper.isEmpty else {
            throw FormatError(file: path, line: 0, message: "crawl-layout files carry no paper name: give one with --paper (e.g. --paper 人民日报)", excerpt: name)
        }
        return Parsed(records: [try CrawlFormat.parse(text, name: name, file: path, paperName: paper)])
    }

    /// Reads a scan batch's entry file: an NDNP batch list, a unit export or a page sidecar.
    static func readScan(_ entry: String, options: Options) throws -> ScanBatch {
        if NDNPBatch.isBatchFile(entry) { return try NDNPBatch.read(batchFile: entry, paperName: options.paperName) }
        if UnitExport.isUnitFile(entry) { return try UnitExport.read(unitFile: entry, paperName: options.paperName) }
        return ScanBatch(pages: [try PageSidecar.read(file: entry)])
    }

    /// Puts each page's files into the media store and makes the image's derivatives; a region
    /// outside its page image is refused before anything is kept for it.
    static func keep(
        _ scans: [ScanPage], in media: MediaStore, created: inout [String], progress: (Int, Int) -> Void
    ) throws -> [PageScanInput] {
        var pages: [PageScanInput] = []
        for (n, scan) in scans.enumerated() {
            var (image, new) = try media.put(scan.imageFile)
            if new { created.append(image.sha256) }
            let size = try Vips.size(of: media.original(image))
            (image.width, image.height) = (size.width, size.height)
            // Exports round their boxes: a region may overshoot the image by 1 % (at least two
            // pixels) and is then cut to it; one reaching further is an error in the input.
            let slackX = max(2, size.width / 100), slackY = max(2, size.height / 100)
            var regions = scan.regions
            for (id, list) in scan.regions.sorted(by: { $0.key < $1.key }) {
                for (i, region) in list.enumerated() {
                    if let outside = region.points.first(where: {
                        $0.x < -slackX || $0.y < -slackY || $0.x > size.width + slackX || $0.y > size.height + slackY
                    }) {
                        let origin = scan.regionOrigins[id] ?? .init(file: scan.imageOrigin.file, line: 0, excerpt: id)
                        throw ImportError.aborted(FormatError(
                            file: origin.file, line: origin.line,
                            message: "region of \(id) reaches (\(outside.x), \(outside.y)), outside page \(scan.page.number)'s image of \(size.width)×\(size.height) pixels",
                            excerpt: origin.excerpt))
                    }
                    regions[id]![i].points = region.points.map {
                        PagePoint(x: min(max($0.x, 0), size.width), y: min(max($0.y, 0), size.height))
                    }
                }
            }
            try media.makeDerivatives(image)
            var pdf: MediaFile?
            if let file = scan.pdfFile {
                let (kept, new) = try media.put(file)
                if new { created.append(kept.sha256) }
                pdf = kept.sha256 == image.sha256 ? image : kept
            }
            var others: [MediaFile] = []
            for file in scan.otherFiles {
                let (kept, new) = try media.put(file)
                if new { created.append(kept.sha256) }
                others.append(kept)
            }
            pages.append(PageScanInput(paperName: scan.paperName, date: scan.date, page: scan.page, image: image, pdf: pdf,
                                       others: others, regions: regions))
            progress(n + 1, scans.count)
        }
        return pages
    }

    /// Files to read (sorted), files skipped inside folders (not .txt/.jsonl), and the entry
    /// files of scan batches (an NDNP `*_batch.xml`, a `unit.xml`, `*.page.json` sidecars),
    /// whose folders' other files belong to the batch.
    static func expand(_ paths: [String]) throws -> (files: [String], skipped: [String], scans: [String]) {
        var files: [String] = []
        var skipped: [String] = []
        var scans: [String] = []
        func isScanEntry(_ path: String) -> Bool {
            NDNPBatch.isBatchFile(path) || UnitExport.isUnitFile(path) || PageSidecar.isSidecar(path)
        }
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { throw ImportError.noInput(path) }
            if !isDir.boolValue {
                if isScanEntry(path) { scans.append(path) } else { files.append(path) }
                continue
            }
            var found: [String] = []
            var batchFolders: [String] = []
            var candidates: [(full: String, name: String)] = []
            // A folder named through a symbolic link is walked where the link leads (the
            // enumerator does not follow it); the files keep the names the user gave.
            let walked = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if let e = fm.enumerator(atPath: walked) {
                while let rel = e.nextObject() as? String {
                    let name = (rel as NSString).lastPathComponent
                    if name.hasPrefix(".") { continue }
                    let full = (path as NSString).appendingPathComponent(rel)
                    var sub: ObjCBool = false
                    guard fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue else { continue }
                    if isScanEntry(full) {
                        scans.append(full)
                        if !PageSidecar.isSidecar(full) { batchFolders.append((full as NSString).deletingLastPathComponent + "/") }
                    } else {
                        candidates.append((full, name))
                    }
                }
            }
            for (full, name) in candidates {
                // Everything inside an NDNP batch or a unit export is read through its entry file.
                if batchFolders.contains(where: { full.hasPrefix($0) }) { continue }
                let lower = name.lowercased()
                if lower.hasSuffix(".txt") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") {
                    found.append(full)
                } else {
                    skipped.append(full)
                }
            }
            files += found.sorted()
        }
        return (files, skipped, scans.sorted())
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, line: 0, message: "cannot read the file")
        }
        return [UInt8](data)
    }
}
