// protobuf-bench: what Protobuf costs the registry and the client.
//
//   protobuf-bench [--rounds R] [--messages N] [--registry URL]
//
// Schema work, on a generated file of 20 messages with 10 fields each (200 fields, messages
// naming each other, enums, a map, a oneof) and 101 versions of it, each adding a field:
//   parse      ProtobufSchemaFormat.parse (parse, protoc's checks, type resolution) and its
//              canonical text, of the newest version
//   normalize  the normalized text of the newest version
//   compat     the newest version against the 100 before it at FULL_TRANSITIVE (parsed once, as
//              the registry keeps them)
// Serde, with a warm client (schema registered, memo filled), on google.protobuf.Field messages
// (type.proto, message indexes [1]), interleaved round by round:
//   bare encode   the message's bytes after a prepared header and index list
//   serialize     ProtobufSerializer.serialize(message, topic:)
//   bound         ProtobufSerializer.bind(topic:) once, then ProtobufTopicSerializer.serialize(message)
//   bare decode   Google_Protobuf_Field(serializedBytes:) of the bytes after the prefix
//   deserialize   ProtobufDeserializer.deserialize(message)
// Prints the median of the rounds.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Protobuf
import SchemaRegistryClient
import SchemaRegistryCore
import SchemaRegistryServer
import SwiftProtobuf

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

