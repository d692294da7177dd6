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
        .library(name: "AMIProtocol", targets: ["AMIProtocol"]),
        .library(name: "AGIProtocol", targets: ["AGIProtocol"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),  // MD5 challenge login (AMI)
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // HTTPRequestPart for the public listener's request limits (hummingbird's own HTTP types)
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
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
        // RE2 (Debian: libre2-dev), the linear-time regular expression engine behind `matches()` and `|regex`: a
        // C++ library, so Swift reaches it through the C interface of RE2Shim.
        .systemLibrary(
            name: "CRE2",
            pkgConfig: "re2",
            providers: [.apt(["libre2-dev"]), .brew(["re2"])]
        ),
        .target(name: "RE2Shim", dependencies: ["CRE2"]),
        // JSON scalars read in one order, for the value types of RuleDSL and Adapters. Foundation-free.
        .target(
            name: "JSONCoding",
            swiftSettings: strictSettings
        ),
        // libmp3lame's entry points, resolved at run time (dlopen): no build- or link-time dependency on the library.
        .systemLibrary(name: "CLame"),
        // glibc's heap statistics and malloc_trim (no-ops on other C libraries): freed memory back to the system.
        .systemLibrary(name: "CMalloc"),
        // YAML → position-annotated nodes, rules, expressions, config, diagnostics, lint. Knows no network.
        .target(
            name: "RuleDSL",
            dependencies: ["CYAML", "RE2Shim", "JSONCoding"],
            swiftSettings: strictSettings
        ),
        // The AMI wire format: messages, the streaming decoder, the encoder, escaping and header checks, actions.
        // Plain bytes and values: no NIO, no I/O.
        .target(
            name: "AMIProtocol",
            swiftSettings: strictSettings
        ),
        // The FastAGI wire format as Asterisk speaks it: the environment block, commands with safe quoting, replies,
        // and the per-session state machine. Plain bytes and values: no NIO, no I/O.
        .target(
            name: "AGIProtocol",
            swiftSettings: strictSettings
        ),
        // The call model (AMI events → calls → engine events) and the rule interpreter (events → action intents).
        // Pure and synchronous: no network, no clock of its own.
        .target(
            name: "Engine",
            dependencies: ["RuleDSL", "AMIProtocol", "AGIProtocol"],
            swiftSettings: strictSettings
        ),
        // Network and system adapters: the AMI client, the Bitrix24 REST client and user directory, the HTTP listeners,
        // metrics, recording files and the MP3 encoders (LAME). Knows no YAML and no rules.
        .target(
            name: "Adapters",
            dependencies: nio + [
                "AMIProtocol",
                "AGIProtocol",
                "JSONCoding",
                "CLame",
                "CMalloc",
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),  // HTTP/1.1 channel settings (idle timeout)
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),  // request limits in the channel pipeline
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The executor: action intents → Bitrix24 commands (per-portal scheduler, batching, durable outbox) and AMI
        // actions; results land back in the call.
        .target(
            name: "Actions",
            dependencies: [
                "Adapters",
                "AGIProtocol",
                "AMIProtocol",
                "Engine",
                "RuleDSL",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // The daemon (`engine run`): its services wired from the configuration and run as one service group.
        // A library, so tests can start the daemon in-process.
        .target(
            name: "SwitchboardDaemon",
            dependencies: [
                "Actions",
                "Adapters",
                "AGIProtocol",
                "AMIProtocol",
                "Engine",
                "RuleDSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // `engine doctor`: what the rules need from Asterisk and the portal, probes of both, and one check per file.
        .target(
            name: "Doctor",
            dependencies: [
                "Adapters", "AMIProtocol", "Engine", "RuleDSL", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Test peers on loopback: the test AMI server and the faithful fake Bitrix24. Linked by tests and
        // by `engine` (demo, bench). The fake shares no types with the Bitrix24 client: raw HTTP and JSON only.
        .target(
            name: "Simulators",
            dependencies: nio + [
                "AGIProtocol",
                "AMIProtocol",
                "Adapters",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),  // the arrival stamp in the channel
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),  // the request parts it stamps
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmark rigs behind `engine bench`: the card-latency rig and its minimal NIO portal, rule and replay
        // benchmarks, the AMI decode benchmark.
        .target(
            name: "Bench",
            dependencies: nio + [
                "Actions",
                "AGIProtocol",
                "Adapters",
                "AMIProtocol",
                "Engine",
                "RuleDSL",
                "Simulators",
                "SwitchboardDaemon",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        // Helpers for tests only: awaiting a condition, capturing logs, a seeded RNG, the repository's files.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // Test helpers that need the fake portal: a started FakeBitrix24 with seeded users, a client of it, a log
        // capture and a temp folder (the Bitrix24 client tests and the delivery tests). Kept out of TestSupport, so
        // the pure targets' tests do not link NIO.
        .target(
            name: "PortalTestSupport",
            dependencies: ["Adapters", "Simulators", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // The `engine` executable: argument parsing and output.
        .executableTarget(
            name: "EngineCLI",
            dependencies: [
                "Actions",
                "Adapters",
                "AMIProtocol",
                "Bench",
                "Doctor",
                "Engine",
                "RuleDSL",
                "Simulators",
                "SwitchboardDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),  // engine reload: the admin listener's answer
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuleDSLTests",
            dependencies: ["RuleDSL", "TestSupport"],
            exclude: ["Corpus"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AMIProtocolTests",
            dependencies: ["AMIProtocol", "Bench", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AGIProtocolTests",
            dependencies: ["AGIProtocol", "Simulators", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: nio + [
                "Adapters",
                "AGIProtocol",
                "AMIProtocol",
                "Simulators",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Bitrix24Tests",
            dependencies: nio + [
                "Adapters",
                "PortalTestSupport",
                "Simulators",
                "TestSupport",
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
                "AGIProtocol",
                "AMIProtocol",
                "Engine",
                "PortalTestSupport",
                "RuleDSL",
                "Simulators",
                "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "RuleDSL", "AMIProtocol", "Adapters", "Bench", "Simulators", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DoctorTests",
            dependencies: ["AMIProtocol", "Doctor", "Engine", "RuleDSL", "Simulators", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EngineCLITests",
            dependencies: [
                "Actions",
                "Adapters",
                "AMIProtocol",
                "Bench",
                "EngineCLI",
                "Simulators",
                "SwitchboardDaemon",
                "TestSupport",
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
