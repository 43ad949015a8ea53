/// What changed between two texts, character by character (Myers' O((N+M)·D) algorithm):
/// runs of kept, deleted and inserted text, for a correction's compare view.
public enum TextDiff {
    public enum Run: Hashable, Sendable {
        case same(String)
        case deleted(String)
        case inserted(String)
    }

    /// At most this many edits are traced character by character; beyond, the texts are
    /// compared line by line (a rewritten article, not a correction).
    public static let maxEdits = 4_000

    public static func runs(from old: String, to new: String) -> [Run] {
        let a = Array(old), b = Array(new)
        if let script = edits(a, b, limit: maxEdits) { return merge(script) }
        let la = old.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        let lb = new.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let script = edits(la, lb, limit: la.count + lb.count) { return merge(script) }
        return [.deleted(old), .inserted(new)]
    }

    private enum Edit<T> { case same(T), deleted(T), inserted(T) }

    /// The shortest edit script from `a` to `b`, or nil past `limit` edits.
    private static func edits<T: Equatable>(_ a: [T], _ b: [T], limit: Int) -> [Edit<T>]? {
        let n = a.count, m = b.count
        let maxD = min(n + m, limit)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...maxD {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { found = true; break outer }
            }
        }
        guard found else { return nil }
        // Walk the trace back from (n, m).
        var script: [Edit<T>] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let prevX = d == 0 ? 0 : v[offset + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY { x -= 1; y -= 1; script.append(.same(a[x])) }
            if d > 0 {
                if x == prevX { y -= 1; script.append(.inserted(b[y])) } else { x -= 1; script.append(.deleted(a[x])) }
            }
        }
        while x > 0 && y > 0 { x -= 1; y -= 1; script.append(.same(a[x])) }
        return script.reversed()
    }

    private static func merge<T>(_ script: [Edit<T>]) -> [Run] {
        var runs: [Run] = []
        func text(_ t: T) -> String { (t as? Character).map { String($0) } ?? (t as? String) ?? "" }
        for e in script {
            switch (e, runs.last) {
            case (.same(let t), .same(let s)?): runs[runs.count - 1] = .same(s + text(t))
            case (.deleted(let t), .deleted(let s)?): runs[runs.count - 1] = .deleted(s + text(t))
            case (.inserted(let t), .inserted(let s)?): runs[runs.count - 1] = .inserted(s + text(t))
            case (.same(let t), _): runs.append(.same(text(t)))
            case (.deleted(let t), _): runs.append(.deleted(text(t)))
            case (.inserted(let t), _): runs.append(.inserted(text(t)))
            }
        }
        return runs
    }
}
