import Foundation

/// A query that cannot be run: what is wrong (`kind`) and where (`position`).
///
/// Every string is either a valid query or one of these, so no backend ever sees syntax it
/// would reject on its own. The error carries no prose of its own beyond `description` (plain
/// English, for the command line and logs); each front end words the kind in its own language.
public struct SearchQueryError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// What is wrong with a query.
    public enum Kind: Sendable, Hashable {
        /// Longer than `limit` characters.
        case tooLong(limit: Int)
        /// Nothing but spaces.
        case empty
        /// Only punctuation: no letters, digits or Chinese characters and no filter.
        case nothingToSearch
        /// Only `-` terms, with no term or filter to search within.
        case onlyExclusions
        /// A `-` term alone inside parentheses.
        case groupOnlyExcludes
        /// A quote that is never closed.
        case unterminatedQuote
        /// `-` followed by a space, a `)` or the end of the query.
        case danglingMinus
        /// `-` before `OR`.
        case minusBeforeOr
        /// A `name:` that is not one of the query language's fields.
        case unknownField(String)
        /// A field with nothing after the colon.
        case fieldNeedsValue(field: String)
        /// `OR` at the start, at the end, or twice in a row.
        case misplacedOr
        /// One side of `OR` has only `-` terms.
        case orSideOnlyExcludes
        /// One side of `OR` has only punctuation.
        case orSideEmpty
        /// A filter beside `OR`.
        case filterWithOr
        /// A filter inside parentheses.
        case filterInParentheses
        /// A `)` with no `(`.
        case unmatchedClose
        /// A `(` with no `)`.
        case unclosedParenthesis
        /// `()`.
        case emptyParentheses
        /// `""`.
        case emptyPhrase
        /// A phrase of punctuation only.
        case phraseWithoutText(String)
        /// `title:` followed by punctuation only.
        case titleWithoutText(String)
        /// A `page:` value that is not a page number or range.
        case badPage(String)
        /// A `date:` value that is not a date or range.
        case badDate(String)
        /// A `date:` range whose end is before its start.
        case reversedDates(String)
    }

    public var kind: Kind
    /// 1-based character position in the query where the problem starts, when known.
    public var position: Int?

    public init(_ kind: Kind, position: Int? = nil) {
        self.kind = kind
        self.position = position
    }

    /// What is wrong, in one English sentence with a hint how to fix it.
    public var message: String {
        switch kind {
        case .tooLong(let limit): return "The query is too long (at most \(limit) characters)."
        case .empty: return "The query is empty: type a word, a phrase or a filter such as date:2019-11."
        case .nothingToSearch: return "The query has nothing to search for: use letters, digits or Chinese characters."
        case .onlyExclusions: return "A query cannot only exclude: add a term or a filter to search within, as in 党建 -会议."
        case .groupOnlyExcludes: return "A group cannot only exclude: add a term to search for next to the '-' term."
        case .unterminatedQuote: return "Unterminated quote: add the closing \" to end the phrase."
        case .danglingMinus: return "'-' must be followed directly by a term to exclude, as in -会议."
        case .minusBeforeOr: return "'-' cannot stand before OR."
        case .unknownField(let name):
            return "Unknown field '\(name):'. Fields are title:, paper:, page:, section:, date:, byline:, place: and agency:; put text with a colon in quotes to search for it."
        case .fieldNeedsValue(let field): return "'\(field):' needs a value, as in \(Self.example(field))."
        case .misplacedOr: return "OR must stand between two terms, as in 红云 OR 红星."
        case .orSideOnlyExcludes: return "Each side of OR needs a term to search for; '-' terms alone cannot be one side."
        case .orSideEmpty: return "Each side of OR needs letters, digits or Chinese characters to search for."
        case .filterWithOr:
            return "Filters (paper:, page:, section:, date:, byline:, place:, agency:) cannot be combined with OR; write them beside the terms, as in (红云 OR 红星) date:2019."
        case .filterInParentheses: return "Filters (paper:, page:, section:, date:, byline:, place:, agency:) cannot stand inside parentheses; write them outside."
        case .unmatchedClose: return "Unmatched ')': remove it or add a '(' before it."
        case .unclosedParenthesis: return "Missing ')': the '(' here is never closed."
        case .emptyParentheses: return "Empty parentheses: put terms inside or remove them."
        case .emptyPhrase: return "Empty phrase: put words between the quotes."
        case .phraseWithoutText(let p): return "The phrase \"\(p)\" has no letters, digits or Chinese characters to search for."
        case .titleWithoutText(let v): return "'title:\(v)' has no letters, digits or Chinese characters to search for."
        case .badPage(let v): return "'page:\(v)' is not a page: use a number such as page:5 or a range such as page:1..4."
        case .badDate(let v):
            return "'date:\(v)' is not a date: use date:2019, date:2019-11, date:2019-11-25 or a range such as date:2019-11-01..2019-12-31."
        case .reversedDates(let v): return "'date:\(v)' ends before it starts: put the earlier date first."
        }
    }

    /// An example of each field, for hints in any language.
    public static func example(_ field: String) -> String {
        switch field {
        case "title": return "title:红云"
        case "paper": return "paper:rmrb"
        case "page": return "page:5"
        case "section": return "section:要闻"
        case "byline": return "byline:刘峰"
        case "place": return "place:北京"
        case "agency": return "agency:新华社"
        default: return "date:2019-11-25"
        }
    }

    public var description: String {
        if let position { return "\(message) (at character \(position))" }
        return message
    }

    public var errorDescription: String? { description }
}
