@testable import BroadsheetStore
import Testing

@Suite("Revision cache")
struct RevisionCacheTests {
    @Test("a value is read once per revision, and again once a write moves the revision on")
    func readOncePerRevision() async throws {
        let cache = RevisionCache<String, Int>()
        var reads = 0
        func read() -> Int { reads += 1; return reads * 10 }
        #expect(try await cache.get(5, "中国") { read() } == 10)
        #expect(try await cache.get(5, "中国") { read() } == 10)
        #expect(reads == 1)
        #expect(try await cache.get(6, "中国") { read() } == 20)
        #expect(reads == 2)
    }

    @Test("a value read at an older revision than the one kept is returned but not kept")
    func olderReadsAreNotKept() throws {
        let cache = RevisionCache<String, Int>()
        cache.keep(7, ["发展": 3])
        cache.keep(6, ["中国": 9])
        #expect(cache.lookup(7, ["发展", "中国"]).found == ["发展": 3])
        #expect(cache.lookup(7, ["发展", "中国"]).missing == ["中国"])
        // Asked at the older revision, nothing kept answers.
        #expect(cache.lookup(6, ["发展"]).missing == ["发展"])
        #expect(try cache.getWaiting(6, "发展") { 4 } == 4)
        #expect(cache.lookup(7, ["发展"]).found == ["发展": 3])
    }

    @Test("past its capacity the cache starts again empty")
    func capacity() {
        let cache = RevisionCache<Int, Int>(capacity: 3)
        cache.keep(1, [1: 1, 2: 2, 3: 3])
        #expect(cache.lookup(1, [1, 2, 3]).missing.isEmpty)
        cache.keep(1, [4: 4])
        #expect(cache.lookup(1, [1, 2, 3, 4]).found == [4: 4])
    }
}
