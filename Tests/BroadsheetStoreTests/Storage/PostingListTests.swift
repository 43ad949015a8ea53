@testable import BroadsheetStore
import Testing

/// The bytes of the PostgreSQL search index's rows (`PostingList`), without a server.
@Suite("Posting lists")
struct PostingListTests {
    /// Position keys of headline position 0, body positions 3, 200 and 70,000.
    let keys: [UInt32] = [PostingList.key(column: 0, position: 0), PostingList.key(column: 3, position: 3),
                          PostingList.key(column: 3, position: 200), PostingList.key(column: 3, position: 70_000)]

    func payload(_ keys: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        PostingList.payload(keys: keys, to: &out)
        return out
    }

    @Test("entries appended to a row as bytes read back as the articles, positions and columns written, across rows")
    func roundTrip() {
        // Given a row written in two appends (an import, then a later one from the row's last
        // rowid), and a second row
        var row: [UInt8] = []
        PostingList.appendEntry(rowid: 8_192, after: 0, payload: payload(keys), to: &row)
        var appended: [UInt8] = []
        PostingList.appendEntry(rowid: 16_000, after: 8_192, payload: payload([PostingList.key(column: 1, position: 5)]), to: &appended)
        var second: [UInt8] = []
        PostingList.appendEntry(rowid: 1_000_007, after: 0, payload: payload([1, 2]), to: &second)
        // When they are read as one token's postings
        var postings = PostingList.Postings()
        let added = postings.add(row + appended)
        let addedSecond = postings.add(second)
        // Then the articles, their keys and their columns are those written
        #expect(added && addedSecond)
        #expect(postings.rowids == [8_192, 16_000, 1_000_007])
        #expect(postings.keys(at: 0) == keys)
        #expect(keys.map(PostingList.column(of:)) == [0, 3, 3, 3])
        #expect(postings.keys(at: 1).map(PostingList.column(of:)) == [1])
        #expect(postings.keys(at: 2) == [1, 2])
        #expect(postings.index(of: 16_000) == 1)
        #expect(postings.index(of: 16_001) == nil)
        // And the appended row is what one written at once is
        #expect(PostingList.row(PostingList.entries(row + appended)!) == row + appended)
    }

    @Test("an initial's entry keeps its count per column")
    func counts() {
        var row: [UInt8] = []
        var previous: Int64 = 0
        for (r, counts) in [(Int64(3), [2, 0, 0, 300]), (4, [0, 1, 1, 0])] {
            var p: [UInt8] = []
            PostingList.payload(counts: counts, to: &p)
            PostingList.appendEntry(rowid: r, after: previous, payload: p, to: &row)
            previous = r
        }
        var postings = PostingList.Postings()
        let added = postings.add(row)
        #expect(added)
        #expect(postings.rowids == [3, 4])
        #expect(postings.counts(at: 0) == [2, 0, 0, 300])
        #expect(postings.counts(at: 1) == [0, 1, 1, 0])
    }

    @Test("a row without some articles keeps the others' entries as they were")
    func removing() {
        var row: [UInt8] = []
        var previous: Int64 = 0
        for r: Int64 in [1, 5, 9] {
            PostingList.appendEntry(rowid: r, after: previous, payload: payload([UInt32(r), UInt32(r) + 10]), to: &row)
            previous = r
        }
        let entries = PostingList.entries(row)!
        #expect(entries.map(\.rowid) == [1, 5, 9])
        var only5: [UInt8] = []
        PostingList.appendEntry(rowid: 5, after: 0, payload: payload([5, 15]), to: &only5)
        #expect(PostingList.row(entries.filter { $0.rowid == 5 }) == only5)
    }

    @Test("a row cut short, or out of rowid order after the row before, is refused, not read as fewer articles")
    func damaged() {
        var row: [UInt8] = []
        PostingList.appendEntry(rowid: 10, after: 0, payload: payload(keys), to: &row)
        let cut = Array(row.dropLast(2))
        var postings = PostingList.Postings()
        let addedCut = postings.add(cut)
        #expect(!addedCut)
        #expect(postings.count == 0)
        #expect(PostingList.entries(cut) == nil)
        // A second row starting below the first's last rowid
        let first = postings.add(row)
        var earlier: [UInt8] = []
        PostingList.appendEntry(rowid: 4, after: 0, payload: payload([1]), to: &earlier)
        let addedEarlier = postings.add(earlier)
        #expect(first && !addedEarlier)
        #expect(postings.rowids == [10])
    }

    @Test("the per-article digest changes with the token and with the payload")
    func digest() {
        #expect(PostingList.digest("经济", [1, 2]) != PostingList.digest("经济", [1, 3]))
        #expect(PostingList.digest("经济", [1, 2]) != PostingList.digest("经", [1, 2]))
        #expect(PostingList.digest("经济", [1, 2]) == PostingList.digest("经济", [1, 2]))
    }
}
