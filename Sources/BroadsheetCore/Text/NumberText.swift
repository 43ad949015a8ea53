import Foundation

extension BinaryInteger {
    /// The number in decimal, padded with zeros to `width` digits (`7.zeroPadded(to: 2)` is
    /// `07`): what `String(format: "%0Nd")` gives, without the formatter, which costs
    /// microseconds a call on Linux and is called for every date of an export or a chart.
    public func zeroPadded(to width: Int) -> String {
        let digits = String(self.magnitude)
        let sign = self < 0 ? "-" : ""
        // The width counts the sign, as printf's does.
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }
}

extension Double {
    /// The number with `digits` decimals, as `String(format: "%.Nf")` writes it, halves to even
    /// (a value within a rounding error of a half may round the other way), without the
    /// formatter's cost.
    public func fixed(digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        guard isFinite, self >= 0, self * Double(scale) < 1e15 else { return String(format: "%.\(digits)f", self) }
        let n = Int((self * Double(scale)).rounded(.toNearestOrEven))
        return digits == 0 ? String(n) : String(n / scale) + "." + (n % scale).zeroPadded(to: digits)
    }
}
