import BroadsheetSearch
import GRDB

extension SQLiteArchive {
    /// Ranks every match in one read (the order search pages give, without paging through
    /// `OFFSET`, which costs each page every row before it), then reads the hits a thousand
    /// at a time as the consumer asks for them, the next batch read while this one is used:
    /// a slow client holds two batches in memory, not the whole result. An import between two
    /// batches can leave out articles it removed.
    public func everyHit(_ request: SearchRequest) -> AsyncThrowingStream<SearchHit, any Error> {
        let reader = HitReader(archive: self, request: request)
        return AsyncThrowingStream(unfolding: { try await reader.next() })
    }

    func rankEveryMatch(_ request: SearchRequest) async throws -> [(rowid: Int64, score: Double?)] {
        try await writer.read { db in
            let plan = try SearchPlan(request, db)
            let total = try plan.count(db)
            return try plan.rank(db, sort: request.sort, limit: total, offset: 0, total: total)
        }
    }

    func hits(_ request: SearchRequest, _ ranked: [(rowid: Int64, score: Double?)]) async throws -> [SearchHit] {
        try await writer.read { db in
            try SearchPlan(request, db)
                .details(db, ranked, radius: request.snippetRadius, snippets: request.snippetsPerHit)
        }
    }
}

/// The state of one `everyHit` walk: the ranked matches, the batch being handed out and the
/// one being read.
private actor HitReader {
    let archive: SQLiteArchive
    let request: SearchRequest
    private var ranked: [(rowid: Int64, score: Double?)]?
    /// Where the next batch to read starts in `ranked`.
    private var nextStart = 0
    private var batch: [SearchHit] = []
    private var index = 0
    private var reading: Task<[SearchHit], any Error>?

    init(archive: SQLiteArchive, request: SearchRequest) {
        self.archive = archive
        self.request = request
    }

    func next() async throws -> SearchHit? {
        while index == batch.count {
            if ranked == nil {
                ranked = try await archive.rankEveryMatch(request)
                readNext()
            }
            guard let reading else { return nil }
            batch = try await reading.value
            index = 0
            readNext()
        }
        defer { index += 1 }
        return batch[index]
    }

    /// Starts reading the batch after the last one started, if any is left.
    private func readNext() {
        guard let ranked, nextStart < ranked.count else {
            reading = nil
            return
        }
        let slice = Array(ranked[nextStart..<min(nextStart + SearchRequest.maxLimit, ranked.count)])
        nextStart += slice.count
        let (archive, request) = (archive, request)
        reading = Task { try await archive.hits(request, slice) }
    }

    deinit { reading?.cancel() }
}
