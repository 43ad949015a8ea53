import Foundation

/// Runs `produce` one call ahead of its consumer, on a thread of its own: while the consumer
/// works on one batch, the next is being read. At most one result waits; the first nil or error
/// ends the producing, and every later `next()` gives it again.
final class ReadAhead<Element: Sendable>: @unchecked Sendable {
    // @unchecked: every field below is read and written under `condition`.
    private let condition = NSCondition()
    private var ready: Result<Element?, any Error>?
    private var stopping = false
    private var running = true

    init(_ produce: @escaping @Sendable () throws -> Element?) {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                let stopped = stopping
                condition.unlock()
                if stopped { break }
                let result = Result { try produce() }
                var last = true
                if case .success(.some) = result { last = false }
                condition.lock()
                while ready != nil && !stopping { condition.wait() }
                if stopping {
                    condition.unlock()
                    break
                }
                ready = result
                condition.broadcast()
                condition.unlock()
                if last { break }
            }
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
        // Parsers recurse on nested input; give them the main thread's room.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next element, waiting for it; nil at the end.
    func next() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while ready == nil { condition.wait() }
        let result = ready!
        if case .success(.some) = result {
            ready = nil
            condition.broadcast()
        }
        return try result.get()
    }

    /// Stops producing (after the call in progress) and waits for the thread to end. Safe to
    /// call more than once.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }
}
