import BroadsheetSearch
import Foundation
import GRDB

/// The checks behind `SQLiteArchive.verify()`, on one connection, in one read transaction so
/// that an import committing meanwhile cannot show as a disagreement.
///
/// - SQLite's own `PRAGMA integrity_check` (every b-tree, index and page of the file);
/// - fixity: each original input unpacked and its SHA-256 computed again against the digest
///   stored at import;
/// - the search indexes against the stored text: each article's indexed fields (headline,
///   kicker, subtitle and the search text its document holds, which is exactly what was indexed)
///   are tokenized again with the index's own tokenizers, and compared, article by article, with
///   every entry the index holds, read back through `fts5vocab` tables of type `instance`. For
///   the bigram index an entry is (term, column, position); for the character index (no
///   positions, no columns) it is (term, article). Per article the two sides must agree in the
///   number of entries and in an order-free checksum (the wrapping sum of a 64-bit hash of each
///   entry): a missing, extra or moved token, a token of another article, a row indexed twice
///   or not at all all change one or the other. Reading every entry back costs one scan of each
///   index, and tokenizing every article once more, about as much as indexing it did.
enum ArchiveVerifier {
    /// The `fts5vocab` tables (in `temp`) through which every entry of an index is read.
    static let instanceTables = [
        SearchIndex.tableName: "verify_fts_instances",
        SearchIndex.characterTableName: "verify_chars_instances",
    ]

    /// The indexed columns, in their order in both indexes.
    private static let columns = ["headline", "kicker", "subtitle", "body"]