/// Nanoseconds per item of one timed pass.
func timed(_ count: Int, _ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let (s, atto) = (ContinuousClock.now - start).components
    return (Double(s) * 1e9 + Double(atto) / 1e9) / Double(count)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func format1(_ x: Double) -> String { String((x * 10).rounded() / 10) }

// MARK: Schema work

/// Version `version` of the generated file: 20 messages of 10 fields, plus one field added per
/// version after the first, spread over the messages.
func generatedSchema(version: Int) -> String {
    let scalars = ["int32", "int64", "string", "bool", "double", "bytes", "uint32", "sint64", "fixed32", "float"]
    var text = "syntax = \"proto3\";\npackage bench.shop.v1;\n\nimport \"google/protobuf/timestamp.proto\";\n\n"
    text += "enum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_OPEN = 1;\n  STATUS_CLOSED = 2;\n}\n\n"
    for m in 0..<20 {
        text += "message Entity\(m) {\n"
        for f in 1...10 {
            let name = "field_\(m)_\(f)"
            switch f {
            case 4 where m > 0: text += "  Entity\(m - 1) parent = \(f);\n"
            case 5: text += "  map<string, int64> counters = \(f);\n"
            case 6: text += "  google.protobuf.Timestamp at = \(f);\n"
            case 7: text += "  Status status = \(f);\n"
            case 9: text += "  oneof choice {\n    string \(name) = \(f);\n    int64 alt_\(m) = 99;\n  }\n"
            default: text += "  \(scalars[(m + f) % scalars.count]) \(name) = \(f);\n"
            }
        }
        // One added field per later version, round-robin over the messages.
        for added in stride(from: m + 1, through: version - 1, by: 20) {
            text += "  optional string added_\(added) = \(100 + added);\n"
        }
        text += "}\n\n"
    }
    return text
}

func schemaBench(rounds: Int) async throws {
    let format = ProtobufSchemaFormat()
    let texts = (1...101).map(generatedSchema(version:))
    var previous: [PreviousSchema<any ParsedSchema>] = []
    for (index, text) in texts.dropLast().enumerated() {
        let parsed = try format.parse(text, references: [])
        previous.append(PreviousSchema(version: index + 1, canonicalText: parsed.canonicalText, schema: parsed))
    }
    let newest = texts.last!
    let checker = CompatibilityChecker(rule: AnySchemaCompatibilityRule())
    var samples: [String: [Double]] = [:]
    var sink = 0
    for _ in 0..<rounds {
        samples["parse", default: []].append(try await timed(1) { sink &+= try format.parse(newest, references: []).canonicalText.utf8.count })
        let parsed = try format.parse(newest, references: [])
        samples["normalize", default: []].append(await timed(1) { sink &+= parsed.normalized().canonicalText.utf8.count })
        samples["compat", default: []].append(await timed(1) {
            let result = checker.check(level: .fullTransitive, newSchema: parsed, previous: previous)
            sink &+= result.isCompatible ? 1 : 0
        })
    }
    let fields = newest.components(separatedBy: " = ").count - 1
    print("protobuf-bench: a .proto of 20 messages (\(fields) fields and enum values, \(newest.utf8.count) bytes), 101 versions; median of \(rounds) rounds (checksum \(sink & 0xFF))")
    print("| operation | ms |")
    print("|---|---:|")
    print("| parse, check and render the canonical text of the newest version | \(format1(median(samples["parse"]!) / 1e6)) |")
    print("| normalize it (`normalize=true`) | \(format1(median(samples["normalize"]!) / 1e6)) |")
    print("| FULL_TRANSITIVE against the 100 previous versions | \(format1(median(samples["compat"]!) / 1e6)) |")
}

// MARK: Serde

func fields(_ count: Int) -> [Google_Protobuf_Field] {
    (0..<count).map { i in
        var field = Google_Protobuf_Field()
        field.kind = i % 3 == 0 ? .typeString : .typeInt64
        field.cardinality = .optional
        field.number = Int32(i % 500 + 1)
        field.name = "field_\(i % 997)"
        if i % 3 == 0 { field.typeURL = "type.googleapis.com/bench.Thing\(i % 13)" }
        field.jsonName = "field\(i % 997)"
        if i % 5 == 0 { field.defaultValue = "default \(i % 7)" }
        return field
    }
}

func serdeBench(url: String, messages: Int, rounds: Int) async throws {
    let client = try SchemaRegistryClient(url: url)
    let schema = ProtoWellKnownFiles.texts["google/protobuf/type.proto"]!
    let serializer = ProtobufSerializer<Google_Protobuf_Field>(client: client, schema: schema)
    let deserializer = ProtobufDeserializer<Google_Protobuf_Field>(client: client)
    let values = fields(messages)
    // Warm-up: registers the schema, fetches it by id for the deserializer's names.
    let first = try await serializer.serialize(values[0], topic: "bench")
    _ = try await deserializer.deserialize(first)
    let prefix = Array(first[0..<7])  // header and the index list [1]
    let framed = try values.map { prefix + (try $0.serializedBytes() as [UInt8]) }
    var sink = 0
    var samples: [String: [Double]] = [:]
    for _ in 0..<rounds {
        samples["bare encode", default: []].append(try await timed(messages) {
            for v in values {
                let body: [UInt8] = try v.serializedBytes()
                var out = [UInt8]()
                out.reserveCapacity(prefix.count + body.count)
                out.append(contentsOf: prefix)
                out.append(contentsOf: body)
                sink &+= out.count
            }
        })
        samples["serialize", default: []].append(try await timed(messages) {
            for v in values { sink &+= try await serializer.serialize(v, topic: "bench").count }
        })
        let bound = try await serializer.bind(topic: "bench")
        samples["serialize (bound)", default: []].append(try await timed(messages) {
            for v in values { sink &+= try bound.serialize(v).count }
        })
        samples["bare decode", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try Google_Protobuf_Field(serializedBytes: Array(m[7...])).number) }
        })
        samples["deserialize", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try await deserializer.deserialize(m).number) }
        })
    }
    print("protobuf serde: \(messages) google.protobuf.Field messages (about \(framed.map(\.count).reduce(0, +) / messages) bytes framed), median of \(rounds) interleaved rounds (checksum \(sink & 0xFF))")
    print("| operation | bare swift-protobuf ns/msg | through the client ns/msg | overhead |")
    print("|---|---:|---:|---:|")
    for (bare, serde, name) in [
        ("bare encode", "serialize", "`ProtobufSerializer.serialize(_:topic:)`"),
        ("bare encode", "serialize (bound)", "`ProtobufSerializer.bind(topic:)`, then `ProtobufTopicSerializer.serialize(_:)`"),
        ("bare decode", "deserialize", "`ProtobufDeserializer.deserialize(_:)`"),
    ] {
        let b = median(samples[bare]!), s = median(samples[serde]!)
        print("| \(name) | \(format1(b)) | \(format1(s)) | \(format1((s / b - 1) * 100))% |")
    }
}

let rounds = Int(option("--rounds") ?? "") ?? 7
let messages = Int(option("--messages") ?? "") ?? 200_000
try await schemaBench(rounds: rounds)
if let url = option("--registry") {
    try await serdeBench(url: url, messages: messages, rounds: rounds)
} else {
    let registry = try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()])
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let server = Task {
        try await SchemaRegistryServer(host: "127.0.0.1", port: 0).run(load: { registry }, onListening: { port in
            portContinuation.yield(port)
            portContinuation.finish()
        })
    }
    var port = 0
    for await p in portStream { port = p }
    try await serdeBench(url: "http://127.0.0.1:\(port)", messages: messages, rounds: rounds)
    server.cancel()
    exit(0)
}
