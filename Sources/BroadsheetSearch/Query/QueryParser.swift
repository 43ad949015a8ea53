import BroadsheetCore

/// Lexer and recursive-descent parser for `SearchQuery`.
///
/// Grammar (filters only at the top level, outside OR):
///
///     query   := or
///     or      := and ("OR" and)*
///     and     := unary+
///     unary   := "-"? primary
///     primary := "(" or ")" | field ":" (word | phrase) | phrase | word
struct QueryParser {
    private enum Lexeme: Equatable {
        case word(String)
        case phrase(String)
        case field(String, value: String, quoted: Bool)
        case or
        case open
        case close
    }

    private struct Item {
        var lexeme: Lexeme
        var negated: Bool
        /// 1-based character position.
        var position: Int
    }

    private let chars: [Character]
    private var items: [Item] = []
    private var index = 0
    private var depth = 0
    private var filters = SearchFilters()

    static let quoteOpeners: Set<Character> = ["\"", "“", "”", "＂", "「", "『"]
    static let quoteClosers: Set<Character> = ["\"", "“", "”", "＂", "」", "』"]
    static let fields = ["title", "paper", "page", "section", "date", "byline", "place", "agency"]

    init(_ text: String) {
        chars = Array(text)
    }

    mutating func parse() throws -> SearchQuery {
        guard chars.count <= 1000 else {
            throw SearchQueryError(.tooLong(limit: 1000))
        }
        items = try lex()
        guard !items.isEmpty else {
            throw SearchQueryError(.empty)
        }
        let expression = try parseOr()
        if index < items.count {
            // parseOr stops only at a ')' it did not open.
            throw SearchQueryError(.unmatchedClose, position: items[index].position)
        }
        let query = SearchQuery(expression: expression, filters: filters)
        if query.expression == nil && filters.isEmpty {
            throw SearchQueryError(.nothingToSearch)
        }
        if case .all(let included, _)? = query.expression, included.isEmpty, filters.papers.isEmpty,
           filters.pages.isEmpty, filters.sections.isEmpty, filters.dates.isEmpty, filters.credits.isEmpty {
            throw SearchQueryError(.onlyExclusions)
        }
        return query
    }

    // MARK: Lexing

