import Avro
import JSONModel
import SchemaRegistryClient
import SchemaRegistryCore
import Testing

/// The IoT event of the README's example, as a Swift type.
struct SensorEvent: Codable, Equatable, Sendable {
    var sensorId: String
    var timestamp: Int64
    var temperature: Double
    var batteryLevel: Int32?

    enum CodingKeys: String, CodingKey {
        case sensorId = "sensor_id", timestamp, temperature, batteryLevel = "battery_level"
    }
}

enum Schemas {
    static let sensorV1 = #"{"type":"record","name":"SensorEvent","namespace":"com.acme.iot","fields":[{"name":"sensor_id","type":"string"},{"name":"timestamp","type":"long"},{"name":"temperature","type":"double"}]}"#
    static let sensorV2 = #"{"type":"record","name":"SensorEvent","namespace":"com.acme.iot","fields":[{"name":"sensor_id","type":"string"},{"name":"timestamp","type":"long"},{"name":"temperature","type":"double"},{"name":"battery_level","type":["null","int"],"default":null}]}"#
    static let sensorJSON = #"{"type":"object","title":"SensorEvent","properties":{"sensor_id":{"type":"string"},"timestamp":{"type":"integer"},"temperature":{"type":"number"},"battery_level":{"type":"integer","minimum":0,"maximum":100}},"required":["sensor_id","timestamp","temperature"]}"#
}

@Suite("Serializers and deserializers in the wire format")
struct SerdeTests {
    @Test("Avro: a generic value framed with magic byte 0 and the big-endian id, and read back")
    func avroGenericRoundTrip() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            _ = try await client.register(subject: "filler", schema: SchemaDefinition(schema: #""int""#))
            let serializer = AvroSerializer(client: client, schema: Schemas.sensorV1)
            let value = AvroValue.record([.string("s-1"), .long(1_700_000_000_000), .double(21.5)])
            let bytes = try await serializer.serialize(value, topic: "sensors")
            #expect(Array(bytes.prefix(5)) == [0, 0, 0, 0, 2])
            #expect(try await client.latestVersion(subject: "sensors-value").id == 2)
            let deserializer = AvroDeserializer(client: try makeClient([url]))
            #expect(try await deserializer.deserialize(bytes) == value)
        }
    }

    @Test("Avro: a schema the registry holds with a namespace today's rules refuse is still written and read")
    func laxStoredSchema() async throws {
        try await withRegistry(options: RegistryOptions(validateNewSchemas: false)) { url in
            let client = try makeClient([url])
            let lax = #"{"type":"record","name":"Legacy","namespace":"com.my-company","fields":[{"name":"n","type":"int"}]}"#
            let bytes = try await AvroSerializer(client: client, schema: lax).serialize(AvroValue.record([.int(7)]), topic: "legacy")
            #expect(try await AvroDeserializer(client: try makeClient([url])).deserialize(bytes) == AvroValue.record([.int(7)]))
        }
    }

