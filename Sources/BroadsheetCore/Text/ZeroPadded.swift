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
