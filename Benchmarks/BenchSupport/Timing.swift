import Foundation

/// Runs `body` and returns its wall time in seconds.
public func time(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs `body` and returns its wall time in seconds.
public func timeAsync(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The `p` quantile (0…1) of `xs` by the nearest-rank method; NaN for no samples.
public func percentile(_ xs: [Double], _ p: Double) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    return s[max(0, min(s.count - 1, Int((Double(s.count) * p).rounded(.up)) - 1))]
}

/// CPU seconds this process has used so far, on all its threads: a cost that other processes
/// on a shared machine do not inflate, unlike wall time.
public func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
