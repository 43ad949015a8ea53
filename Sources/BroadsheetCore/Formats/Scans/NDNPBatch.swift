import Foundation

/// A Library of Congress NDNP batch (the Chronicling America layout): `*_batch.xml` lists issues,
/// each an issue METS file with MODS metadata, its pages in order and, per page, a JPEG 2000
/// scan, a PDF and ALTO OCR. No article segmentation: each page's OCR is one article.
public enum NDNPBatch {
    /// True for a batch list: `*_batch.xml` (or `batch.xml`), the NDNP layout's entry point.
    public static func isBatchFile(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent.lowercased()
        return name == "batch.xml" || name.hasSuffix("_batch.xml")
    }

    /// Reads the batch at `batchFile` and every issue it lists; files are checked to exist.
    /// `paperName` names the paper of an issue whose METS label gives no title.
    public static func read(batchFile: String, paperName: String?) throws -> ScanBatch {
        let root = try XMLTree.parse(try contents(batchFile), file: batchFile)
        guard root.name == "batch" else {
            throw FormatError(file: batchFile, line: root.line, message: "not an NDNP batch (root element “\(root.name)”)", excerpt: root.name)
        }
        let folder = (batchFile as NSString).deletingLastPathComponent
        var batch = ScanBatch()
        let issues = root.children("issue")
        guard !issues.isEmpty else { throw FormatError(file: batchFile, line: root.line, message: "the batch lists no issue") }
        for issue in issues {
            let href = issue.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let mets = try existing(href, in: folder, namedIn: batchFile, line: issue.line)
            batch.add(try readIssue(metsFile: mets, lccn: issue["lccn"], paperName: paperName))
        }
        if !batch.pages.isEmpty { batch.pages[0].otherFiles.append(batchFile) }
        return batch
    }

    /// Reads one issue METS file.
    public static func readIssue(metsFile: String, lccn: String?, paperName: String?) throws -> ScanBatch {
        let root = try XMLTree.parse(try contents(metsFile), file: metsFile)
        guard root.name == "mets" else {
            throw FormatError(file: metsFile, line: root.line, message: "not a METS document (root element “\(root.name)”)", excerpt: root.name)
        }
        let folder = (metsFile as NSString).deletingLastPathComponent
        let label = root["LABEL"] ?? ""
        // MODS of the issue: the date, LCCN and edition.
        guard let dateElement = root.first("dateIssued") else {
            throw FormatError(file: metsFile, line: root.line, message: "no mods:dateIssued: the issue's date is unknown")
        }
        guard let date = IssueDate(dateElement.allText) else {
            throw FormatError(file: metsFile, line: dateElement.line, message: "impossible issue date", excerpt: dateElement.allText)
        }
        let lccn = lccn ?? root.descendants("identifier").first { $0["type"] == "lccn" }?.allText ?? "ndnp"
        let edition = root.descendants("detail").first { $0["type"] == "edition" }?.child("number")?.allText ?? "1"
        // The title is the label's part before the date: `The Park Record (Park City, UT), 1935-08-02, Main Edition`;
        // `paperName` only stands in where the METS names none (like --paper for the crawl).
        var title = ""
        if let r = label.range(of: ", \(date)") { title = String(label[..<r.lowerBound]).trimmingCharacters(in: .whitespaces) }
        if title.isEmpty { title = paperName ?? lccn }

        var files: [String: (href: String, line: Int, use: String)] = [:]
        for file in root.descendants("file") {
            guard let id = file["ID"], let loc = file.first("FLocat"), let href = loc["href"] else { continue }
            files[id] = (href, loc.line, file["USE"] ?? "")
        }
        var batch = ScanBatch()
        guard let issueDiv = root.descendants("div").first(where: { $0["TYPE"]?.hasSuffix("issue") == true }) else {
            throw FormatError(file: metsFile, line: root.line, message: "no issue in the structural map")
        }
        let pages = issueDiv.children("div").filter { $0["TYPE"]?.hasSuffix("page") == true }
        guard !pages.isEmpty else { throw FormatError(file: metsFile, line: issueDiv.line, message: "the issue has no pages") }
        for (index, div) in pages.enumerated() {
            let seq = index + 1
            var service: String?, pdf: String?, ocr: String?
            var serviceLine = div.line
            for ptr in div.children("fptr") {
                guard let id = ptr["FILEID"], let f = files[id] else { continue }
                // The TIFF master is often left out of a batch (the JPEG 2000 is the same scan).
                if f.use == "master" { continue }
                let path = try existing(f.href, in: folder, namedIn: metsFile, line: f.line)
                switch f.use {
                case "service": service = path; serviceLine = f.line
                case "derivative": pdf = path
                case "ocr": ocr = path
                default: break
                }
            }
            guard let image = service ?? pdf else {
                throw FormatError(file: metsFile, line: div.line, message: "page \(seq) has no service image (JPEG 2000) or PDF")
            }
            // Pages are numbered by their place in the issue; the stored OCR is read again with
            // that number alone, so the label is derived from it the same way both times.
            let pageRef = PageRef(number: seq)
            batch.pages.append(ScanPage(
                paperName: title, date: date, page: pageRef, imageFile: image,
                imageOrigin: .init(file: metsFile, line: serviceLine, excerpt: (image as NSString).lastPathComponent),
                pdfFile: pdf, otherFiles: index == 0 ? [metsFile] : []))
            if let ocr {
                let data = try contents(ocr)
                let text = try InputText.decode([UInt8](data), file: ocr)
                let name = "\(lccn)/\(date)/ed-\(edition)/seq-\(seq)/\((ocr as NSString).lastPathComponent)"
                var record = try record(alto: text, name: name, file: ocr, paperName: title)
                record.page = pageRef
                batch.records.append(record)
            }
        }
        return batch
    }

