import BroadsheetCore
import BroadsheetStore
import Foundation

/// The printed page on a page view: its image with every article's region as a link (an SVG
/// overlay that needs no script), the words a search matched, and links to the zoomed view,
/// the PDF and the edition's IIIF manifest.
struct PageScanView {
    struct Area {
        var id: String
        var url: String
        var headline: String
        /// SVG `points`: `x,y x,y …` in image pixels.
        var points: String
    }

    struct Box {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    var imageURL: String
    var width: Int
    var height: Int
    /// The width the image is shown at in the zoomed view: its large derivative's.
    var displayWidth: Int {
        Self.displaySize(width: width, height: height, maxWidth: MediaStore.Derivative.large.width).width
    }
    /// Shown at full size in a scrolling frame (the zoomed view) rather than fitted to the column.
    var zoom: Bool
    var zoomURL: String
    var pageURL: String
    var pdfURL: String?
    var manifestURL: String
    var areas: [Area]
    var hits: [Box]
    var hitCount: Int
    var query: String?

    /// The size of a display derivative of an image of `width` × `height` (never enlarged).
    static func displaySize(width: Int, height: Int, maxWidth: Int) -> (width: Int, height: Int) {
        guard width > maxWidth else { return (width, height) }
        return (maxWidth, Int((Double(height) * Double(maxWidth) / Double(width)).rounded()))
    }

    /// The rectangle around `regions`; nil for none.
    static func bounds(_ regions: [Region]) -> Box? {
        let points = regions.flatMap(\.points)
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max(), maxX > minX, maxY > minY else { return nil }
        return Box(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
    }

    /// The area of a polygon (shoelace formula), in square pixels.
    static func area(_ region: Region) -> Int {
        let p = region.points
        guard p.count > 2 else { return 0 }
        var twice = 0
        for i in p.indices {
            let j = (i + 1) % p.count
            twice += p[i].x * p[j].y - p[j].x * p[i].y
        }
        return abs(twice) / 2
    }

    static func points(_ region: Region) -> String {
        region.points.map { "\($0.x),\($0.y)" }.joined(separator: " ")
    }
}
