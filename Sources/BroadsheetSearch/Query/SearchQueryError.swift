import Foundation

/// A query that cannot be run, with a message meant for the person who typed it.
///
/// Every string is either a valid query or one of these: nothing the user types reaches
/// SQLite as FTS5 syntax, so SQLite never reports a syntax error of its own.
public struct SearchQueryError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// What is wrong, in one sentence, with a hint how to fix it.
    public var message: String
    /// 1-based character position in the query where the problem starts, when known.
    public var position: Int?

    public init(_ message: String, position: Int? = nil) {
        self.message = message
        self.position = position
    }

    public var description: String {
        if let position { return "\(message) (at character \(position))" }
        return message
    }

    public var errorDescription: String? { description }
}
