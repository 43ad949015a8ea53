import Hummingbird
import Synchronization

/// Rendered pages by URL path, valid for one archive revision.
///
/// Every lookup names the revision the caller just read from the store; when it differs from
/// the revision the cached pages were rendered at, they are all dropped. An import by any
/// process grows the revision, so no page outlives the data it was rendered from. Bounded: when
/// full, it is emptied and refills with what readers ask for next, which costs one re-render
/// per page and no bookkeeping per hit.
final class PageCache: Sendable {
    private struct State {
        var revision: Int64 = .min
        var pages: [String: ByteBuffer] = [:]
    }

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The page rendered at `revision`, if cached.
    func page(_ key: String, revision: Int64) -> ByteBuffer? {
        guard capacity > 0 else { return nil }
        return state.withLock { s in
            if s.revision != revision {
                s.pages.removeAll(keepingCapacity: true)
                s.revision = revision
                return nil
            }
            return s.pages[key]
        }
    }

    /// Keeps a page rendered from the archive at `revision` (or later).
    func store(_ key: String, _ page: ByteBuffer, revision: Int64) {
        guard capacity > 0 else { return }
        state.withLock { s in
            // A page rendered at an older revision than the cache's would be stale; one rendered
            // at a newer one is dropped too, and the next lookup moves the cache forward.
            guard s.revision == revision else { return }
            if s.pages.count >= capacity { s.pages.removeAll(keepingCapacity: true) }
            s.pages[key] = page
        }
    }
}
