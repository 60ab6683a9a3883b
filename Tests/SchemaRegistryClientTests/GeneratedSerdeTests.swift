import Avro
import SchemaRegistryClient
import Testing

/// Generated models (`Generated/Reading.swift`, written by `schema-registry avro swift`) through
/// the serializers, against a live registry: their generated code writes the same bytes as the
/// Codable and generic paths, and reads messages of another schema version through Codable.
@Suite("Generated models through the serializers")
struct GeneratedSerdeTests {
    @Test("A generated type registers its own schema, writes what the generic path writes and reads it back")
    func roundTrip() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let serializer = AvroSerializer(client: client, schema: Reading.avroSchemaJSON)
            let reading = Reading(sensor_id: "r-1", temperature: 21.5, battery_level: 80)
            let bytes = try await serializer.serialize(reading, topic: "readings")
            let generic = try await serializer.serialize(
                AvroValue.record([.string("r-1"), .double(21.5), .union(branch: 1, value: .int(80))]), topic: "readings")
            #expect(bytes == generic)
            #expect(try await serializer.bind(topic: "readings").serialize(reading) == bytes)

            let deserializer = AvroDeserializer(client: try makeClient([url]))
            #expect(try await deserializer.deserialize(Reading.self, from: bytes) == reading)
            let corrupt = Array(bytes.prefix(6))
            await #expect(throws: SerdeError.self) { _ = try await deserializer.deserialize(Reading.self, from: corrupt) }
        }
    }

    @Test("A message written with an older schema is read into the generated type through Codable")
    func olderWriter() async throws {
        try await withRegistry { url in
            let client = try makeClient([url])
            let v1 = #"{"type":"record","name":"Reading","namespace":"com.acme.iot","fields":[{"name":"sensor_id","type":"string"},{"name":"temperature","type":"double"}]}"#
            let old = try await AvroSerializer(client: client, schema: v1)
                .serialize(AvroValue.record([.string("r-0"), .double(-4)]), topic: "readings")
            let deserializer = AvroDeserializer(client: client, readerSchema: Reading.avroSchemaJSON)
            #expect(try await deserializer.deserialize(Reading.self, from: old) == Reading(sensor_id: "r-0", temperature: -4, battery_level: nil))
        }
    }
}
