import BroadsheetCore
import BroadsheetStore
import Foundation
import Hummingbird

/// `/iiif/{paper}/{date}/manifest.json`: the IIIF Presentation 3 manifest of an edition, one
/// canvas per page image, each painted by the page's display image with its level-0 image
/// service, so Mirador or Universal Viewer open the edition from Broadsheet's URLs. The articles
/// on a page are annotations linking their regions to their pages.
enum IIIFController {
    static func manifest(_ site: Site, slug: String, date: IssueDate) async throws -> Response {
        let paper = try await site.paper(slug: slug)
        let edition = try await site.edition(slug: slug, date: date)
        let base = site.configuration.publicBaseURL
        let id = SiteURL.iiifManifest(slug: slug, date: date).absolute(base)
        var canvases: [[String: Any]] = []
        for page in edition.pages {
            guard let image = page.image, let width = image.width, let height = image.height, MediaStore.isDigest(image.reference) else { continue }
            let canvas = "\(id.dropLast("manifest.json".count))canvas/\(page.page.number)"
            let large = PageScanView.displaySize(width: width, height: height, maxWidth: MediaStore.Derivative.large.width)
            var c: [String: Any] = [
                "id": canvas, "type": "Canvas", "width": width, "height": height,
                "label": ["none": [Labels.pageTitle(page.page)]],
                "thumbnail": [["id": SiteURL.media(sha256: image.reference, path: "derived/\(MediaStore.Derivative.thumbnail.rawValue)").absolute(base),
                               "type": "Image", "format": "image/webp"]],
                "items": [[
                    "id": "\(canvas)/page", "type": "AnnotationPage",
                    "items": [[
                        "id": "\(canvas)/page/image", "type": "Annotation", "motivation": "painting", "target": canvas,
                        "body": [
                            "id": SiteURL.media(sha256: image.reference, path: "derived/\(MediaStore.Derivative.large.rawValue)").absolute(base),
                            "type": "Image", "format": "image/webp", "width": large.width, "height": large.height,
                            "service": [["id": SiteURL.iiifImage(sha256: image.reference).absolute(base), "type": "ImageService3", "profile": "level0"]],
                        ] as [String: Any],
                    ] as [String: Any]],
                ] as [String: Any]],
                "homepage": [["id": SiteURL.page(slug: slug, date: date, page: page.page.number).absolute(base), "type": "Text",
                              "format": "text/html", "label": ["none": [Labels.pageTitle(page.page)]]]],
            ]
            let regions: [[String: Any]] = page.articles.compactMap { a in
                guard let box = PageScanView.bounds(a.regions) else { return nil }
                return [
                    "id": "\(canvas)/articles/\(SiteURL.segment(a.id))", "type": "Annotation", "motivation": "linking",
                    "target": "\(canvas)#xywh=\(box.x),\(box.y),\(box.width),\(box.height)",
                    "body": ["id": SiteURL.article(id: a.id).absolute(base), "type": "Text", "format": "text/html",
                             "label": ["none": [a.headline]]] as [String: Any],
                ]
            }
            if !regions.isEmpty { c["annotations"] = [["id": "\(canvas)/articles", "type": "AnnotationPage", "items": regions]] }
            if let pdf = page.pdf {
                c["rendering"] = [["id": SiteURL.media(sha256: pdf, path: "original.pdf").absolute(base), "type": "Text",
                                   "format": "application/pdf", "label": ["none": ["PDF"]]]]
            }
            canvases.append(c)
        }
        guard !canvases.isEmpty else { throw WebError.notFound("\(paper.paper.name) \(date.chinese) 没有版面图") }
        let manifest: [String: Any] = [
            "@context": "http://iiif.io/api/presentation/3/context.json",
            "id": id, "type": "Manifest",
            "label": ["none": ["\(paper.paper.name) \(date)"]],
            "homepage": [["id": SiteURL.edition(slug: slug, date: date).absolute(base), "type": "Text", "format": "text/html",
                          "label": ["none": ["\(paper.paper.name) \(date.chinese)"]]]],
            "items": canvases,
        ]
        let body = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .withoutEscapingSlashes])
        var response = Site.response(ByteBuffer(bytes: body), contentType: "application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"")
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }
}
