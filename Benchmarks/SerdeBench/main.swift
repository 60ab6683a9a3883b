// serde-bench: what the client's serializers cost on top of the bare Avro codec.
//
//   serde-bench [--registry URL] [--messages N] [--rounds R]
//
// Starts our server in-process on a loopback port (memory: storage) unless --registry is given,
// warms the client (the first message registers the schema and fetches it by id), then times,
// interleaved round by round so both sides see the same machine:
//   bare encode   AvroDatumWriter.encode(value, prefix: header)   (the codec plus the framing bytes)
//   serialize     AvroSerializer.serialize(value, topic:)          (strategy, memo, encode, framing)
//   bound         AvroSerializer.bind(topic:) once, then AvroTopicSerializer.serialize(value)
//   bare decode   AvroDatumReader.decode(message, from: 5)
//   deserialize   AvroDeserializer.deserialize(message)            (header check, memo, decode)
// and the same with the generated model (Generated/SensorEvent.swift, `schema-registry avro swift`)
// and through Codable (bare: AvroBinaryEncoder/AvroBinaryDecoder, the typed paths; the tree bridge
// AvroValueEncoder/AvroValueDecoder is timed too, for comparison). Prints nanoseconds per message (median of the rounds) and the
// overhead ratio serde/bare.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Avro
import Foundation
import JSONModel
import JSONSchema
import SchemaRegistryClient
import SchemaRegistryCore
import SchemaRegistryServer

let schemaText = #"{"type":"record","name":"SensorEvent","namespace":"bench.iot","fields":[{"name":"device_id","type":"string"},{"name":"device_name","type":["null","string"],"default":null},{"name":"timestamp","type":"long"},{"name":"temperature","type":"float"},{"name":"humidity","type":"float"},{"name":"location","type":["null","string"],"default":null}]}"#

/// The same event as JSON Schema (draft 7), as a JSON producer would declare it.
let jsonSchemaText = #"{"$schema":"http://json-schema.org/draft-07/schema#","title":"SensorEvent","type":"object","properties":{"device_id":{"type":"string","minLength":1},"device_name":{"type":["string","null"]},"timestamp":{"type":"integer","minimum":0},"temperature":{"type":"number","minimum":-100,"maximum":100},"humidity":{"type":"number","minimum":0,"maximum":100},"location":{"type":["string","null"]}},"required":["device_id","timestamp","temperature","humidity"],"additionalProperties":false}"#

struct BenchSensorEvent: Codable, Sendable {
    var device_id: String
    var device_name: String?
    var timestamp: Int64
    var temperature: Float
    var humidity: Float
    var location: String?
}

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func events(_ count: Int) -> [BenchSensorEvent] {
    var out: [BenchSensorEvent] = []
    out.reserveCapacity(count)
    for i in 0..<count {
        let name: String? = i % 3 == 0 ? nil : "thermostat \(i % 50)"
        let location: String? = i % 5 == 0 ? "building \(i % 7), floor \(i % 4)" : nil
        let temperature = 18 + Float(i % 100) / 10
        let humidity = 40 + Float(i % 37)
        out.append(BenchSensorEvent(
            device_id: "device-\(i % 997)", device_name: name, timestamp: 1_700_000_000_000 + Int64(i) * 250,
            temperature: temperature, humidity: humidity, location: location))
    }
    return out
}

func datum(_ e: BenchSensorEvent) -> AvroValue {
    .record([
        .string(e.device_id), e.device_name.map { .union(branch: 1, value: .string($0)) } ?? .union(branch: 0, value: .null),
        .long(e.timestamp), .float(e.temperature), .float(e.humidity),
        e.location.map { .union(branch: 1, value: .string($0)) } ?? .union(branch: 0, value: .null),
    ])
}