    /// The article of one page: its ALTO text, the date and sequence taken from `name`
    /// (`LCCN/YYYY-MM-DD/ed-N/seq-S/FILE.xml`, as the import names it).
    public static func record(alto text: String, name: String, file: String, paperName: String) throws -> ParsedRecord {
        let parts = name.split(separator: "/")
        guard parts.count == 5, let date = IssueDate(parts[1]), parts[3].hasPrefix("seq-"), let seq = Int(parts[3].dropFirst(4)), seq > 0 else {
            throw FormatError(file: file, line: 0, message: "an NDNP page is named LCCN/YYYY-MM-DD/ed-N/seq-S/FILE.xml", excerpt: name)
        }
        let alto = try ALTOPage.parse(Data(text.utf8), file: file)
        let slug = PaperSlug.make(from: paperName)
        return ParsedRecord(
            source: SourceRecord(format: .altoPage, name: name, key: "ndnp-alto:\(slug):\(parts[0])-\(date.compact)-\(parts[2])-\(seq)", text: text),
            paperName: paperName, date: date, page: PageRef(number: seq), order: 1, sourceID: nil,
            kicker: nil, headline: "Page \(seq) — full page text", subtitle: nil, bylines: [],
            blocks: alto.paragraphs.map(Block.paragraph))
    }

    static func contents(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: path, line: 0, message: "cannot read the file")
        }
        return data
    }

    /// `href` resolved against `folder`; a file that is not there is an error at the line naming it.
    static func existing(_ href: String, in folder: String, namedIn file: String, line: Int) throws -> String {
        guard !href.isEmpty, !href.hasPrefix("/"), !href.split(separator: "/").contains("..") else {
            throw FormatError(file: file, line: line, message: "a file reference must stay inside the batch folder", excerpt: href)
        }
        let path = (folder as NSString).appendingPathComponent(href)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            throw FormatError(file: file, line: line, message: "names a file that is not there", excerpt: href)
        }
        return path
    }
}
