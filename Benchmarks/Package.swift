// swift-tools-version: 6.1
// Benchmarks of Vigie against its peers (pyarrow, DuckDB): Parquet, CSV ingest, the engine.
// A package of its own so that the root package's build and tests never
// compile it; see README.md here. Not run by CI.
import PackageDescription

let package = Package(
    name: "vigie-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package, whatever its checkout directory is called.
        .package(name: "vigie", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "parquet-bench",
            dependencies: [.product(name: "Parquet", package: "vigie")]
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: [.product(name: "VigieEngine", package: "vigie"), .product(name: "Parquet", package: "vigie"),
                           .product(name: "VigieLake", package: "vigie"), .product(name: "VigieModel", package: "vigie")]
        ),
        .executableTarget(
            name: "csv-bench",
            dependencies: [.product(name: "VigieLake", package: "vigie")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
