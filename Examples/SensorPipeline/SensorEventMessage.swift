import SwiftProtobuf

/// `SensorEvent` as a swift-protobuf message, for `--format protobuf`: what `protoc
/// --swift_out` generates for `SensorEventSchemas.proto`, written out here so that the
/// example builds without the protoc plugin.
struct SensorEventMessage: Sendable {
    var sensorID = ""
    var timestamp: Int64 = 0
    var temperature: Double = 0
    /// proto3 `optional`: absent in events written before the battery was reported.
    var batteryLevel: Int32?
    var unknownFields = UnknownStorage()

    init() {}

    init(_ event: SensorEvent) {
        sensorID = event.sensorId
        timestamp = event.timestamp
        temperature = event.temperature
        batteryLevel = event.batteryLevel
    }

    var event: SensorEvent {
        SensorEvent(sensorId: sensorID, timestamp: timestamp, temperature: temperature, batteryLevel: batteryLevel)
    }
}

extension SensorEventMessage: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
    static let protoMessageName = "com.acme.iot.SensorEvent"
    static let _protobuf_nameMap: SwiftProtobuf._NameMap = [
        1: .same(proto: "sensor_id"), 2: .same(proto: "timestamp"), 3: .same(proto: "temperature"), 4: .same(proto: "battery_level"),
    ]

    mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &sensorID)
            case 2: try decoder.decodeSingularInt64Field(value: &timestamp)
            case 3: try decoder.decodeSingularDoubleField(value: &temperature)
            case 4: try decoder.decodeSingularInt32Field(value: &batteryLevel)
            default: break
            }
        }
    }

    func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
        if !sensorID.isEmpty { try visitor.visitSingularStringField(value: sensorID, fieldNumber: 1) }
        if timestamp != 0 { try visitor.visitSingularInt64Field(value: timestamp, fieldNumber: 2) }
        if temperature.bitPattern != 0 { try visitor.visitSingularDoubleField(value: temperature, fieldNumber: 3) }
        if let batteryLevel { try visitor.visitSingularInt32Field(value: batteryLevel, fieldNumber: 4) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: SensorEventMessage, rhs: SensorEventMessage) -> Bool {
        lhs.sensorID == rhs.sensorID && lhs.timestamp == rhs.timestamp && lhs.temperature.bitPattern == rhs.temperature.bitPattern
            && lhs.batteryLevel == rhs.batteryLevel && lhs.unknownFields == rhs.unknownFields
    }
}
