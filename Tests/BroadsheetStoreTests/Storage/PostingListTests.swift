@testable import BroadsheetStore
import Testing

/// The bytes of the PostgreSQL search index's rows (`PostingList`), without a server.
@Suite("Posting lists")
struct PostingListTests {
    /// Position keys of headline position 0, body positions 3, 200 and 70,000.
    let keys: [UInt32] = [PostingList.key(column: 0, position: 0), PostingList.key(column: 3, position: 3),
                          PostingList.key(column: 3, position: 200), PostingList.key(column: 3, position: 70_000)]

    @Test("entries appended to a row as bytes read back as the articles, positions and columns written, across blocks")
    func roundTrip() {
        // Given a row of block 1 written in two appends (an import, then a later one), and block 2
        var first: [UInt8] = []
        PostingList.appendEntry(rowid: 8_192, keys: keys, to: &first)
        var second: [UInt8] = []
        PostingList.appendEntry(rowid: 16_000, keys: [PostingList.key(column: 1, position: 5)], to: &second)
        var block2: [UInt8] = []
        PostingList.appendEntry(rowid: 16_384 + 7, keys: [1, 2], to: &block2)
        // When they are read as one token's postings
        var postings = PostingList.Postings()
        let added1 = postings.add(block: 1, first + second)
        #expect(added1)
        let added2 = postings.add(block: 2, block2)
        #expect(added2)
        // Then the articles, their keys and their columns are those written
        #expect(postings.rowids == [8_192, 16_000, 16_391])
        #expect(postings.keys(at: 0) == keys)
        #expect(keys.map(PostingList.column(of:)) == [0, 3, 3, 3])
        #expect(postings.keys(at: 1).map(PostingList.column(of:)) == [1])
        #expect(postings.keys(at: 2) == [1, 2])
        #expect(postings.index(of: 16_000) == 1)
        #expect(postings.index(of: 16_001) == nil)
    }

    @Test("an initial's entry keeps its count per column")
    func counts() {
        var row: [UInt8] = []
        PostingList.appendEntry(rowid: 3, counts: [2, 0, 0, 300], to: &row)
        PostingList.appendEntry(rowid: 4, counts: [0, 1, 1, 0], to: &row)
        var postings = PostingList.Postings()
        let added0 = postings.add(block: 0, row)
        #expect(added0)
        #expect(postings.counts(at: 0) == [2, 0, 0, 300])
        #expect(postings.counts(at: 1) == [0, 1, 1, 0])
    }

    @Test("removing articles cuts out their entries and keeps the others' bytes as they were")
    func removing() {
        var row: [UInt8] = []
        for r: Int64 in [1, 5, 9] { PostingList.appendEntry(rowid: r, keys: [UInt32(r), UInt32(r) + 10], to: &row) }
        var only5: [UInt8] = []
        PostingList.appendEntry(rowid: 5, keys: [5, 15], to: &only5)
        #expect(PostingList.removing([1, 9, 77], from: row, block: 0) == only5)
        #expect(PostingList.removing([1, 5, 9], from: row, block: 0) == [])
        #expect(PostingList.entries(row, block: 0)?.map(\.rowid) == [1, 5, 9])
    }

    @Test("a row cut short is refused, not read as fewer articles")
    func damaged() {
        var row: [UInt8] = []
        PostingList.appendEntry(rowid: 1, keys: keys, to: &row)
        let cut = Array(row.dropLast(2))
        var postings = PostingList.Postings()
        let added0 = postings.add(block: 0, cut)
        #expect(!added0)
        #expect(postings.count == 0)
        #expect(PostingList.removing([], from: cut, block: 0) == nil)
        #expect(PostingList.entries(cut, block: 0) == nil)
    }
}
