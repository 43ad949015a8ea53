import Hummingbird
import Synchronization

/// Rendered pages by URL path. The server opens the archive read-only, so a page rendered once
/// stays right for the life of the process; this keeps reading an article as cheap as serving
/// a file. Bounded: when full, it is emptied and refills with what readers ask for next, which
/// costs one re-render per page and no bookkeeping per hit.
final class PageCache: Sendable {
    private let capacity: Int
    private let pages = Mutex<[String: ByteBuffer]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(key: String) -> ByteBuffer? {
        get {
            guard capacity > 0 else { return nil }
            return pages.withLock { $0[key] }
        }
        set {
            guard capacity > 0, let newValue else { return }
            pages.withLock { pages in
                if pages.count >= capacity { pages.removeAll(keepingCapacity: true) }
                pages[key] = newValue
            }
        }
    }
}