    private func lex() throws -> [Item] {
        var out: [Item] = []
        var i = 0
        var negated = false
        var negationPosition = 0
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        func isBreak(_ c: Character) -> Bool {
            c.isWhitespace || c == "(" || c == ")" || c == "（" || c == "）" || Self.quoteOpeners.contains(c)
        }
        func readQuoted(from start: Int) throws -> (String, Int) {
            var j = start + 1
            var text = ""
            while j < chars.count, !Self.quoteClosers.contains(chars[j]) {
                text.append(chars[j])
                j += 1
            }
            guard j < chars.count else {
                throw SearchQueryError(.unterminatedQuote, position: start + 1)
            }
            return (text, j + 1)
        }
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) {
                if negated {
                    throw SearchQueryError(.danglingMinus, position: negationPosition)
                }
                i += 1
                continue
            }
            let position = i + 1
            if (c == "-" || c == "－") && !negated {
                negated = true
                negationPosition = position
                i += 1
                continue
            }
            let isNegated = negated
            negated = false
            if c == "(" || c == "（" {
                out.append(Item(lexeme: .open, negated: isNegated, position: position))
                i += 1
            } else if c == ")" || c == "）" {
                if isNegated {
                    throw SearchQueryError(.danglingMinus, position: negationPosition)
                }
                out.append(Item(lexeme: .close, negated: false, position: position))
                i += 1
            } else if Self.quoteOpeners.contains(c) {
                let (text, next) = try readQuoted(from: i)
                out.append(Item(lexeme: .phrase(text), negated: isNegated, position: position))
                i = next
            } else {
                var j = i
                var word = ""
                while j < chars.count, !isBreak(chars[j]) {
                    word.append(chars[j])
                    j += 1
                }
                i = j
                if word == "OR" || word == "|" {
                    if isNegated {
                        throw SearchQueryError(.minusBeforeOr, position: negationPosition)
                    }
                    out.append(Item(lexeme: .or, negated: false, position: position))
                    continue
                }
                if word == "AND" && !isNegated { continue }
                if let colon = word.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    let name = String(word[..<colon])
                    if !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) {
                        let field = name.lowercased()
                        guard Self.fields.contains(field) else {
                            throw SearchQueryError(.unknownField(name), position: position)
                        }
                        var value = String(word[word.index(after: colon)...])
                        var quoted = false
                        if value.isEmpty, i < chars.count, Self.quoteOpeners.contains(chars[i]) {
                            let (text, next) = try readQuoted(from: i)
                            value = text
                            quoted = true
                            i = next
                        }
                        guard !value.trimmingSpaces.isEmpty else {
                            throw SearchQueryError(.fieldNeedsValue(field: field), position: position)
                        }
                        out.append(Item(lexeme: .field(field, value: value, quoted: quoted), negated: isNegated, position: position))
                        continue
                    }
                }
                out.append(Item(lexeme: .word(word), negated: isNegated, position: position))
            }
        }
        if negated {
            throw SearchQueryError(.danglingMinus, position: negationPosition)
        }
        return out
    }

    // MARK: Parsing

    private mutating func parseOr() throws -> QueryExpression? {
        var branches: [QueryExpression?] = []
        var sawFilterBranch = false
        var branchCount = 0
        while true {
            if index < items.count, items[index].lexeme == .or {
                throw SearchQueryError(.misplacedOr, position: items[index].position)
            }
            let filtersBefore = filters
            let branch = try parseAnd()
            branchCount += 1
            if filters != filtersBefore { sawFilterBranch = true }
            branches.append(branch)
            if index < items.count, items[index].lexeme == .or {
                let orPosition = items[index].position
                index += 1
                if index >= items.count || items[index].lexeme == .close {
                    throw SearchQueryError(.misplacedOr, position: orPosition)
                }
                continue
            }
            break
        }
        if branchCount > 1, branches.contains(where: { if case .all(let inc, _)? = $0 { return inc.isEmpty } else { return false } }) {
            throw SearchQueryError(.orSideOnlyExcludes)
        }
        if branchCount > 1 && sawFilterBranch {
            throw SearchQueryError(.filterWithOr)
        }
        let present = branches.compactMap { $0 }
        if branchCount > 1 && present.count < branchCount {
            // One side of OR had nothing searchable (e.g. only punctuation): OR with "anything"
            // is not what was meant, so say so instead of guessing.
            throw SearchQueryError(.orSideEmpty)
        }
        if present.count > 1 { return .any(present) }
        return present.first
    }

    private mutating func parseAnd() throws -> QueryExpression? {
        var included: [QueryExpression] = []
        var excluded: [QueryExpression] = []
        let start = index
        terms: while index < items.count {
            let item = items[index]
            index += 1
            var node: QueryExpression?
            switch item.lexeme {
            case .or, .close:
                // Not a term: left for parseOr, or for the caller that opened the parenthesis.
                index -= 1
                break terms
            case .open:
                depth += 1
                let before = filters
                node = try parseOr()
                if filters != before {
                    throw SearchQueryError(.filterInParentheses, position: item.position)
                }
                guard index < items.count, items[index].lexeme == .close else {
                    throw SearchQueryError(.unclosedParenthesis, position: item.position)
                }
                index += 1
                depth -= 1
                if node == nil {
                    throw SearchQueryError(.emptyParentheses, position: item.position)
                }
            case .word(let w):
                node = Self.termNode(TextTerm(text: w))
            case .phrase(let p):
                guard !p.trimmingSpaces.isEmpty else {
                    throw SearchQueryError(.emptyPhrase, position: item.position)
                }
                node = Self.termNode(TextTerm(text: p, isPhrase: true))
                if node == nil {
                    throw SearchQueryError(.phraseWithoutText(p), position: item.position)
                }
            case .field(let name, let value, let quoted):
                if name == "title" {
                    node = Self.termNode(TextTerm(text: value, field: .title, isPhrase: quoted))
                    if node == nil {
                        throw SearchQueryError(.titleWithoutText(value), position: item.position)
                    }
                } else {
                    if depth > 0 {
                        throw SearchQueryError(.filterInParentheses, position: item.position)
                    }
                    try addFilter(name, value: value, negated: item.negated, position: item.position)
                    continue
                }
            }
            guard let node else { continue }
            if item.negated { excluded.append(node) } else { included.append(node) }
        }
        if index == start {
            if index < items.count, items[index].lexeme == .close {
                if depth == 0 {
                    throw SearchQueryError(.unmatchedClose, position: items[index].position)
                }
                return nil
            }
            return nil
        }
        if included.isEmpty && !excluded.isEmpty && depth > 0 {
            throw SearchQueryError(.groupOnlyExcludes)
        }
        if included.count == 1 && excluded.isEmpty { return included[0] }
        if included.isEmpty && excluded.isEmpty { return nil }
        return .all(included: included, excluded: excluded)
    }

    /// A term node, or nil when the term has nothing indexable (only punctuation).
    static func termNode(_ term: TextTerm) -> QueryExpression? {
        BigramTokenizer(mode: .query).tokens(term.text).isEmpty ? nil : .term(term)
    }

    // MARK: Filters

    private mutating func addFilter(_ name: String, value raw: String, negated: Bool, position: Int) throws {
        let value = raw.trimmingSpaces
        switch name {
        case "paper":
            if negated { filters.excludedPapers.append(value) } else { filters.papers.append(value) }
        case "section":
            if negated { filters.excludedSections.append(value) } else { filters.sections.append(value) }
        case "page":
            guard let range = Self.parsePages(TextFolding.fold(value)) else {
                throw SearchQueryError(.badPage(raw), position: position)
            }
            if negated { filters.excludedPages.append(range) } else { filters.pages.append(range) }
        case "date":
            let range = try Self.parseDateRange(TextFolding.fold(value), raw: raw, position: position)
            if negated { filters.excludedDates.append(range) } else { filters.dates.append(range) }
        case "byline", "place", "agency":
            let filter = name == "byline" ? CreditFilter.byline(value) : name == "place" ? .place(value) : .agency(value)
            if negated { filters.excludedCredits.append(filter) } else { filters.credits.append(filter) }
        default:
            break
        }
    }

    static func parsePages(_ s: String) -> ClosedRange<Int>? {
        func number(_ t: Substring) -> Int? {
            guard !t.isEmpty, t.count <= 4, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t), n >= 1 else { return nil }
            return n
        }
        if let r = s.range(of: "..") {
            guard let a = number(s[..<r.lowerBound]), let b = number(s[r.upperBound...]), a <= b else { return nil }
            return a...b
        }
        guard let n = number(Substring(s)) else { return nil }
        return n...n
    }

    /// `2019`, `2019-11`, `2019-11-25`, `20191125`, and ranges `A..B`, `A..`, `..B`.
    static func parseDateRange(_ s: String, raw: String, position: Int) throws -> DateRange {
        let bad = SearchQueryError(.badDate(raw), position: position)
        if let r = s.range(of: "..") {
            let left = String(s[..<r.lowerBound]), right = String(s[r.upperBound...])
            if left.isEmpty && right.isEmpty { throw bad }
            let from = left.isEmpty ? nil : try bounds(left, or: bad).from
            let to = right.isEmpty ? nil : try bounds(right, or: bad).to
            if let from, let to, to < from {
                throw SearchQueryError(.reversedDates(raw), position: position)
            }
            return DateRange(from: from, to: to)
        }
        let b = try bounds(s, or: bad)
        return DateRange(from: b.from, to: b.to)
    }

    /// The first and last day of a year, a month or a day.
    static func bounds(_ s: String, or error: SearchQueryError) throws -> (from: IssueDate, to: IssueDate) {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        func int(_ t: Substring, digits: Int) throws -> Int {
            guard t.count == digits, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else { throw error }
            return n
        }
        switch parts.count {
        case 1 where parts[0].count == 8:
            guard let d = IssueDate(s) else { throw error }
            return (d, d)
        case 1:
            let y = try int(parts[0], digits: 4)
            guard let a = IssueDate(year: y, month: 1, day: 1), let b = IssueDate(year: y, month: 12, day: 31) else { throw error }
            return (a, b)
        case 2:
            let y = try int(parts[0], digits: 4), m = try int(parts[1], digits: 2)
            guard let a = IssueDate(year: y, month: m, day: 1),
                  let b = IssueDate(year: y, month: m, day: IssueDate.daysIn(month: m, year: y)) else { throw error }
            return (a, b)
        case 3:
            let y = try int(parts[0], digits: 4), m = try int(parts[1], digits: 2), d = try int(parts[2], digits: 2)
            guard let a = IssueDate(year: y, month: m, day: d) else { throw error }
            return (a, a)
        default:
            throw error
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