/// Nanoseconds per item of one timed pass.
func timed(_ count: Int, _ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    let (s, atto) = elapsed.components
    return (Double(s) * 1e9 + Double(atto) / 1e9) / Double(count)
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func runBench(url: String) async throws {
    let messages = Int(option("--messages") ?? "") ?? 200_000
    let rounds = Int(option("--rounds") ?? "") ?? 7
    let client = try SchemaRegistryClient(url: url)
    let serializer = AvroSerializer(client: client, schema: schemaText)
    let deserializer = AvroDeserializer(client: client)
    let schema = try AvroSchema(parsing: schemaText)
    let writer = AvroDatumWriter(schema: schema)
    let reader = AvroDatumReader(schema: schema)
    let typedEncoder = AvroBinaryEncoder(schema: schema)
    let typedDecoder = AvroBinaryDecoder(schema: schema)

    let typed = events(messages)
    let values = typed.map(datum)
    let generated = typed.map {
        SensorEvent(device_id: $0.device_id, device_name: $0.device_name, timestamp: $0.timestamp,
                    temperature: $0.temperature, humidity: $0.humidity, location: $0.location)
    }
    // Warm-up: registers the schema, fetches it by id, compiles reader and writer.
    let first = try await serializer.serialize(values[0], topic: "bench")
    let id = try WireFormat.schemaId(of: first)
    _ = try await deserializer.deserialize(first)
    let header = WireFormat.header(schemaId: id)
    let framed = try values.map { try writer.encode($0, prefix: header) }
    var sink = 0

    var samples: [String: [Double]] = [:]
    for _ in 0..<rounds {
        samples["bare encode", default: []].append(try await timed(messages) {
            for v in values { sink &+= try writer.encode(v, prefix: header).count }
        })
        samples["serialize", default: []].append(try await timed(messages) {
            for v in values { sink &+= try await serializer.serialize(v, topic: "bench").count }
        })
        let bound = try await serializer.bind(topic: "bench")
        samples["serialize (bound to the topic)", default: []].append(try await timed(messages) {
            for v in values { sink &+= try bound.serialize(v).count }
        })
        samples["bare decode", default: []].append(try await timed(messages) {
            for m in framed { if case .record(let f) = try reader.decode(m, from: 5) { sink &+= f.count } }
        })
        samples["deserialize", default: []].append(try await timed(messages) {
            for m in framed { if case .record(let f) = try await deserializer.deserialize(m) { sink &+= f.count } }
        })
        samples["bare encode (generated)", default: []].append(try await timed(messages) {
            for e in generated { sink &+= try typedEncoder.encode(e, prefix: header).count }
        })
        samples["serialize (generated)", default: []].append(try await timed(messages) {
            for e in generated { sink &+= try await serializer.serialize(e, topic: "bench").count }
        })
        samples["bare decode (generated)", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try typedDecoder.decode(SensorEvent.self, from: m, offset: 5).timestamp & 1) }
        })
        samples["deserialize (generated)", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try await deserializer.deserialize(SensorEvent.self, from: m).timestamp & 1) }
        })
        samples["bare encode (Codable)", default: []].append(try await timed(messages) {
            for e in typed { sink &+= try typedEncoder.encode(e, prefix: header).count }
        })
        samples["tree bridge encode (Codable)", default: []].append(try await timed(messages) {
            let encoder = AvroValueEncoder()
            for e in typed { sink &+= try writer.encode(try encoder.encode(e, as: schema), prefix: header).count }
        })
        samples["serialize (Codable)", default: []].append(try await timed(messages) {
            for e in typed { sink &+= try await serializer.serialize(e, topic: "bench").count }
        })
        samples["bare decode (Codable)", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try typedDecoder.decode(BenchSensorEvent.self, from: m, offset: 5).timestamp & 1) }
        })
        samples["tree bridge decode (Codable)", default: []].append(try await timed(messages) {
            let decoder = AvroValueDecoder()
            for m in framed { sink &+= Int(try decoder.decode(BenchSensorEvent.self, from: try reader.decode(m, from: 5), schema: schema).timestamp & 1) }
        })
        samples["deserialize (Codable)", default: []].append(try await timed(messages) {
            for m in framed { sink &+= Int(try await deserializer.deserialize(BenchSensorEvent.self, from: m).timestamp & 1) }
        })
    }
    // JSON Schema: what validating each message costs, beside encoding it.
    let jsonSerializer = JSONSchemaSerializer(client: client, schema: jsonSchemaText)
    _ = try await jsonSerializer.serialize(typed[0], topic: "bench-json")
    let jsonDocument = try JSONSchemaDocument(parsing: jsonSchemaText)
    let validator = JSONSchemaValidator(jsonDocument)
    let jsonEncoder = JSONEncoder()
    let encodedJSON = try typed.map { Array(try jsonEncoder.encode($0)) }
    let parsedJSON = try encodedJSON.map { try JSONParser().parse($0) }
    for _ in 0..<rounds {
        samples["json encode (JSONEncoder)", default: []].append(try await timed(messages) {
            for e in typed { sink &+= try jsonEncoder.encode(e).count }
        })
        samples["json parse", default: []].append(try await timed(messages) {
            let parser = JSONParser()
            for b in encodedJSON { if case .object(let o) = try parser.parse(b) { sink &+= o.count } }
        })
        samples["json validate", default: []].append(await timed(messages) {
            for v in parsedJSON { sink &+= validator.validate(v).count }
        })
        samples["json serialize", default: []].append(try await timed(messages) {
            for e in typed { sink &+= try await jsonSerializer.serialize(e, topic: "bench-json").count }
        })
    }

    print("serde-bench: \(messages) sensor_event messages, median of \(rounds) interleaved rounds (checksum \(sink & 0xFF))")
    print("| operation | bare codec ns/msg | through the client ns/msg | overhead |")
    print("|---|---:|---:|---:|")
    for (bare, serde) in [("bare encode", "serialize"), ("bare encode", "serialize (bound to the topic)"), ("bare decode", "deserialize"),
                          ("bare encode (generated)", "serialize (generated)"), ("bare decode (generated)", "deserialize (generated)"),
                          ("bare encode (Codable)", "serialize (Codable)"), ("bare decode (Codable)", "deserialize (Codable)")] {
        let b = median(samples[bare]!), s = median(samples[serde]!)
        print("| \(serde) | \(format3(b)) | \(format3(s)) | \(format3((s / b - 1) * 100))% |")
    }
    print("")
    print("| Codable mapping | tree bridge ns/msg | typed path ns/msg | speed-up |")
    print("|---|---:|---:|---:|")
    for (tree, typedPath) in [("tree bridge encode (Codable)", "bare encode (Codable)"), ("tree bridge decode (Codable)", "bare decode (Codable)")] {
        let t = median(samples[tree]!), p = median(samples[typedPath]!)
        print("| \(typedPath) | \(format3(t)) | \(format3(p)) | \(format3(t / p))x |")
    }
    print("")
    print("| JSON Schema, per message | ns/msg |")
    print("|---|---:|")
    for name in ["json encode (JSONEncoder)", "json parse", "json validate", "json serialize"] {
        print("| \(name) | \(format3(median(samples[name]!))) |")
    }
    let validation = median(samples["json validate"]!) / median(samples["json encode (JSONEncoder)"]!)
    print("validate / encode: \(format3(validation * 100))%")
}

func format3(_ x: Double) -> String {
    let scaled = (x * 10).rounded() / 10
    return String(scaled)
}

if let url = option("--registry") {
    try await runBench(url: url)
} else {
    let registry = try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat()])
    let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
    let server = Task {
        try await SchemaRegistryServer(host: "127.0.0.1", port: 0).run(load: { registry }, onListening: { port in
            portContinuation.yield(port)
            portContinuation.finish()
        })
    }
    var port = 0
    for await p in portStream { port = p }
    try await runBench(url: "http://127.0.0.1:\(port)")
    server.cancel()
    exit(0)
}
