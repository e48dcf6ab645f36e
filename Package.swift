// swift-tools-version: 6.1
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "vigie",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "vigie", targets: ["vigie"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "VigieExpressions", targets: ["VigieExpressions"]),
        .library(name: "VigieLake", targets: ["VigieLake"]),
        .library(name: "VigieEngine", targets: ["VigieEngine"]),
        .library(name: "VigieModel", targets: ["VigieModel"]),
        .library(name: "VigieDraw", targets: ["VigieDraw"]),
        .library(name: "VigieDemo", targets: ["VigieDemo"]),
        .library(name: "VigieServer", targets: ["VigieServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // Without swift-configuration (the default ConfigurationSupport trait): Vigie configures the server itself.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.70.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CParquetZlib", path: "Sources/CParquetZlib"),
        .target(
            name: "Parquet",
            dependencies: ["CParquetZlib"],
            swiftSettings: settings
        ),
        .target(
            name: "VigieExpressions",
            swiftSettings: settings
        ),
        .target(
            name: "VigieLake",
            dependencies: ["Parquet", "VigieExpressions", .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(
            name: "VigieEngine",
            dependencies: ["VigieExpressions"],
            swiftSettings: settings
        ),
        .target(
            name: "VigieModel",
            dependencies: ["VigieEngine", "VigieLake", "Parquet", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings
        ),
        .target(
            name: "VigieDraw",
            dependencies: ["Parquet", "VigieExpressions", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: settings
        ),
        .target(
            name: "VigieDemo",
            dependencies: ["VigieLake", "VigieDraw", "Parquet"],
            resources: [.copy("Resources/reference"), .copy("Resources/workspace")],
            swiftSettings: settings
        ),
        .target(
            name: "VigieServer",
            dependencies: [
                "VigieEngine", "VigieLake", "VigieModel", "VigieDraw", "VigieExpressions",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "vigie",
            dependencies: [
                "Parquet",
                "VigieLake",
                "VigieDemo",
                "VigieEngine",
                "VigieModel",
                "VigieServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "VigieTestSupport",
            dependencies: ["Parquet", "VigieDemo", "VigieLake"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "ParquetTests",
            dependencies: ["Parquet", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieExpressionsTests",
            dependencies: ["VigieExpressions", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieLakeTests",
            dependencies: ["VigieLake", "VigieExpressions", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieEngineTests",
            dependencies: ["VigieEngine", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieModelTests",
            dependencies: ["VigieModel", "VigieEngine", "VigieLake", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieDrawTests",
            dependencies: ["VigieDraw", "VigieLake", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieDemoTests",
            dependencies: ["VigieDemo", "VigieLake", "VigieModel", "VigieEngine", "Parquet", "VigieTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieServerTests",
            dependencies: [
                "VigieServer", "VigieModel", "VigieEngine", "VigieLake", "VigieDraw", "VigieTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieCLITests",
            dependencies: ["vigie", "VigieLake", "VigieTestSupport"],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
