/// A problem with an input file, pointing at the file, the line and the offending text.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the problem is the file as a whole (its name, say).
    public var line: Int
    public var message: String
    /// The offending text, quoted in the message.
    public var excerpt: String

    public init(file: String, line: Int, message: String, excerpt: String = "") {
        self.file = file
        self.line = line
        self.message = message
        self.excerpt = excerpt
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        let shown = excerpt.count > 80 ? String(excerpt.prefix(80)) + "…" : excerpt
        return shown.isEmpty ? "\(place): \(message)" : "\(place): \(message): \u{201C}\(shown)\u{201D}"
    }
}
