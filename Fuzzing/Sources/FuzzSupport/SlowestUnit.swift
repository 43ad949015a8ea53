#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The slowest single input of a run, printed when the fuzzer exits: libFuzzer's own figure
/// (`stat::slowest_unit_time_sec`) is in whole seconds, too coarse to say how far from the
/// 1 s hang limit (`-timeout=1`) a run stayed.
///
/// The first input to reach a regex literal or a folding table pays for building it, a few
/// hundred milliseconds under the sanitizer, once. `warmUp` runs inputs that reach them before
/// the fuzzing starts and reports that time on its own line, so the slowest unit is the cost of
/// an input, not of the process starting.
public enum SlowestUnit {
    // libFuzzer calls the target on one thread, one input at a time.
    nonisolated(unsafe) private static var slowest: (nanoseconds: UInt64, input: [UInt8]) = (0, [])
    nonisolated(unsafe) private static var warmUpNanoseconds: UInt64 = 0

    /// Runs `body` on one input and keeps the input if it is the slowest yet.
    public static func measure(_ input: [UInt8], _ body: () -> Void) {
        let start = now()
        body()
        let elapsed = now() - start
        if elapsed > slowest.nanoseconds { slowest = (elapsed, input) }
    }

    /// Runs `body` on `inputs` untimed (from `LLVMFuzzerInitialize`), and arranges for the
    /// figures to be printed at exit.
    public static func warmUp(_ body: ([UInt8]) -> Void, with inputs: [String]) {
        let start = now()
        for input in inputs { body(Array(input.utf8)) }
        warmUpNanoseconds = now() - start
        atexit {
            print("warm-up: \(SlowestUnit.milliseconds(SlowestUnit.warmUpNanoseconds)) ms")
            print("slowest unit: \(SlowestUnit.milliseconds(SlowestUnit.slowest.nanoseconds)) ms (\(SlowestUnit.slowest.input.count) bytes)")
            // Kept for a look at what made it slow (Stress/fuzz.sh sets the path).
            if let path = getenv("FUZZ_SLOWEST_UNIT"), let file = fopen(path, "wb") {
                _ = SlowestUnit.slowest.input.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
        }
    }

    private static func milliseconds(_ nanoseconds: UInt64) -> String {
        let tenths = (nanoseconds + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
