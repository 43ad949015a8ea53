/// What `SQLiteArchive.verify()` found: the figures of what it checked and every problem.
public struct Verification: Sendable {
    /// One thing wrong, with what a user needs to find it.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// `PRAGMA integrity_check` reported this line.
            case integrity
            /// An original input's bytes no longer have the SHA-256 stored at import.
            case digestMismatch
            /// An original input has no stored digest.
            case missingDigest
            /// An original input's packed bytes no longer unpack.
            case unreadableOriginal
            /// An article's stored document no longer unpacks.
            case unreadableDocument
            /// A search index does not hold what the article's stored text tokenizes to.
            case indexMismatch
            /// A search index holds tokens for a row that is no article.
            case indexOrphan
            /// A file of the media folder (page image, PDF, OCR) is not there.
            case mediaMissing
            /// A file of the media folder no longer has the SHA-256 it is named by.
            case mediaDigestMismatch
        }

        public var kind: Kind
        /// The article concerned, where there is one.
        public var articleID: String?
        /// The original input concerned (or the article's inputs), where there is one.
        public var sourceKeys: [String]
        public var detail: String

        public init(kind: Kind, articleID: String? = nil, sourceKeys: [String] = [], detail: String) {
            self.kind = kind
            self.articleID = articleID
            self.sourceKeys = sourceKeys
            self.detail = detail
        }

        public var description: String {
            var place: [String] = []
            if let articleID { place.append("article \(articleID)") }
            if !sourceKeys.isEmpty { place.append("source \(sourceKeys.joined(separator: ", "))") }
            return (place.isEmpty ? "" : place.joined(separator: ", ") + ": ") + detail
        }
    }

    /// Original inputs whose SHA-256 was computed again.
    public var originals = 0
    /// Articles whose stored text was tokenized again and compared with both search indexes.
    public var articles = 0
    /// Token instances read back from the bigram index (term, column, position each).
    public var indexedTokens = 0
    /// Entries read back from the character index (term, article each).
    public var indexedCharacters = 0
    /// Files of the media folder whose SHA-256 was computed again.
    public var mediaFiles = 0
    public var problems: [Problem] = []

    public init() {}

    /// Checks each of `files` in the media folder `root` against the SHA-256 it is named by.
    mutating func check(media files: [MediaFile], in root: String) {
        let store = MediaStore(root: root)
        for file in files {
            mediaFiles += 1
            let path = store.original(file)
            guard let digest = MediaStore.digest(ofFile: path) else {
                problems.append(.init(kind: .mediaMissing, detail: "media \(file.sha256) (\(file.name)): \(path) is not there"))
                continue
            }
            if digest != file.sha256 {
                problems.append(.init(kind: .mediaDigestMismatch, detail: "media \(file.sha256) (\(file.name)): \(path) now has SHA-256 \(digest)"))
            }
        }
    }

    /// Checks an original input's bytes against the SHA-256 stored at import.
    mutating func check(original bytes: [UInt8], stored: String?, key: String, articleID: String?) {
        originals += 1
        guard let stored else {
            problems.append(.init(kind: .missingDigest, articleID: articleID, sourceKeys: [key], detail: "the original has no stored SHA-256"))
            return
        }
        let computed = SourceDigest.sha256(bytes: bytes)
        if computed != stored {
            problems.append(.init(kind: .digestMismatch, articleID: articleID, sourceKeys: [key],
                                  detail: "SHA-256 of the original is \(computed), stored at import \(stored)"))
        }
    }

    public var isClean: Bool { problems.isEmpty }
}
