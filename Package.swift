// swift-tools-version: 6.1
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency; these upcoming features keep the
/// code honest about existentials and imports.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

/// The service modules: each depends on Platform and the pure libraries, never on another service.
let serviceModules = [
    "Gateway", "AuthService", "TenantService", "AnalyticsService", "ParserService", "CategorizerService",
    "CashflowService", "BillingService", "PaymentService", "WebhookService",
]

/// Service modules with tests of their own; every service's shared surface is also covered by IntegrationTests.
let serviceTestModules = ["Gateway", "ParserService", "AuthService", "CategorizerService", "AnalyticsService", "CashflowService"]

/// What each service module needs beyond Platform, MPesaCore, Hummingbird and logging.
let serviceDependencies: [String: [Target.Dependency]] = [
    "CategorizerService": ["Categorization", "StatementParsing", "StatementGeneration", .product(name: "SQLKit", package: "sql-kit"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
    "ParserService": ["StatementParsing", .product(name: "HTTPTypes", package: "swift-http-types")],
    "CashflowService": ["Forecasting"],
    "AnalyticsService": [
        "Forecasting", "Categorization", "StatementParsing", "StatementGeneration",
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    ],
    "Gateway": [
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
    ],
    "AuthService": [
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
    ],
    "TenantService": [
        .product(name: "SQLKit", package: "sql-kit"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
    ],
]

let serviceTestDependencies: [String: [Target.Dependency]] = [
    "ParserService": ["StatementParsing", "StatementGeneration"],
    "AuthService": [.product(name: "HummingbirdOTP", package: "hummingbird-auth"), .product(name: "Crypto", package: "swift-crypto")],
    "TenantService": [.product(name: "SQLKit", package: "sql-kit")],
    "CategorizerService": ["Categorization", "StatementGeneration", "StatementParsing", "MPesaCore", .product(name: "SQLKit", package: "sql-kit")],
    "AnalyticsService": [
        "ParserService", "CategorizerService", "CashflowService", "Forecasting", "StatementGeneration", "StatementParsing", "MPesaCore",
        .product(name: "SQLKit", package: "sql-kit"), .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ],
    "Gateway": [.product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOHTTP1", package: "swift-nio")],
]


let package = Package(
    name: "mpesa-analytics",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mpesa", targets: ["mpesa"]),
        .executable(name: "IdentityBenchmark", targets: ["IdentityBenchmark"]),
        .executable(name: "CategorizationBenchmark", targets: ["CategorizationBenchmark"]),
        .executable(name: "ForecastBenchmark", targets: ["ForecastBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-service-context.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-otel/swift-w3c-trace-context.git", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash.git", from: "8.1.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
    ],
    targets: [
        .target(name: "MPesaCore", swiftSettings: strictSettings),
        .target(
            name: "StatementParsing",
            dependencies: [
                "MPesaCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StatementGeneration",
            dependencies: ["MPesaCore", "StatementParsing", "Categorization", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Categorization",
            dependencies: ["MPesaCore"],
            resources: [.embedInCode("Directory/merchant-directory.json")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CategorizationTests", dependencies: ["Categorization", "MPesaCore", "StatementGeneration", "StatementParsing", "TestSupport"], swiftSettings: strictSettings),
        .target(
            name: "Platform",
            dependencies: [
                "MPesaCore",
                hummingbird,
                logging,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceContextModule", package: "swift-service-context"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "W3CTraceContext", package: "swift-w3c-trace-context"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ServiceCatalog",
            dependencies: serviceModules.map { .target(name: $0) } + ["Platform", hummingbird],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "mpesa",
            dependencies: serviceModules.map { .target(name: $0) } + [
                "ServiceCatalog", "Platform", "StatementParsing", "StatementGeneration", hummingbird, logging,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "IdentityBenchmark",
            dependencies: ["Platform", .product(name: "JWTKit", package: "jwt-kit"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Benchmarks/IdentityBenchmark",
            swiftSettings: strictSettings
        ),
        .target(name: "Forecasting", swiftSettings: strictSettings),
        .testTarget(name: "ForecastingTests", dependencies: ["Forecasting"], swiftSettings: strictSettings),
        .executableTarget(name: "ForecastBenchmark", dependencies: ["Forecasting"], path: "Benchmarks/ForecastBenchmark", swiftSettings: strictSettings),
        .executableTarget(
            name: "CategorizationBenchmark",
            dependencies: ["Categorization", "StatementGeneration", "StatementParsing", "MPesaCore"],
            path: "Benchmarks/CategorizationBenchmark",
            swiftSettings: strictSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "Platform", logging,
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "MPesaCoreTests", dependencies: ["MPesaCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "StatementParsingTests",
            dependencies: ["StatementParsing", "StatementGeneration", "MPesaCore", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PlatformTests",
            dependencies: [
                "Platform", "TestSupport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            exclude: ["Mail/Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: serviceModules.map { .target(name: $0) } + [
                "ServiceCatalog", "Platform", "TestSupport", "StatementGeneration", "StatementParsing", logging,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ] + serviceModules.map { name in
        .target(
            name: name,
            dependencies: ["Platform", "MPesaCore", hummingbird, logging] + (serviceDependencies[name] ?? []),
            swiftSettings: strictSettings
        )
    } + serviceTestModules.map { name in
        .testTarget(
            name: "\(name)Tests",
            dependencies: [
                .target(name: name), "Platform", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ] + (serviceTestDependencies[name] ?? []),
            swiftSettings: strictSettings
        )
    },
    swiftLanguageModes: [.v6]
)
