// swift-tools-version:6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "swift-schema-registry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "schema-registry", targets: ["SchemaRegistryCLI"]),
        .executable(name: "avro-bench", targets: ["AvroBench"]),
        .library(name: "Avro", targets: ["Avro"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "Protobuf", targets: ["Protobuf"]),
        .library(name: "SchemaRegistryAPI", targets: ["SchemaRegistryAPI"]),
        .library(name: "SchemaRegistryCore", targets: ["SchemaRegistryCore"]),
        .library(name: "Digest", targets: ["Digest"]),
        .library(name: "SchemaRegistryServer", targets: ["SchemaRegistryServer"]),
        .library(name: "SchemaRegistrySQLite", targets: ["SchemaRegistrySQLite"]),
        .library(name: "SchemaRegistryPostgres", targets: ["SchemaRegistryPostgres"]),
        .library(name: "SchemaRegistryClient", targets: ["SchemaRegistryClient"]),
        .executable(name: "sensor-pipeline", targets: ["SensorPipeline"]),
        .executable(name: "order-events", targets: ["OrderEvents"]),
        .executable(name: "serde-bench", targets: ["SerdeBench"]),
        .executable(name: "protobuf-bench", targets: ["ProtobufBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own transport; named for the server's HTTP/1.1 pipeline (RegistryHTTP1Channel).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Already built for HummingbirdTesting; the client library is its only non-test user.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already built for Hummingbird; named because the server imports their modules itself.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The PostgreSQL store; swift-nio-ssl also for TLS on the server's listener.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Protobuf's descriptor types (FileDescriptorProto and the options messages) and the
        // binary and text formats, for descriptors and the Protobuf serde.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // `/metrics` in Prometheus's text format (its collector registry and exposition).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // HTTP Basic authentication: bcrypt (HummingbirdBcrypt only, a small C target).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Bearer tokens: JWT signatures (RS256, ES256, HS256) checked offline against a JWKS.
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        // Already built for Hummingbird (and X509 for jwt-kit): SIGHUP for the TLS reload, and
        // client certificates' subjects for mutual TLS.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.15.0"),
        // The server's YAML configuration file (`serve --config`).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Already built for jwt-kit: HMAC-SHA256 and SHA-256 for AWS Signature Version 4 (the
        // federation service's AWS Glue backend; no AWS SDK is available).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // An ordered, number-exact JSON model shared by every schema format.
        .target(name: "JSONModel", swiftSettings: strictSwift),
        // The system zlib, for the deflate codec of Avro object container files.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // MD5 and SHA-256 for fingerprints and schema identity, without a crypto dependency.
        .target(name: "Digest", swiftSettings: strictSwift),
        .target(name: "Avro", dependencies: ["JSONModel", "Digest", "CZlib"], swiftSettings: strictSwift),
        // JSON Schema drafts 4 to 2020-12: documents with `$ref` resolution, validation, Confluent's compatibility diff.
        .target(name: "JSONSchema", dependencies: ["JSONModel", "Digest"], swiftSettings: strictSwift),
        // Protobuf schemas: the .proto language parsed without protoc, knowing nothing of registries.
        .target(name: "Protobuf", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")], swiftSettings: strictSwift),
        // The wire model: Confluent's request and response shapes and their JSON, shared by the
        // server and the client so each shape is written once.
        .target(name: "SchemaRegistryAPI", dependencies: ["JSONModel"], swiftSettings: strictSwift),
        .target(
            name: "SchemaRegistryCore", dependencies: ["Avro", "JSONSchema", "Protobuf", "JSONModel", "Digest", "SchemaRegistryAPI"],
            swiftSettings: strictSwift),
        // The HTTP layer only: Confluent's REST API v1 over Hummingbird.
        .target(
            name: "SchemaRegistryServer",
            dependencies: [
                "SchemaRegistryCore", "SchemaRegistryAPI", "JSONModel", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Prometheus", package: "swift-prometheus"), "Digest",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            exclude: ["OpenAPI/openapi.json"],
            swiftSettings: strictSwift,
            plugins: ["BuildStampPlugin", "OpenAPIDocumentPlugin"]
        ),
        // Stamps the server with the commit it was built from, for /v1/metadata/version.
        .plugin(name: "BuildStampPlugin", capability: .buildTool()),
        // Embeds OpenAPI/openapi.json in the server, served at /openapi.json.
        .plugin(name: "OpenAPIDocumentPlugin", capability: .buildTool()),
        // `serve`'s settings: defaults, a YAML file, SCHEMA_REGISTRY_* variables, one table of settings.
        .target(
            name: "SchemaRegistryConfiguration", dependencies: ["SchemaRegistryAPI", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift),
        // The registry store on one SQLite file, for single-node deployments.
        .target(
            name: "SchemaRegistrySQLite",
            dependencies: [
                "SchemaRegistryCore", "JSONModel", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface (the library GRDB itself links), for the start-up loader's row loop.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        // The registry store on PostgreSQL, for several nodes over one database.
        .target(
            name: "SchemaRegistryPostgres",
            dependencies: [
                "SchemaRegistryCore", "JSONModel", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSwift
        ),
        // Talks to any Confluent-compatible registry; serializers and deserializers in the wire format.
        .target(
            name: "SchemaRegistryClient",
            dependencies: [
                "SchemaRegistryAPI", "Avro", "JSONSchema", "JSONModel", "Protobuf",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        // Export, import and migration with ids kept, and schemas as code: over the client, so
        // they work against any Confluent-compatible registry.
        .target(
            name: "SchemaRegistryMigration",
            dependencies: ["SchemaRegistryClient", "SchemaRegistryAPI", "JSONModel", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift
        ),
        // One API over many registries: Confluent-compatible ones (through the client), AWS Glue
        // and Unity Catalog, with bulk compatibility operations and its own HTTP service.
        .target(
            name: "Federation",
            dependencies: [
                "SchemaRegistryClient", "SchemaRegistryCore", "SchemaRegistryAPI", "SchemaRegistryConfiguration", "Avro", "JSONModel", "Digest",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["OpenAPI/openapi.json"],
            swiftSettings: strictSwift,
            plugins: ["OpenAPIDocumentPlugin"]
        ),
        // libFuzzer entry points (scripts/fuzz builds them with --sanitize=fuzzer; a plain build
        // makes programs that do nothing): the parsers and the decoder that read untrusted input.
        .executableTarget(name: "FuzzJSONParser", dependencies: ["JSONModel"], path: "Fuzz/FuzzJSONParser", swiftSettings: strictSwift),
        .executableTarget(name: "FuzzAvroSchema", dependencies: ["Avro"], path: "Fuzz/FuzzAvroSchema", swiftSettings: strictSwift),
        .executableTarget(name: "FuzzAvroBinary", dependencies: ["Avro"], path: "Fuzz/FuzzAvroBinary", swiftSettings: strictSwift),
        .executableTarget(
            name: "FuzzJSONSchema", dependencies: ["JSONSchema", "JSONModel"], path: "Fuzz/FuzzJSONSchema", swiftSettings: strictSwift),
        .executableTarget(name: "FuzzProtoParser", dependencies: ["Protobuf"], path: "Fuzz/FuzzProtoParser", swiftSettings: strictSwift),
        // The IoT example of the README: SensorEvent producer and consumer over a file of framed messages.
        .executableTarget(
            name: "SensorPipeline",
            dependencies: [
                "SchemaRegistryClient", "Avro", "JSONModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Examples/SensorPipeline",
            swiftSettings: strictSwift
        ),
        // The Protobuf example: shop.v1.Order events with an imported file, generated by protoc-gen-swift.
        .executableTarget(
            name: "OrderEvents",
            dependencies: [
                "SchemaRegistryClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Examples/OrderEvents",
            swiftSettings: strictSwift
        ),
        // Serializer overhead against the bare Avro codec, through a warm client cache.
        .executableTarget(
            name: "SerdeBench",
            dependencies: ["SchemaRegistryClient", "SchemaRegistryServer", "SchemaRegistryCore", "Avro", "JSONSchema", "JSONModel"],
            path: "Benchmarks/SerdeBench",
            swiftSettings: strictSwift
        ),
        // Protobuf: schema parsing, normalization and FULL_TRANSITIVE checks, and the serde's overhead over swift-protobuf.
        .executableTarget(
            name: "ProtobufBench",
            dependencies: [
                "Protobuf", "SchemaRegistryClient", "SchemaRegistryCore", "SchemaRegistryServer",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Benchmarks/ProtobufBench",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "SchemaRegistryCLI",
            dependencies: [
                "Avro", "JSONModel", "Protobuf", "SchemaRegistryCore", "Digest", "SchemaRegistryServer", "SchemaRegistrySQLite", "SchemaRegistryPostgres",
                "SchemaRegistryMigration", "SchemaRegistryClient", "Federation",
                "SchemaRegistryConfiguration", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"), .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "AvroBench",
            dependencies: ["Avro", "JSONModel", "Digest"],
            path: "Benchmarks/AvroBench",
            swiftSettings: strictSwift
        ),
        // Times loading a large SQLite store (fills one with bulk SQL, then calls `load()`).
        .executableTarget(
            name: "SQLiteLoadBench",
            dependencies: ["SchemaRegistryCore", "SchemaRegistrySQLite", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/SQLiteLoadBench",
            swiftSettings: strictSwift
        ),
        // Test support: registers schemas and prints each acknowledged id until killed.
        .executableTarget(
            name: "SQLiteCrashWriter",
            dependencies: ["SchemaRegistryCore", "SchemaRegistrySQLite"],
            path: "Tests/SQLiteCrashWriter",
            swiftSettings: strictSwift
        ),
        // The store contract as scenarios every store's tests run unchanged (memory, SQLite, PostgreSQL).
        .target(
            name: "RegistryStoreConformance", dependencies: ["SchemaRegistryCore", "JSONModel"], path: "Tests/RegistryStoreConformance",
            swiftSettings: strictSwift),
        .testTarget(name: "JSONModelTests", dependencies: ["JSONModel"], swiftSettings: strictSwift),
        .testTarget(name: "SchemaRegistryAPITests", dependencies: ["SchemaRegistryAPI", "JSONModel"], swiftSettings: strictSwift),
        .testTarget(name: "DigestTests", dependencies: ["Digest"], swiftSettings: strictSwift),
        .testTarget(
            name: "SchemaRegistryMigrationTests",
            dependencies: ["SchemaRegistryMigration", "SchemaRegistryClient", "SchemaRegistryAPI", "JSONModel"], swiftSettings: strictSwift),
        .testTarget(
            name: "FederationTests",
            dependencies: [
                "Federation", "SchemaRegistryClient", "SchemaRegistryServer", "SchemaRegistryCore", "SchemaRegistryAPI", "Avro", "JSONModel",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift),
        .testTarget(
            name: "SchemaRegistryConfigurationTests", dependencies: ["SchemaRegistryConfiguration", "SchemaRegistryAPI"], swiftSettings: strictSwift),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema", "JSONModel"], swiftSettings: strictSwift),
        .testTarget(name: "AvroTests", dependencies: ["Avro", "JSONModel"], swiftSettings: strictSwift),
        .testTarget(
            name: "ProtobufTests", dependencies: ["Protobuf", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Corpus"], swiftSettings: strictSwift),
        .testTarget(
            name: "SchemaRegistryServerTests",
            dependencies: [
                "SchemaRegistryServer", "SchemaRegistryCore", "JSONModel",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SchemaRegistryClientTests",
            dependencies: [
                "SchemaRegistryClient", "SchemaRegistryServer", "SchemaRegistryCore", "Avro", "JSONModel", "Protobuf",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SchemaRegistryCoreTests",
            dependencies: ["SchemaRegistryCore", "Avro", "JSONModel", "RegistryStoreConformance"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SchemaRegistryPostgresTests",
            dependencies: [
                "SchemaRegistryCore", "SchemaRegistryPostgres", "RegistryStoreConformance", "JSONModel",
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "SchemaRegistrySQLiteTests",
            dependencies: [
                "SchemaRegistryCore", "SchemaRegistrySQLite", "JSONModel", "RegistryStoreConformance",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
    ]
)
