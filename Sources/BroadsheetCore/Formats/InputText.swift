import Foundation

/// Turns the bytes of an input file into text, refusing what is not text.
public enum InputText {
    /// Decodes `bytes` as UTF-8, rejecting empty, binary and invalid input with the line of the problem.
    public static func decode(_ bytes: [UInt8], file: String) throws -> String {
        if bytes.isEmpty || bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw FormatError(file: file, line: 1, message: "the file is empty")
        }
        var line = 1
        var lineStart = 0
        for (i, b) in bytes.enumerated() {
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b == 0 || (b < 0x20 && b != 0x09 && b != 0x0D && b != 0x0C) {
                throw FormatError(
                    file: file, line: line,
                    message: String(format: "binary data (control byte 0x%02X at column %d), not text", b, i - lineStart + 1))
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (badLine, column, sample) = firstInvalidUTF8(bytes)
            throw FormatError(file: file, line: badLine,
                              message: "invalid UTF-8 at column \(column) (bytes \(sample))")
        }
        return text
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> (line: Int, column: Int, sample: String) {
        var line = 1
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var ok = length > 0 && i + length <= bytes.count
            if ok {
                for k in 1..<max(length, 1) where bytes[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok, length > 1, String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { ok = false }
            if !ok {
                let sample = bytes[i..<min(i + 4, bytes.count)].map { String(format: "%02X", $0) }.joined(separator: " ")
                return (line, i - lineStart + 1, sample)
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, 1, "")
    }

    /// Splits text into lines on LF, dropping a CR before each LF; keeps empty lines.
    ///
    /// Works on UTF-8 bytes: as Characters, CR LF is one grapheme and would not split on "\n".
    public static func lines(_ text: String) -> [Substring] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { bytes in
            let line = bytes.last == 0x0D ? bytes.dropLast() : bytes
            return Substring(line)
        }
    }

    /// Trims ASCII whitespace, U+3000, U+00A0 and a BOM from both ends.
    public static func trim(_ s: Substring) -> String {
        // On scalars: Character iteration (grapheme breaking) is needlessly slow here.
        let scalars = s.unicodeScalars
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\r" || c == "\n" || c == "\u{3000}" || c == "\u{00A0}" || c == "\u{FEFF}"
                || c == "\u{0B}" || c == "\u{0C}"
        }
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }
}
