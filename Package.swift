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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
        .executableTarget(
            name: "vigie",
            dependencies: [
                "Parquet",
                "VigieLake",
                "VigieEngine",
                "VigieModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "VigieTestSupport",
            dependencies: ["Parquet", "VigieLake"],
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
            name: "VigieCLITests",
            dependencies: ["vigie", "VigieLake"],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
