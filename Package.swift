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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "Parquet",
            dependencies: ["CZlib"],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "vigie",
            dependencies: [
                "Parquet",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "ParquetTests",
            dependencies: ["Parquet"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "VigieCLITests",
            dependencies: ["vigie"],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
