import ArgumentParser
import SchemaRegistryClient

/// The IoT pipeline of the README: a producer that frames `SensorEvent`s in Confluent's wire
/// format, one base64 message per line of a file standing in for a Kafka topic, and a consumer
/// that reads them back through the registry.
@main
struct SensorPipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensor-pipeline",
        abstract: "Produce and consume SensorEvent messages in the Confluent wire format (a file stands in for the topic).",
        subcommands: [Produce.self, Consume.self]
    )
}

/// The message encodings the example speaks.
enum MessageFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case avro, json, protobuf
}

/// Options both subcommands share.
struct RegistryOptions: ParsableArguments {
    @Option(help: "Base URL of the schema registry (repeat for fail-over).")
    var registry: [String] = ["http://127.0.0.1:8081"]
    @Option(help: "Topic name; the subject is <topic>-value.")
    var topic = "sensors"
    @Option(help: "Message format: avro, json or protobuf.")
    var format: MessageFormat = .avro
    @Option(help: "Where com/acme/iot/sensor_event.proto is (protobuf only).")
    var protoPath = "Examples/Protos"

    func client() throws -> SchemaRegistryClient {
        try SchemaRegistryClient(configuration: SchemaRegistryClientConfiguration(baseURLs: registry))
    }
}

struct Produce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Register the SensorEvent schema and append framed events to a file, one base64 message per line.")

    @OptionGroup var registry: RegistryOptions
    @Option(help: "File the messages are appended to.")
    var output: String
    @Option(help: "How many events to write.")
    var count = 5
    @Flag(help: "Write with schema version 2, which adds battery_level.")
    var withBattery = false

    func run() async throws {
        let client = try registry.client()
        let lines = try await produce(client: client)
        try appendLines(lines.map(\.message), to: output)
        for line in lines { print(line.event.jsonLine) }
    }

    private func produce(client: SchemaRegistryClient) async throws -> [(message: String, event: SensorEvent)] {
        var out: [(String, SensorEvent)] = []
        switch registry.format {
        case .avro:
            let serializer = AvroSerializer(client: client, schema: withBattery ? SensorEventSchemas.avroV2 : SensorEventSchemas.avroV1)
            for index in 0..<count {
                let event = SensorEvent.sample(index, withBattery: withBattery)
                out.append((Base64.encode(try await serializer.serialize(event, topic: registry.topic)), event))
            }
        case .json:
            let serializer = JSONSchemaSerializer(client: client, schema: SensorEventSchemas.json)
            for index in 0..<count {
                let event = SensorEvent.sample(index, withBattery: withBattery)
                out.append((Base64.encode(try await serializer.serialize(event, topic: registry.topic)), event))
            }
        case .protobuf:
            let path = registry.protoPath + "/com/acme/iot/sensor_event.proto"
            guard let schema = try? readLines(path).joined(separator: "\n") else { throw ValidationError("cannot read \(path)") }
            let serializer = ProtobufSerializer<Com_Acme_Iot_SensorEvent>(client: client, schema: schema)
            for index in 0..<count {
                let event = SensorEvent.sample(index, withBattery: withBattery)
                out.append((Base64.encode(try await serializer.serialize(Com_Acme_Iot_SensorEvent(event), topic: registry.topic)), event))
            }
        }
        return out
    }
}

struct Consume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read framed events from a file and print each as one JSON line.")

    @OptionGroup var registry: RegistryOptions
    @Option(help: "File of base64 messages, one per line.")
    var input: String
    @Flag(help: "Read Avro messages into schema version 2 (old events get battery_level null).")
    var readerV2 = false

    func run() async throws {
        let client = try registry.client()
        let avro = AvroDeserializer(client: client, readerSchema: readerV2 ? SchemaDefinition(schema: SensorEventSchemas.avroV2) : nil)
        let json = JSONSchemaDeserializer(client: client)
        let protobuf = ProtobufDeserializer<Com_Acme_Iot_SensorEvent>(client: client)
        for (number, line) in try readLines(input).enumerated() where !line.isEmpty {
            guard let message = Base64.decode(line) else { throw ValidationError("line \(number + 1) is not base64") }
            let event: SensorEvent
            do {
                switch registry.format {
                case .avro: event = try await avro.deserialize(SensorEvent.self, from: message)
                case .json: event = try await json.deserialize(SensorEvent.self, from: message)
                case .protobuf: event = try await protobuf.deserialize(message).event
                }
            } catch {
                throw ValidationError("line \(number + 1): \(error)")
            }
            print(event.jsonLine)
        }
    }
}
