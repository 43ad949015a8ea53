import Foundation

/// JSON written the way `JSONEncoder` writes it with `.sortedKeys, .withoutEscapingSlashes`
/// (the API's encoder); the caller gives keys in order. For the few large answers where the
/// encoder's cost shows (an export's every hit, a trend's every month); tests hold each
/// byte-equal to the encoder's output.
struct JSONText {
    var text = ""
    /// Whether the object or array just opened has no member yet.
    private var first = true

    init() { text.reserveCapacity(1024) }

    mutating func open() { separate(); text.append("{"); first = true }
    mutating func close() { text.append("}"); first = false }

    mutating func key(_ k: String) {
        separate()
        text.append("\"")
        text.append(k)
        text.append("\":")
        first = true  // the value that follows takes no comma
    }

    mutating func raw(_ v: String) { separate(); text.append(v); first = false }

    mutating func number(_ v: Double) {
        // `JSONEncoder` writes a Double's shortest form, without a trailing `.0`.
        var d = v.description
        if d.hasSuffix(".0") { d.removeLast(2) }
        raw(d)
    }

    mutating func array<T>(_ items: [T], _ body: (inout JSONText, T) -> Void) {
        separate()
        text.append("[")
        first = true
        for item in items { body(&self, item) }
        text.append("]")
        first = false
    }

    mutating func ints(_ values: [Int]) {
        array(values) { o, v in o.raw(String(v)) }
    }

    mutating func numbers(_ values: [Double]) {
        array(values) { o, v in o.number(v) }
    }

    mutating func strings(_ values: [String]) {
        array(values) { o, v in o.string(v) }
    }

    mutating func segments(_ segments: [SearchController.SegmentJSON]) {
        array(segments) { o, s in
            o.open(); o.key("match"); o.raw(s.match ? "true" : "false"); o.key("text"); o.string(s.text); o.close()
        }
    }

    mutating func string(_ s: String) {
        separate()
        first = false
        text.append("\"")
        // Only quotes, backslashes and control characters are escaped; the rest, Chinese
        // included, is written as it is.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            text.append(s)
            text.append("\"")
            return
        }
        for u in s.unicodeScalars {
            switch u.value {
            case 0x22: text.append("\\\"")
            case 0x5C: text.append("\\\\")
            case 0x0A: text.append("\\n")
            case 0x0D: text.append("\\r")
            case 0x09: text.append("\\t")
            case 0x08: text.append("\\b")
            case 0x0C: text.append("\\f")
            case 0..<0x20:
                let hex = String(u.value, radix: 16)
                text.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: text.unicodeScalars.append(u)
            }
        }
        text.append("\"")
    }

    private mutating func separate() {
        if !first { text.append(",") }
    }
}
