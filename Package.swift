// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode is the default for tools-version 6,
/// so strict concurrency checking is on; these upcoming features tighten the rest.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),            // SE-0335: `any P` spelled out
    .enableUpcomingFeature("InternalImportsByDefault"),  // SE-0409: imports do not leak into public API
    .enableUpcomingFeature("MemberImportVisibility"),    // SE-0444: members visible only where imported
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "engine", targets: ["EngineCLI"]),
        .library(name: "RuleDSL", targets: ["RuleDSL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // ── Bitrix24 client and fake portal (issue 6) ──
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        // ── Delivery scheduler and outbox (issue 7) ──
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev). The shim keeps absolute paths out of the module map.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML → position-annotated nodes, diagnostics, lint. Knows no network.
        .target(
            name: "RuleDSL",
            dependencies: ["CYAML"],
            swiftSettings: strictSettings
        ),
        // The `engine` executable.
        .executableTarget(
            name: "EngineCLI",
            dependencies: [
                "RuleDSL",
                "Actions",
                "Adapters",
                "Simulators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // ── Bitrix24 client and fake portal (issue 6) ──
        // Network adapters: the Bitrix24 REST client and user directory (Sources/Adapters/Bitrix24).
        .target(
            name: "Adapters",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Faithful fakes for tests and `engine demo` (Sources/Simulators/FakeBitrix24). Shares no types
        // with Adapters: the fake speaks raw HTTP and JSON only.
        .target(
            name: "Simulators",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Bitrix24Tests",
            dependencies: [
                "Adapters",
                "Simulators",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // ── end issue 6 ──
        // ── Delivery scheduler and outbox (issue 7) ──
        // Commands for Bitrix24 and their execution: per-portal scheduler, batching, durable outbox.
        .target(
            name: "Actions",
            dependencies: [
                "Adapters",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ActionsTests",
            dependencies: [
                "Actions",
                "Adapters",
                "Simulators",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // ── end issue 7 ──
        .testTarget(
            name: "RuleDSLTests",
            dependencies: ["RuleDSL"],
            resources: [.copy("Corpus")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineCLITests",
            dependencies: ["EngineCLI", "Simulators"],
            swiftSettings: strictSettings
        ),
    ]
)
