// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Broadsheet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "broadsheet", targets: ["broadsheet"]),
        .library(name: "BroadsheetCore", targets: ["BroadsheetCore"]),
        // Also what the fuzz targets in Fuzz/ link against.
        .library(name: "BroadsheetSearch", targets: ["BroadsheetSearch"]),
        .library(name: "BroadsheetStore", targets: ["BroadsheetStore"]),
    ],
    // `swift build --traits PostgreSQL` adds the PostgreSQL backend (`PostgresArchive`); the
    // default build stays SQLite-only and never compiles PostgresNIO.
    traits: [
        .trait(name: "PostgreSQL", description: "The PostgreSQL backend, on PostgresNIO"),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Model, formats, stitching and text folding: no storage, no I/O beyond reading files.
        .target(name: "BroadsheetCore"),
        // The query language, folding and token rules, highlighting and result types of
        // full-text search; no database.
        .target(name: "BroadsheetSearch", dependencies: ["BroadsheetCore"]),
        // zlib, for compressing stored documents and originals.
        .systemLibrary(name: "CBroadsheetZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The archive store behind an async Sendable protocol; SQLite through GRDB, with its
        // search index (FTS5) under SQLite/.
        .target(
            name: "BroadsheetStore",
            dependencies: [
                "BroadsheetCore", "BroadsheetSearch", "CBroadsheetZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ]
        ),
        // The web reader and JSON API.
        .target(
            name: "BroadsheetWeb",
            dependencies: [
                "BroadsheetCore", "BroadsheetSearch", "BroadsheetStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "broadsheet",
            dependencies: [
                "BroadsheetCore", "BroadsheetSearch", "BroadsheetStore", "BroadsheetWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "import-benchmark",
            dependencies: [
                "BroadsheetCore", "BroadsheetStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/import-benchmark"
        ),
        // What the benchmark programs share: the corpus recombined from the crawl, an archive
        // built from it, timing.
        .target(
            name: "BenchSupport",
            dependencies: ["BroadsheetCore", "BroadsheetStore"],
            path: "Benchmarks/BenchSupport"
        ),
        .executableTarget(
            name: "make-crawl",
            dependencies: ["BenchSupport"],
            path: "Benchmarks/make-crawl"
        ),
        .executableTarget(
            name: "search-benchmark",
            dependencies: [
                "BenchSupport", "BroadsheetCore", "BroadsheetSearch", "BroadsheetStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/search-benchmark"
        ),
        .executableTarget(
            name: "research-benchmark",
            dependencies: [
                "BenchSupport", "BroadsheetCore", "BroadsheetSearch", "BroadsheetStore", "BroadsheetWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Benchmarks/research-benchmark"
        ),
        .testTarget(name: "BroadsheetCoreTests", dependencies: ["BroadsheetCore"]),
        .testTarget(name: "BroadsheetSearchTests", dependencies: ["BroadsheetSearch", "BroadsheetCore"]),
        .testTarget(
            name: "BroadsheetStoreTests",
            dependencies: ["BroadsheetStore", "BroadsheetCore", "BroadsheetSearch", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "broadsheetTests",
            dependencies: [
                "broadsheet", "BroadsheetStore", "BroadsheetCore", "BroadsheetWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "BroadsheetWebTests",
            dependencies: [
                "BroadsheetWeb", "BroadsheetStore", "BroadsheetCore", "BroadsheetSearch",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
