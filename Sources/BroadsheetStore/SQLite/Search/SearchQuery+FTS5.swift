import BroadsheetCore
import BroadsheetSearch

extension TextTerm {
    /// The term as an FTS5 string: quoted phrases only, so nothing the user typed is read as
    /// FTS5 syntax. The index's tokenizer splits each again, the same way it split the
    /// documents. A final one-character CJK run becomes a prefix (`"…X"*`): that character is
    /// indexed as the start of a bigram or as a run-final unigram, and the prefix finds both.
    /// A term that stands for several forms (`TextFolding.queryVariants`: 看着 is also 看著) is
    /// their phrases ORed.
    var fts5: String? {
        guard !BigramTokenizer(mode: .query).tokens(text).isEmpty else { return nil }
        let variants = TextFolding.queryVariants(TextFolding.fold(text))
        let phrases = (variants.count == 1 ? [text] : variants).map { form -> String in
            // FTS5 reads its expression as a C string: a NUL would end it inside the quotes
            // ("unterminated string"). The tokenizer splits at a NUL as at a space, so a space
            // matches the same.
            var s = "\"" + form.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\u{0}", with: " ") + "\""
            if let last = BigramTokenizer(mode: .query).tokens(form).last, last.text.unicodeScalars.count == 1,
               let only = last.text.unicodeScalars.first, FoldedScanner.classify(only) == .cjk {
                s += "*"
            }
            return field == .title ? "{headline kicker subtitle} : " + s : s
        }
        return phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
    }

    /// For a term that is one CJK character (after folding) searched in every column: the
    /// FTS5 expression for the character index. `title:X` stays a prefix query on the bigram
    /// index, because the character index keeps no columns.
    var characterFTS5: String? {
        guard field == .any else { return nil }
        let tokens = BigramTokenizer(mode: .query).tokens(text)
        guard tokens.count == 1, let only = tokens[0].text.unicodeScalars.first,
              tokens[0].text.unicodeScalars.count == 1, FoldedScanner.classify(only) == .cjk else { return nil }
        return "\"" + tokens[0].text + "\""
    }

    /// The one token this term is indexed as, when it is one token searched in every column:
    /// the count of articles holding it is then the vocabulary table's.
    var soleToken: String? {
        guard field == .any, TextFolding.queryVariants(TextFolding.fold(text)).count == 1 else { return nil }
        let tokens = BigramTokenizer(mode: .query).tokens(text)
        return tokens.count == 1 ? tokens[0].text : nil
    }
}

extension QueryExpression {
    /// A single term that is one CJK character, as an expression for the character index.
    var characterFTS5: String? {
        if case .term(let t) = self { return t.characterFTS5 }
        return nil
    }
}

extension QueryExpression {
    /// The FTS5 MATCH expression for this node. A node with nothing to include (only at the
    /// top level, where the parser allows it next to filters) yields nil.
    var fts5: String? {
        switch self {
        case .term(let t):
            return t.fts5
        case .any(let xs):
            let parts = xs.compactMap(\.fts5)
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        case .all(let included, let excluded):
            let inc = included.compactMap(\.fts5)
            guard !inc.isEmpty else { return nil }
            var s = inc.count == 1 ? inc[0] : "(" + inc.joined(separator: " AND ") + ")"
            let exc = excluded.compactMap(\.fts5)
            if !exc.isEmpty { s = "(" + s + " NOT (" + exc.joined(separator: " OR ") + "))" }
            return s
        }
    }

    /// For a top-level `-a -b` next to filters: the expression of what is excluded.
    var excludedOnlyFTS5: String? {
        guard case .all(let included, let excluded) = self, included.isEmpty, !excluded.isEmpty else { return nil }
        return excluded.compactMap(\.fts5).joined(separator: " OR ")
    }
}
