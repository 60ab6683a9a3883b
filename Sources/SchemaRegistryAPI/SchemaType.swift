/// The schema formats, as the `schemaType` field spells them (case-sensitive, like Confluent).
public enum SchemaType: String, Hashable, Sendable, Codable, CaseIterable {
    case avro = "AVRO"
    case json = "JSON"
    case protobuf = "PROTOBUF"
}
