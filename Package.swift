// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode is the default for tools-version 6,
/// so strict concurrency checking is on; these upcoming features tighten the rest.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),  // SE-0335: `any P` spelled out
    .enableUpcomingFeature("InternalImportsByDefault"),  // SE-0409: imports do not leak into public API
    .enableUpcomingFeature("MemberImportVisibility"),  // SE-0444: members visible only where imported
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
]

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "engine", targets: ["EngineCLI"]),
        .library(name: "RuleDSL", targets: ["RuleDSL"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),  // MD5 challenge login (AMI)
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),  // ordered batch commands
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),  // the outbox (SQLite)
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),  // /metrics text
        // engine run, HTTP listeners
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // libyaml, from the system (Debian: libyaml-dev). The shim keeps absolute paths out of the module map.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML → position-annotated nodes, rules, expressions, config, diagnostics, lint. Knows no network.
        .target(
            name: "RuleDSL",
            dependencies: ["CYAML"],
            swiftSettings: strictSettings
        ),
        // Network adapters: the AMI wire layer and client, the Bitrix24 REST client and user directory.
        // Knows no YAML.
        .target(
            name: "Adapters",
            dependencies: nio + [
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),  // admin and public listeners
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The call model (AMI events → calls → engine events) and the rule interpreter (events → action intents).
        // Pure and synchronous: no network, no clock of its own.
        .target(
            name: "Engine",
            dependencies: ["RuleDSL", "Adapters"],
            swiftSettings: strictSettings
        ),
        // The executor: action intents → Bitrix24 commands (per-portal scheduler, batching, durable outbox) and AMI
        // actions; results land back in the call.
        .target(
            name: "Actions",
            dependencies: [
                "Adapters",
                "Engine",  // saved calls (CallStateStore)
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Test peers on loopback: the test AMI server and the faithful fake Bitrix24. Linked by tests and
        // by `engine` (demo, bench). The fake shares no types with the Bitrix24 client: raw HTTP and JSON only.
        .target(
            name: "Simulators",
            dependencies: nio + [
                "Adapters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The `engine` executable.
        .executableTarget(
            name: "EngineCLI",
            dependencies: nio + [  // NIO: the bench's minimal portal (engine bench cards)
                "RuleDSL",
                "Engine",
                "Actions",
                "Adapters",
                "Simulators",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuleDSLTests",
            dependencies: ["RuleDSL", "Simulators"],
            exclude: ["Corpus"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: nio + [
                "Adapters",
                "Simulators",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Bitrix24Tests",
            dependencies: nio + [
                "Adapters",
                "Simulators",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ActionsTests",
            dependencies: [
                "Actions",
                "Adapters",
                "Engine",
                "RuleDSL",
                "Simulators",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "RuleDSL", "Adapters", "Simulators"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineCLITests",
            dependencies: [
                "EngineCLI", "Simulators", "Adapters", "Actions",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
