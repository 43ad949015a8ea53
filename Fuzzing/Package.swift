// swift-tools-version:6.1
// The fuzz targets: a package of its own, so that neither `swift build` nor `swift test` at the
// root builds them (they have no `main`; libFuzzer brings it). `Stress/fuzz.sh` builds and runs
// them; Fuzzing/README.md says how, and how to add one.
import PackageDescription

// A path dependency is otherwise known by its folder's name, which is whatever the checkout is
// called; named, its products are found under this name.
let root = "Broadsheet"

/// One libFuzzer target: `Sources/<name>/`, exporting `LLVMFuzzerTestOneInput`.
func fuzzer(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) }
    )
}

let package = Package(
    name: "BroadsheetFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: root, path: "..")],
    targets: [
        // What every target shares: the importer's bytes-to-text step, the properties every
        // accepted input must keep, the slowest-unit timer.
        .target(name: "FuzzSupport", dependencies: [.product(name: "BroadsheetCore", package: root)]),
        fuzzer("fuzz-edition-text", ["BroadsheetCore"]),
        fuzzer("fuzz-crawl", ["BroadsheetCore"]),
        fuzzer("fuzz-jsonl", ["BroadsheetCore"]),
        fuzzer("fuzz-query", ["BroadsheetCore", "BroadsheetSearch"]),
        fuzzer("fuzz-alto", ["BroadsheetCore"]),
        fuzzer("fuzz-ndnp", ["BroadsheetCore"]),
        fuzzer("fuzz-unit", ["BroadsheetCore"]),
        fuzzer("fuzz-unit-article", ["BroadsheetCore"]),
        fuzzer("fuzz-sidecar", ["BroadsheetCore"]),
    ]
)
