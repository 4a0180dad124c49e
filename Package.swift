// swift-tools-version:6.1
// xinfang: a case-workflow server for 信访 (letters and visits) and 12345 hotline work.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "xinfang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "xinfangd", targets: ["Gateway"]),
        .executable(name: "xfsh", targets: ["xfsh"]),
        .executable(name: "xinfang-bench", targets: ["Bench"]),
        .library(name: "WireProtocol", targets: ["WireProtocol"]),
        .library(name: "WorkflowCore", targets: ["WorkflowCore"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .library(name: "PluginKit", targets: ["PluginKit"]),
        .executable(name: "hotline12345", targets: ["Hotline12345Plugin"]),
        .executable(name: "survey", targets: ["SurveyPlugin"]),
        .executable(name: "grid", targets: ["GridPlugin"]),
        .executable(name: "letter-ocr", targets: ["LetterOCRPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The built-in plugins' HTTP sides: servers for peer systems, clients for callbacks.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.4.0"),
    ],
    targets: [
        // The contract: generated protobuf/gRPC code and the plugin frame codec.
        .target(
            name: "WireProtocol",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
        // The domain: cases, events, workflows as data, the pure engine, calendars, the store.
        .target(
            name: "WorkflowCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSettings
        ),
        // The plugin host (manifests, supervision, enforcement, delivery) and the built-in
        // plugins' shared parts. PluginKit and the examples live in sub-folders of their own.
        .target(
            name: "Plugins",
            dependencies: [
                "WireProtocol",
                "WorkflowCore",
                "PluginKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["PluginKit", "Examples"],
            swiftSettings: strictSettings
        ),
        // PluginKit, the Swift SDK for plugins: the framing hidden behind an async API. No GRDB.
        .target(
            name: "PluginKit",
            dependencies: ["WireProtocol"],
            path: "Sources/Plugins/PluginKit",
            swiftSettings: strictSettings
        ),
        // The example Swift plugin (docs/plugins.md): submits the letters dropped in a folder.
        .executableTarget(
            name: "InboxPlugin",
            dependencies: ["PluginKit"],
            path: "Sources/Plugins/Examples/InboxPlugin",
            swiftSettings: strictSettings
        ),
        // A plugin that behaves well or badly on demand, for PluginsTests.
        .executableTarget(
            name: "PluginFixture",
            dependencies: ["PluginKit", "WireProtocol"],
            path: "Tests/PluginFixtures/PluginFixture",
            swiftSettings: strictSettings
        ),
        // The built-in plugins (docs/plugins.md): each a program of its own on PluginKit.
        .executableTarget(
            name: "Hotline12345Plugin",
            dependencies: [
                "PluginKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/BuiltinPlugins/Hotline12345",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SurveyPlugin",
            dependencies: [
                "PluginKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/BuiltinPlugins/Survey",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "GridPlugin",
            dependencies: [
                "PluginKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/BuiltinPlugins/Grid",
            swiftSettings: strictSettings
        ),
        // Tesseract's C API and Leptonica, for letter-ocr.
        .systemLibrary(
            name: "CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev", "tesseract-ocr-chi-sim"])]),
        .executableTarget(
            name: "LetterOCRPlugin",
            dependencies: [
                "PluginKit", "CTesseract",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/BuiltinPlugins/LetterOCR",
            swiftSettings: strictSettings
        ),
        // Peer systems no package provides, as small honest programs speaking the real wire format.
        .executableTarget(
            name: "Platform12345",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/Counterparts/Platform12345",
            swiftSettings: strictSettings
        ),
        // Starts real daemons, plugins and shells for the end-to-end tests.
        .target(
            name: "E2ESupport",
            dependencies: [
                "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            path: "Tests/E2ESupport",
            swiftSettings: strictSettings
        ),
        // The daemon: gRPC services, auth, lifecycle. Binary: xinfangd.
        .executableTarget(
            name: "Gateway",
            dependencies: [
                "WireProtocol",
                "WorkflowCore",
                "Plugins",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // libedit, for xfsh's line editing, history and completion.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The operators' shell.
        .executableTarget(
            name: "xfsh",
            dependencies: [
                "WireProtocol",
                "CLibEdit",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // `make bench`: the benchmarks, each a subcommand; results go to bench/results/.
        .executableTarget(
            name: "Bench",
            dependencies: [
                "WireProtocol",
                "WorkflowCore",
                "Plugins",
                "PluginKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WireProtocolTests",
            dependencies: ["WireProtocol"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WorkflowCoreTests",
            dependencies: ["WorkflowCore"],
            swiftSettings: strictSettings
        ),
        // Starts real plugin processes (PluginFixture, InboxPlugin, the C example) under a PluginHost.
        .testTarget(
            name: "PluginsTests",
            dependencies: [
                "Plugins", "PluginKit", "WireProtocol", "WorkflowCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "WireProtocol", "WorkflowCore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "xfshTests",
            dependencies: ["xfsh"],
            swiftSettings: strictSettings
        ),
        // Each built-in plugin's tests, end to end with the real daemon and its peer system.
        .testTarget(
            name: "Hotline12345Tests",
            dependencies: [
                "Hotline12345Plugin", "E2ESupport", "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "PluginKit",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/BuiltinPlugins/Hotline12345Tests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SurveyTests",
            dependencies: [
                "SurveyPlugin", "E2ESupport", "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/BuiltinPlugins/SurveyTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GridTests",
            dependencies: [
                "GridPlugin", "E2ESupport", "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/BuiltinPlugins/GridTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LetterOCRTests",
            dependencies: [
                "LetterOCRPlugin", "E2ESupport", "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/BuiltinPlugins/LetterOCRTests",
            swiftSettings: strictSettings
        ),
        // Starts the real binaries (xinfangd, xfsh) as child processes.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "E2ESupport", "WireProtocol",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