    @Test("Avro: a serializer bound to a topic writes the same bytes without further registry calls")
    func boundSerializer() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let serializer = AvroSerializer(client: client, schema: Schemas.sensorV2)
            let bound = try await serializer.bind(topic: "sensors")
            #expect(bound.schemaId == 1)
            let event = SensorEvent(sensorId: "b", timestamp: 7, temperature: 1.5, batteryLevel: 3)
            #expect(try bound.serialize(event) == (try await serializer.serialize(event, topic: "sensors")))
            #expect(throws: SerdeError.self) { try bound.serialize(AvroValue.string("not a record")) }
        }
    }

    @Test("Avro: Codable types both ways, and a v1 message read into v2 gets the default")
    func avroCodableAndEvolution() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let event = SensorEvent(sensorId: "s-2", timestamp: 42, temperature: -3.25, batteryLevel: nil)
            let v1Bytes = try await AvroSerializer(client: client, schema: Schemas.sensorV1).serialize(event, topic: "sensors")
            let v2 = SensorEvent(sensorId: "s-3", timestamp: 43, temperature: 19, batteryLevel: 87)
            let v2Bytes = try await AvroSerializer(client: client, schema: Schemas.sensorV2).serialize(v2, topic: "sensors")
            #expect(try await client.versions(subject: "sensors-value") == [1, 2])

            let plain = AvroDeserializer(client: client)
            #expect(try await plain.deserialize(SensorEvent.self, from: v1Bytes) == event)
            #expect(try await plain.deserialize(SensorEvent.self, from: v2Bytes) == v2)
            let intoV2 = AvroDeserializer(client: client, readerSchema: Schemas.sensorV2)
            let upgraded = try await intoV2.deserialize(v1Bytes)
            #expect(upgraded == .record([.string("s-2"), .long(42), .double(-3.25), .union(branch: 0, value: .null)]))
            let latest = AvroDeserializer(client: client, options: DeserializerOptions(useLatestVersion: true))
            #expect(try await latest.deserialize(v1Bytes, topic: "sensors").recordFields?.count == 4)
        }
    }

    @Test("subject name strategies: topic, record, topic-record")
    func strategies() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let value = AvroValue.record([.string("x"), .long(1), .double(1)])
            _ = try await AvroSerializer(client: client, schema: Schemas.sensorV1).serialize(value, topic: "t", target: .key)
            _ = try await AvroSerializer(client: client, schema: Schemas.sensorV1, options: SerializerOptions(subjectNameStrategy: .recordName))
                .serialize(value, topic: "t")
            _ = try await AvroSerializer(client: client, schema: Schemas.sensorV1, options: SerializerOptions(subjectNameStrategy: .topicRecordName))
                .serialize(value, topic: "t")
            #expect(try await client.subjects() == ["com.acme.iot.SensorEvent", "t-com.acme.iot.SensorEvent", "t-key"])
            let unnamed = AvroSerializer(client: client, schema: #""string""#, options: SerializerOptions(subjectNameStrategy: .recordName))
            await #expect(throws: SerdeError.self) { try await unnamed.serialize(.string("x"), topic: "t") }
        }
    }

    @Test("autoRegisterSchemas off: a registered schema is looked up, an unknown one is an error")
    func lookupInsteadOfRegister() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let options = SerializerOptions(autoRegisterSchemas: false)
            let value = AvroValue.record([.string("x"), .long(1), .double(1)])
            let missing = await #expect(throws: SerdeError.self) {
                try await AvroSerializer(client: client, schema: Schemas.sensorV1, options: options).serialize(value, topic: "t")
            }
            #expect(missing == .registry(.registry(status: 404, errorCode: 40401, message: "Subject 't-value' not found.")))
            let id = try await client.register(subject: "t-value", schema: SchemaDefinition(schema: Schemas.sensorV1))
            let bytes = try await AvroSerializer(client: client, schema: Schemas.sensorV1, options: options).serialize(value, topic: "t")
            #expect(try WireFormat.schemaId(of: bytes) == Int32(id))
        }
    }

    @Test("useLatestVersion writes with the subject's latest schema; useSchemaId with the given id")
    func latestAndFixedId() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let v1 = try await client.register(subject: "t-value", schema: SchemaDefinition(schema: Schemas.sensorV1))
            let v2 = try await client.register(subject: "t-value", schema: SchemaDefinition(schema: Schemas.sensorV2))
            let latest = AvroSerializer(client: client, schema: nil, options: SerializerOptions(useLatestVersion: true))
            let event = SensorEvent(sensorId: "a", timestamp: 1, temperature: 2, batteryLevel: 50)
            #expect(try WireFormat.schemaId(of: try await latest.serialize(event, topic: "t")) == Int32(v2))
            let pinned = AvroSerializer(client: client, schema: nil, options: SerializerOptions(useSchemaId: Int32(v1)))
            // v1 has no battery level: a value that sets one does not fit (rather than losing it silently).
            await #expect(throws: SerdeError.self) { try await pinned.serialize(event, topic: "t") }
            let old = SensorEvent(sensorId: "a", timestamp: 1, temperature: 2, batteryLevel: nil)
            let bytes = try await pinned.serialize(old, topic: "t")
            #expect(try WireFormat.schemaId(of: bytes) == Int32(v1))
            #expect(try await AvroDeserializer(client: client).deserialize(SensorEvent.self, from: bytes) == old)
        }
    }

    @Test("normalizeSchemas registers the normalised form, so differently written schemas share an id")
    func normalize() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let options = SerializerOptions(normalizeSchemas: true)
            let spaced = #"{ "type": "record", "namespace": "com.acme.iot", "name": "SensorEvent", "fields": [{"name":"sensor_id","type":{"type":"string"}},{"name":"timestamp","type":"long"},{"name":"temperature","type":"double"}]}"#
            let value = AvroValue.record([.string("x"), .long(1), .double(1)])
            let a = try await AvroSerializer(client: client, schema: Schemas.sensorV1, options: options).serialize(value, topic: "t")
            let b = try await AvroSerializer(client: client, schema: spaced, options: options).serialize(value, topic: "t")
            #expect(try WireFormat.schemaId(of: a) == WireFormat.schemaId(of: b))
            #expect(try await client.versions(subject: "t-value") == [1])
        }
    }

    @Test("schema references: the serializer and deserializer fetch the referenced subject version")
    func references() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            _ = try await client.register(subject: "location", schema: SchemaDefinition(schema: #"{"type":"record","name":"Location","namespace":"com.acme","fields":[{"name":"lat","type":"double"},{"name":"lon","type":"double"}]}"#))
            let reading = SchemaDefinition(
                schema: #"{"type":"record","name":"Reading","namespace":"com.acme","fields":[{"name":"at","type":"Location"}]}"#,
                references: [SchemaReference(name: "com.acme.Location", subject: "location", version: 1)])
            let value = AvroValue.record([.record([.double(1.5), .double(-2)])])
            let bytes = try await AvroSerializer(client: client, schema: reading).serialize(value, topic: "r")
            #expect(try await AvroDeserializer(client: try makeClient([url])).deserialize(bytes) == value)
        }
    }

    @Test("malformed messages are typed errors: empty, magic byte, short header, unknown id, truncated body")
    func malformedMessages() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let good = try await AvroSerializer(client: client, schema: Schemas.sensorV1)
                .serialize(AvroValue.record([.string("sensor"), .long(1), .double(1)]), topic: "t")
            let deserializer = AvroDeserializer(client: client)
            await #expect(throws: SerdeError.emptyMessage) { try await deserializer.deserialize([]) }
            await #expect(throws: SerdeError.unknownMagicByte(1)) { try await deserializer.deserialize([1, 0, 0, 0, 1, 2]) }
            await #expect(throws: SerdeError.truncatedHeader(length: 3)) { try await deserializer.deserialize([0, 0, 0]) }
            await #expect(throws: SerdeError.unknownSchemaId(77, reason: "Schema 77 not found")) { try await deserializer.deserialize([0, 0, 0, 0, 77, 2]) }
            let truncated = await #expect(throws: SerdeError.self) { try await deserializer.deserialize(Array(good.dropLast(3))) }
            guard case .malformedPayload(schemaId: 1, _) = truncated else { Issue.record("got \(String(describing: truncated))"); return }
            let forged = await #expect(throws: SerdeError.self) { try await deserializer.deserialize(good.prefix(5) + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) }
            guard case .malformedPayload = forged else { Issue.record("got \(String(describing: forged))"); return }
            let wrongValue = await #expect(throws: SerdeError.self) {
                try await AvroSerializer(client: client, schema: Schemas.sensorV1).serialize(AvroValue.string("no record"), topic: "t")
            }
            guard case .invalidValue = wrongValue else { Issue.record("got \(String(describing: wrongValue))"); return }
        }
    }

    @Test("JSON Schema: values are validated before they are sent, and again when read")
    func jsonSchema() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let serializer = JSONSchemaSerializer(client: client, schema: Schemas.sensorJSON)
            let event = SensorEvent(sensorId: "j-1", timestamp: 5, temperature: 20.5, batteryLevel: 90)
            let bytes = try await serializer.serialize(event, topic: "json-sensors")
            #expect(bytes[0] == 0 && String(decoding: bytes.dropFirst(5), as: UTF8.self).contains(#""sensor_id":"j-1""#))
            let deserializer = JSONSchemaDeserializer(client: client)
            #expect(try await deserializer.deserialize(SensorEvent.self, from: bytes) == event)
            #expect(try await deserializer.deserialize(bytes).objectValue?["battery_level"] == 90)

            let invalid = await #expect(throws: SerdeError.self) {
                try await serializer.serialize(SensorEvent(sensorId: "j-2", timestamp: 5, temperature: 1, batteryLevel: 150), topic: "json-sensors")
            }
            guard case .validationFailed(let errors) = invalid else { Issue.record("got \(String(describing: invalid))"); return }
            #expect(errors.first?.contains("battery_level") == true)

            // A message that breaks its schema (written by a producer that skipped validation) is refused on read.
            let unchecked = JSONSchemaSerializer(client: client, schema: Schemas.sensorJSON, validates: false)
            let bad = try await unchecked.serialize(["sensor_id": 5] as JSONValue, topic: "json-sensors")
            await #expect(throws: SerdeError.self) { try await deserializer.deserialize(bad) }
            #expect(try await JSONSchemaDeserializer(client: client, validates: false).deserialize(bad) == ["sensor_id": 5])
            let notJSON = WireFormat.frame(schemaId: try WireFormat.schemaId(of: bytes), payload: Array("{oops".utf8))
            let malformed = await #expect(throws: SerdeError.self) { try await deserializer.deserialize(notJSON) }
            guard case .malformedPayload = malformed else { Issue.record("got \(String(describing: malformed))"); return }
            // RecordNameStrategy takes the title.
            _ = try await JSONSchemaSerializer(client: client, schema: Schemas.sensorJSON, options: SerializerOptions(subjectNameStrategy: .recordName))
                .serialize(event, topic: "x")
            #expect(try await client.subjects().contains("SensorEvent"))
        }
    }

    @Test("wire format helpers and base64")
    func wireFormat() throws {
        #expect(WireFormat.frame(schemaId: 258, payload: [9]) == [0, 0, 0, 1, 2, 9])
        #expect(try WireFormat.schemaId(of: [0, 0x7F, 0xFF, 0xFF, 0xFF]) == Int32.max)
        #expect(Base64.encode([0, 0, 0, 0, 1, 0xFB]) == "AAAAAAH7")
        #expect(Base64.decode("AAAAAAH7") == [0, 0, 0, 0, 1, 0xFB])
        #expect(Base64.decode("c3ZjOnMzY3JldDp4") == Array("svc:s3cret:x".utf8))
        #expect(Base64.decode("abc") == nil && Base64.decode("a=bc") == nil)
    }
}
