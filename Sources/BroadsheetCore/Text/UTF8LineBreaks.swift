extension Collection<UInt8> {
    /// Whether these UTF-8 bytes hold a character that is a line break (`Character.isNewline`:
    /// U+000A–000D, U+0085, U+2028, U+2029), found from the bytes: far cheaper than walking
    /// the Characters of a string, which most strings checked do not need.
    public var containsLineBreakUTF8: Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for b in self {
            if b >= 0x0A && b <= 0x0D { return true }
            if previous.1 == 0xC2 && b == 0x85 { return true }
            if previous.0 == 0xE2 && previous.1 == 0x80 && (b == 0xA8 || b == 0xA9) { return true }
            previous = (previous.1, b)
        }
        return false
    }
}
