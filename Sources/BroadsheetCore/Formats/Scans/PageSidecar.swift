import Foundation

/// The page sidecar: how an e-paper export that carries page images says which article stands
/// where. One JSON file per page, named `*.page.json`, beside the page image:
///
/// ```json
/// {
///   "paper": "浙江日报", "date": "2019-11-25", "page": 1, "label": "01", "name": "要闻",
///   "image": "01.jpg", "pdf": "01.pdf",
///   "regions": { "20102773": [[[120, 80], [960, 80], [960, 700], [120, 700]]] }
/// }
/// ```
///
/// `regions` maps an article's source id (the id its text export carries, e.g. the trailer's
/// `20102773`, or the archive id `zjrb-20102773`) to its polygons (热区) in the image's pixels,
/// each polygon a list of `[x, y]` points. `label`, `name` and `pdf` are optional. The articles'
/// text comes from their own export files, imported with the sidecar or before it.
public enum PageSidecar {
    public static func isSidecar(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".page.json")
    }

    private struct Document: Decodable {
        var paper: String
        var date: String
        var page: Int
        var label: String?
        var name: String?
        var image: String
        var pdf: String?
        var regions: [String: [[[Int]]]]?
    }

    public static func read(file: String) throws -> ScanPage {
        let data = try NDNPBatch.contents(file)
        let text = try InputText.decode([UInt8](data), file: file)
        let doc: Document
        do {
            doc = try JSONDecoder().decode(Document.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw FormatError(file: file, line: 1, message: "the sidecar has no “\(key.stringValue)”")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let key = context.codingPath.first?.stringValue ?? ""
            throw FormatError(file: file, line: line(of: key, in: text), message: "wrong type at “\(path)”: \(context.debugDescription)", excerpt: path)
        } catch {
            throw FormatError(file: file, line: 1, message: "not a JSON page sidecar (\(error))")
        }
        guard let date = IssueDate(doc.date) else {
            throw FormatError(file: file, line: line(of: "date", in: text), message: "impossible date", excerpt: doc.date)
        }
        guard doc.page > 0 else { throw FormatError(file: file, line: line(of: "page", in: text), message: "pages are numbered from 1", excerpt: "\(doc.page)") }
        let folder = (file as NSString).deletingLastPathComponent
        let imageLine = line(of: "image", in: text)
        let image = try NDNPBatch.existing(doc.image, in: folder, namedIn: file, line: imageLine)
        let pdf = try doc.pdf.map { try NDNPBatch.existing($0, in: folder, namedIn: file, line: line(of: "pdf", in: text)) }
        var regions: [String: [Region]] = [:]
        var origins: [String: ScanPage.Origin] = [:]
        for (id, polygons) in doc.regions ?? [:] {
            let at = line(of: id, in: text)
            var list: [Region] = []
            for polygon in polygons {
                guard polygon.allSatisfy({ $0.count == 2 }), case let region = Region(points: polygon.map { PagePoint(x: $0[0], y: $0[1]) }),
                      region.isOnPage else {
                    throw FormatError(file: file, line: at, message: "a region is a polygon of at least three [x, y] points, each from 0 to \(Region.maximumCoordinate) pixels", excerpt: id)
                }
                list.append(region)
            }
            regions[id] = list
            origins[id] = .init(file: file, line: at, excerpt: id)
        }
        return ScanPage(
            paperName: doc.paper, date: date, page: PageRef(number: doc.page, label: doc.label, name: doc.name),
            imageFile: image, imageOrigin: .init(file: file, line: imageLine, excerpt: doc.image), pdfFile: pdf,
            otherFiles: [file], regions: regions, regionOrigins: origins)
    }

    /// The first line that holds `"key"`, for errors (JSON parsers give no line numbers).
    static func line(of key: String, in text: String) -> Int {
        // By bytes: with CRLF line ends "\r\n" is one Character, which splitting on "\n" misses.
        for (n, line) in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            where String(decoding: line, as: UTF8.self).contains("\"\(key)\"") {
            return n + 1
        }
        return 1
    }
}