    /// Creates the `temp` tables the checks read through; outside the transaction, since a
    /// read-only connection may write its `temp` schema but not inside a read.
    static func prepare(_ db: Database) throws {
        for (index, instances) in instanceTables.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.\(instances) USING fts5vocab(main, \(index), instance)")
        }
    }

    static func run(_ db: Database) throws -> Verification {
        var v = Verification()
        try checkIntegrity(db, &v)
        try checkOriginals(db, &v)
        try checkIndexes(db, &v)
        return v
    }

    private static func checkIntegrity(_ db: Database, _ v: inout Verification) throws {
        for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
            v.problems.append(.init(kind: .integrity, detail: "integrity_check: \(line)"))
        }
    }

    private static func checkOriginals(_ db: Database, _ v: inout Verification) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.key, s.sha256, s.data, a.id FROM source s LEFT JOIN article a ON a.rowid = s.article_rowid ORDER BY s.rowid
            """)
        while let row = try rows.next() {
            let key: String = row["key"]
            let id: String? = row["id"]
            let stored: String? = row["sha256"]
            guard stored != nil else {
                v.check(original: [], stored: nil, key: key, articleID: id)
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try PackedText.unpackBytes(row["data"])
            } catch {
                v.originals += 1
                v.problems.append(.init(kind: .unreadableOriginal, articleID: id, sourceKeys: [key], detail: "the original does not unpack: \(error)"))
                continue
            }
            v.check(original: bytes, stored: stored, key: key, articleID: id)
        }
    }

    /// Entries of one index for one article: how many, and the wrapping sum of their hashes.
    private struct Tally: Equatable {
        var count = 0
        var sum: UInt64 = 0

        mutating func add(_ hash: Int) {
            count += 1
            sum &+= UInt64(bitPattern: Int64(hash))
        }
    }

    private static func bigramHash(_ term: UnsafeRawBufferPointer, column: Int, position: Int) -> Int {
        var h = Hasher()
        h.combine(bytes: term)
        h.combine(column)
        h.combine(position)
        return h.finalize()
    }

    private static func characterHash(_ term: UnsafeRawBufferPointer) -> Int {
        var h = Hasher()
        h.combine(bytes: term)
        return h.finalize()
    }

    private static func checkIndexes(_ db: Database, _ v: inout Verification) throws {
        var ids: [Int64: String] = [:]
        var keys: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT article_rowid, key FROM source WHERE article_rowid IS NOT NULL ORDER BY article_rowid, seq") {
            keys[row["article_rowid"], default: []].append(row["key"])
        }

        // What the stored text tokenizes to, the way FTS5 records it: a token's position is the
        // count of tokens before it in its column that were not colocated with their predecessor.
        var expectedBigrams: [Int64: Tally] = [:]
        var expectedCharacters: [Int64: Tally] = [:]
        var unreadable = Set<Int64>()
        // Withdrawn articles are kept out of both indexes: they are to hold nothing for them.
        let withdrawn = Set(try String.fetchAll(db, sql: "SELECT article_id FROM withdrawal"))
        let articles = try Row.fetchCursor(db, sql: "SELECT rowid, id, headline, kicker, subtitle, doc FROM article")
        let bigrams = BigramTokenizer(mode: .document)
        let characters = CharacterTokenizer()
        while let row = try articles.next() {
            let rowid: Int64 = row["rowid"]
            let id: String = row["id"]
            ids[rowid] = id
            v.articles += 1
            let body: String
            do {
                body = try StoredDocument.searchText(row["doc"])
            } catch {
                unreadable.insert(rowid)
                v.problems.append(.init(kind: .unreadableDocument, articleID: id, sourceKeys: keys[rowid] ?? [], detail: "the stored document does not unpack: \(error)"))
                continue
            }
            if withdrawn.contains(id) { continue }
            let fields: [String?] = [row["headline"], row["kicker"], row["subtitle"], body]
            var bigramTally = Tally()
            var distinct = Set<[UInt8]>()
            for (column, field) in fields.enumerated() {
                guard var text = field else { continue }
                text.withUTF8 { utf8 in
                    var size = 0
                    bigrams.tokenize(utf8) { term, _, _, colocated in
                        if !colocated || size == 0 { size += 1 }
                        bigramTally.add(bigramHash(UnsafeRawBufferPointer(term), column: column, position: size - 1))
                        return true
                    }
                    characters.tokenize(utf8) { term, _, _ in
                        distinct.insert(Array(term))
                        return true
                    }
                }
            }
            var characterTally = Tally()
            for term in distinct { term.withUnsafeBytes { characterTally.add(characterHash($0)) } }
            expectedBigrams[rowid] = bigramTally
            expectedCharacters[rowid] = characterTally
        }

        // What each index holds.
        var heldBigrams: [Int64: Tally] = [:]
        let bigramRows = try Row.fetchCursor(db, sql: "SELECT term, doc, col, offset FROM temp.\(instanceTables[SearchIndex.tableName]!)")
        while let row = try bigramRows.next() {
            let column = columns.firstIndex(of: row["col"]) ?? -1
            let position: Int = row["offset"]
            let hash = try row.withUnsafeData(atIndex: 0) { term in
                (term ?? Data()).withUnsafeBytes { bigramHash($0, column: column, position: position) }
            }
            heldBigrams[row["doc"], default: Tally()].add(hash)
            v.indexedTokens += 1
        }
        var heldCharacters: [Int64: Tally] = [:]
        let characterRows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM temp.\(instanceTables[SearchIndex.characterTableName]!)")
        while let row = try characterRows.next() {
            let hash = try row.withUnsafeData(atIndex: 0) { term in (term ?? Data()).withUnsafeBytes { characterHash($0) } }
            heldCharacters[row["doc"], default: Tally()].add(hash)
            v.indexedCharacters += 1
        }

        let indexes: [(name: String, unit: String, expected: [Int64: Tally], held: [Int64: Tally])] = [
            ("bigram index (\(SearchIndex.tableName))", "tokens", expectedBigrams, heldBigrams),
            ("character index (\(SearchIndex.characterTableName))", "characters", expectedCharacters, heldCharacters),
        ]
        for index in indexes {
            for rowid in ids.keys.sorted() where !unreadable.contains(rowid) {
                let expected = index.expected[rowid] ?? Tally()
                let held = index.held[rowid] ?? Tally()
                guard expected != held else { continue }
                let detail = held.count == expected.count
                    ? "the \(index.name) holds \(held.count) \(index.unit) as the stored text gives, but not the same ones"
                    : "the \(index.name) holds \(held.count) \(index.unit), the stored text gives \(expected.count)"
                v.problems.append(.init(kind: .indexMismatch, articleID: ids[rowid], sourceKeys: keys[rowid] ?? [], detail: detail))
            }
            for (rowid, held) in index.held.sorted(by: { $0.key < $1.key }) where ids[rowid] == nil {
                v.problems.append(.init(kind: .indexOrphan, detail: "the \(index.name) holds \(held.count) \(index.unit) for row \(rowid), which is no article"))
            }
        }
    }
}
