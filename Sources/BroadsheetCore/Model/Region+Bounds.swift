extension Region {
    /// The largest coordinate a region, or an OCR word box, may have: 2^20 pixels (or ALTO
    /// units), more than any page scan holds (a broadsheet at 1200 dpi is about 30,000). Within
    /// it the page view's arithmetic (areas, bounds, boxes scaled to the image) cannot overflow.
    public static let maximumCoordinate = 1 << 20

    /// True for a polygon of at least three points, each within 0…`maximumCoordinate`: what the
    /// archive keeps and draws.
    public var isOnPage: Bool {
        points.count >= 3 && points.allSatisfy { (0...Self.maximumCoordinate).contains($0.x) && (0...Self.maximumCoordinate).contains($0.y) }
    }
}
