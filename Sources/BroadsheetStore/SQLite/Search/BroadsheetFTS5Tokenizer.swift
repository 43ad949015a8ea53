import BroadsheetSearch
import GRDB

/// The FTS5 face of `BigramTokenizer` and `CharacterTokenizer`, registered on every
/// connection by `SearchIndex.prepare(_:)` and named in the indexes' `tokenize=` options:
/// `tokenize='broadsheet_cjk'` for the bigram index, `tokenize='broadsheet_cjk chars'` for
/// the character index.
///
/// FTS5 tells us whether it is tokenizing a document or a query; for bigrams the two differ
/// only in the colocated run-final unigram, which a query must not ask for.
final class BroadsheetFTS5Tokenizer: FTS5CustomTokenizer {
    /// The name used in `CREATE VIRTUAL TABLE … tokenize='broadsheet_cjk'`.
    static let name = "broadsheet_cjk"

    /// The tokenizer argument that selects the character index's tokenizer.
    static let charactersArgument = "chars"

    private let characters: Bool

    init(db: Database, arguments: [String]) throws {
        characters = arguments.contains(Self.charactersArgument)
    }

    func tokenize(
        context: UnsafeMutableRawPointer?,
        tokenization: FTS5Tokenization,
        pText: UnsafePointer<CChar>?,
        nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        guard let pText, nText > 0 else { return 0 }
        let text = UnsafeBufferPointer(
            start: UnsafeRawPointer(pText).assumingMemoryBound(to: UInt8.self), count: Int(nText))
        var rc: CInt = 0
        if characters {
            CharacterTokenizer().tokenize(text) { bytes, start, end in
                rc = bytes.withMemoryRebound(to: CChar.self) { chars in
                    tokenCallback(context, 0, chars.baseAddress, CInt(chars.count), CInt(start), CInt(end))
                }
                return rc == 0
            }
            return rc
        }
        let tokenizer = BigramTokenizer(mode: tokenization.contains(.query) ? .query : .document)
        tokenizer.tokenize(text) { bytes, start, end, colocated in
            rc = bytes.withMemoryRebound(to: CChar.self) { chars in
                // FTS5_TOKEN_COLOCATED is 1.
                tokenCallback(context, colocated ? 1 : 0, chars.baseAddress, CInt(chars.count), CInt(start), CInt(end))
            }
            return rc == 0
        }
        return rc
    }
}
