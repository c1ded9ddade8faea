// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Minimax",
    products: [
        .executable(name: "minimax", targets: ["minimax"]),
        .library(name: "MinimaxEngine", targets: ["MinimaxEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Tests only: property-based tests with shrinking and reproducible seeds.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // MARK: The engine: tensors, autodiff, layers, losses, optimizers.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // glibc's malloc tuning (`mallopt`), which Swift's Glibc module does not export.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(
            name: "MinimaxEngine",
            dependencies: [
                "CBLAS", "CMalloc",
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            path: "Sources/Engine",
            swiftSettings: [
                // Lets the modules that use the engine specialize its generic code for Float.
                .unsafeFlags(["-cross-module-optimization"]),
                // Swift's squareRoot() goes through a C shim that keeps errno semantics, which
                // stops loops with a square root (Adam's) from being vectorized.
                .unsafeFlags(["-Xcc", "-fno-math-errno"]),
            ]
        ),

        // MARK: The lesson runner: parse, execute, cache, render.
        // Linux's renameat2(RENAME_EXCHANGE), which swaps a new report in atomically.
        .systemLibrary(name: "CFileSystem", path: "Sources/CFileSystem"),
        .target(
            name: "MinimaxRunner",
            dependencies: ["CFileSystem", .product(name: "Yams", package: "Yams")],
            path: "Sources/Runner"
        ),

        // MARK: The experiments that lessons call.
        .target(
            name: "MinimaxExperiments",
            dependencies: ["MinimaxEngine", "MinimaxRunner"],
            path: "Sources/Experiments"
        ),

        // MARK: The command line.
        .target(
            name: "MinimaxCommands",
            dependencies: [
                "MinimaxEngine", "MinimaxRunner", "MinimaxExperiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Commands"
        ),
        .executableTarget(name: "minimax", dependencies: ["MinimaxCommands"], path: "Sources/minimax"),
        .executableTarget(name: "minimax-bench", dependencies: ["MinimaxEngine"], path: "Sources/Benchmarks"),

        // MARK: Tests.
        .testTarget(name: "EngineTests", dependencies: ["MinimaxEngine"]),
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "MinimaxRunner", "MinimaxExperiments", "MinimaxCommands",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ExperimentTests", dependencies: ["MinimaxExperiments", "MinimaxRunner", "MinimaxEngine"]),
    ]
)
