import JSONModel

/// A reading from one of our users' IoT sensors: the value type the producer writes and the
/// consumer reads, as a plain `Codable` struct.
///
/// `batteryLevel` arrived in the second version of the schema; it is optional so that events
/// written before it existed still read (as `nil`).
struct SensorEvent: Codable, Equatable, Sendable {
    var sensorId: String
    var timestamp: Int64
    var temperature: Double
    var batteryLevel: Int32?

    enum CodingKeys: String, CodingKey {
        case sensorId = "sensor_id", timestamp, temperature, batteryLevel = "battery_level"
    }

    /// The event as one JSON line, the consumer's output (and what tests compare).
    var jsonLine: String {
        JSONWriter.string([
            "sensor_id": .string(sensorId), "timestamp": .integer(timestamp), "temperature": .double(temperature),
            "battery_level": batteryLevel.map { .integer(Int64($0)) } ?? .null,
        ])
    }

    /// The `index`-th made-up reading, so runs are reproducible.
    static func sample(_ index: Int, withBattery: Bool) -> SensorEvent {
        SensorEvent(
            sensorId: "sensor-\(index % 3)", timestamp: 1_700_000_000_000 + Int64(index) * 1000,
            temperature: 20 + Double(index) * 0.5, batteryLevel: withBattery ? Int32(100 - index % 100) : nil)
    }
}

/// The schemas of `SensorEvent`: Avro version 1, the BACKWARD-compatible version 2 that adds an
/// optional `battery_level` (a union with null, default null, so v2 readers can read v1 data),
/// and the JSON Schema equivalent. The Protobuf one is `Examples/Protos/com/acme/iot/sensor_event.proto`
/// (read at run time, from `--proto-path`), whose generated type is `Com_Acme_Iot_SensorEvent`.
enum SensorEventSchemas {
    static let avroV1 = #"{"type":"record","name":"SensorEvent","namespace":"com.acme.iot","fields":[{"name":"sensor_id","type":"string"},{"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"temperature","type":"double"}]}"#
    static let avroV2 = #"{"type":"record","name":"SensorEvent","namespace":"com.acme.iot","fields":[{"name":"sensor_id","type":"string"},{"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"temperature","type":"double"},{"name":"battery_level","type":["null","int"],"default":null}]}"#
    static let json = #"{"$schema":"http://json-schema.org/draft-07/schema#","title":"SensorEvent","type":"object","properties":{"sensor_id":{"type":"string"},"timestamp":{"type":"integer"},"temperature":{"type":"number"},"battery_level":{"type":["integer","null"],"minimum":0,"maximum":100}},"required":["sensor_id","timestamp","temperature"]}"#
}
