#if PostgreSQL
import BroadsheetCore
import BroadsheetSearch

/// The indexed fields of one article, in the SQLite index's column order (headline, kicker,
/// subtitle, body).
struct SearchFields {
    var headline: String
    var kicker: String?
    var subtitle: String?
    var body: String

    init(headline: String, kicker: String?, subtitle: String?, body: String) {
        (self.headline, self.kicker, self.subtitle, self.body) = (headline, kicker, subtitle, body)
    }

    init(_ a: Article) {
        self.init(headline: a.headline, kicker: a.kicker, subtitle: a.subtitle, body: a.searchText)
    }

    var columns: [String] { [headline, kicker ?? "", subtitle ?? "", body] }
}

/// One document's tokens (`BigramTokenizer`, document mode) by column and position, as FTS5
/// holds them for the SQLite archive: a colocated token shares the position before it.
struct TokenDocument {
    /// Per column: token → its positions, ascending.
    let columns: [[String: [Int]]]

    init(_ fields: SearchFields) {
        let tokenizer = BigramTokenizer(mode: .document)
        var columns: [[String: [Int]]] = []
        for text in fields.columns {
            var positions: [String: [Int]] = [:]
            var position = -1
            for token in tokenizer.tokens(text) {
                if !token.colocated || position < 0 { position += 1 }
                positions[token.text, default: []].append(position)
            }
            columns.append(positions)
        }
        self.columns = columns
    }
}

/// A parsed query as the SQLite archive's FTS5 expression means it (`SearchQuery+FTS5`),
/// evaluated on `TokenDocument`s: a term is a phrase of its query tokens at consecutive
/// positions of one column (of the title columns for `title:`), a final one-character CJK
/// token a prefix; the forms of a term (`TextFolding.queryVariants`) are ORed. `PostingSearch`
/// answers the same meaning from the posting lists; this checks the few articles a cut token
/// leaves in doubt.
struct TokenQuery {
    struct Phrase {
        var tokens: [String]
        /// The last token matches any token it is a prefix of.
        var prefixLast: Bool
        var titleOnly: Bool
    }

    indirect enum Node {
        /// Any of the phrases (a term's forms).
        case term([Phrase])
        case all([Node], excluded: [Node])
        case any([Node])
    }

    /// What the query must match; nil when it has nothing to match (filters only).
    let root: Node?
    /// True for a top-level `-a -b` beside filters: everything but what `root` matches.
    let negated: Bool

    init(_ expression: QueryExpression?) {
        guard let expression else { (root, negated) = (nil, false); return }
        if case .all(let included, let excluded) = expression, included.isEmpty, !excluded.isEmpty {
            let parts = excluded.compactMap(Self.node)
            (root, negated) = (parts.isEmpty ? nil : .any(parts), !parts.isEmpty)
        } else {
            (root, negated) = (Self.node(expression), false)
        }
    }

    private static func node(_ e: QueryExpression) -> Node? {
        switch e {
        case .term(let t):
            guard !BigramTokenizer(mode: .query).tokens(t.text).isEmpty else { return nil }
            let variants = TextFolding.queryVariants(TextFolding.fold(t.text))
            let phrases = (variants.count == 1 ? [t.text] : variants).map { form -> Phrase in
                let tokens = BigramTokenizer(mode: .query).tokens(form)
                var prefix = false
                if let last = tokens.last, last.text.unicodeScalars.count == 1, let only = last.text.unicodeScalars.first,
                   FoldedScanner.classify(only) == .cjk {
                    prefix = true
                }
                return Phrase(tokens: tokens.map(\.text), prefixLast: prefix, titleOnly: t.field == .title)
            }
            return .term(phrases)
        case .any(let xs):
            let parts = xs.compactMap(node)
            return parts.isEmpty ? nil : .any(parts)
        case .all(let included, let excluded):
            let inc = included.compactMap(node)
            guard !inc.isEmpty else { return nil }
            return .all(inc, excluded: excluded.compactMap(node))
        }
    }

    /// Whether `doc` matches.
    func matches(_ doc: TokenDocument) -> Bool {
        guard let root else { return true }
        return Self.evaluate(root, doc) != negated
    }

    private static func evaluate(_ node: Node, _ doc: TokenDocument) -> Bool {
        switch node {
        case .term(let phrases): return phrases.contains { occurrences($0, doc, stopAtFirst: true) > 0 }
        case .any(let xs): return xs.contains { evaluate($0, doc) }
        case .all(let inc, let exc): return inc.allSatisfy { evaluate($0, doc) } && !exc.contains { evaluate($0, doc) }
        }
    }

    private static func occurrences(_ phrase: Phrase, _ doc: TokenDocument, stopAtFirst: Bool) -> Int {
        var n = 0
        for c in doc.columns.indices where !phrase.titleOnly || c < 3 {
            n += occurrences(phrase, doc, column: c, stopAtFirst: stopAtFirst)
            if stopAtFirst && n > 0 { return n }
        }
        return n
    }

    /// Positions in `column` where the phrase starts.
    private static func occurrences(_ phrase: Phrase, _ doc: TokenDocument, column c: Int, stopAtFirst: Bool) -> Int {
        guard !phrase.tokens.isEmpty else { return 0 }
        let column = doc.columns[c]
        // Each token's positions as a set; the prefix token's is the union over the tokens it begins.
        var sets: [Set<Int>] = []
        for (i, token) in phrase.tokens.enumerated() {
            if i == phrase.tokens.count - 1 && phrase.prefixLast {
                var all = Set<Int>()
                for (t, positions) in column where t.utf8.starts(with: token.utf8) { all.formUnion(positions) }
                sets.append(all)
            } else {
                sets.append(Set(column[token] ?? []))
            }
            if sets.last!.isEmpty { return 0 }
        }
        var n = 0
        for p in sets[0] where (1..<sets.count).allSatisfy({ sets[$0].contains(p + $0) }) {
            n += 1
            if stopAtFirst { return n }
        }
        return n
    }
}
#endif
