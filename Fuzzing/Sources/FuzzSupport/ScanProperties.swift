import BroadsheetCore

/// What every region a scan format accepts must be: kept on an article's placement, it is in the
/// archive's JSON Lines export, which must read back; drawn on the page view, its points become
/// SVG, its area and bounds are computed in `Int`, which must not overflow (a trap there stops
/// the server). A polygon of three points or more within 0…`Region.maximumCoordinate` pixels
/// keeps both.
public func requireDrawable(_ regions: [Region], _ what: @autoclosure () -> String) {
    for region in regions {
        require(region.points.count >= 3, "\(what()): a region of \(region.points.count) points")
        for p in region.points {
            require((0...Region.maximumCoordinate).contains(p.x) && (0...Region.maximumCoordinate).contains(p.y),
                    "\(what()): a region point (\(p.x), \(p.y)) off any page")
        }
    }
    guard !regions.isEmpty else { return }
    let placed = Article(
        id: "fuzz-1", paper: Paper(name: "Fuzz"), date: IssueDate("2019-11-25")!, headline: "Fuzz",
        blocks: [.paragraph("Fuzz")],
        placements: [Placement(page: PageRef(number: 1), order: 1, blockStart: 0, blockEnd: 1, regions: regions)])
    requireJSONLRoundTrip(placed)
}

/// What every ALTO page the parser accepts must be: the page view scales each word box by the
/// image's width over the page's and converts it to `Int`, which traps on a number that is not
/// finite or too large. Word boxes within 0…`Region.maximumCoordinate` on a page at least one
/// unit wide keep that conversion in range.
public func requireDrawable(_ page: ALTOPage) {
    let bound = Double(Region.maximumCoordinate)
    require(page.width >= 1 && page.width <= bound && page.height >= 1 && page.height <= bound,
            "an ALTO page of \(page.width) × \(page.height) units")
    for w in page.words {
        require([w.x, w.y, w.width, w.height].allSatisfy { $0 >= 0 && $0 <= bound },
                "the ALTO word “\(w.content)” at \(w.x), \(w.y), \(w.width) × \(w.height)")
    }
}

/// What every scan batch a reader accepts must keep: its records go through the archive (stored
/// originals read again, stitched, JSON Lines read back), its regions are drawable, and every
/// file it names is inside the batch's folder (a reference may not climb out of it).
public func requireScanBatch(_ batch: ScanBatch, inside folder: String) {
    for record in batch.records { requireStoredRecord(record, text: nil) }
    for page in batch.pages {
        for file in [page.imageFile] + (page.pdfFile.map { [$0] } ?? []) + page.otherFiles {
            require(file.hasPrefix(folder + "/") && !file.split(separator: "/").contains(".."), "a file outside the batch: \(file)")
        }
        for (id, regions) in page.regions { requireDrawable(regions, "the regions of \(id)") }
    }
}
