import Avro
import Testing

/// Parses both schemas and lists the reader/writer incompatibilities as compact triples, so
/// expectations read like the table in the compatibility write-up.
///
/// Every case is checked twice: walking the types, and with both schemas' `AvroSchemaShapes`
/// (what the registry passes), which must find exactly the same incompatibilities.
func incompatibilities(
    reader: String, writer: String, locations: AvroLocationStyle = .avro1_11
) throws -> [Found] {
    let r = try AvroSchema(parsing: reader)
    let w = try AvroSchema(parsing: writer)
    let walked = try AvroCompatibilityChecker.incompatibilities(reader: r, writer: w, locations: locations)
    let shaped = try AvroCompatibilityChecker.incompatibilities(
        reader: r, writer: w, locations: locations, readerShapes: AvroSchemaShapes(r), writerShapes: AvroSchemaShapes(w))
    #expect(shaped == walked, "with AvroSchemaShapes the check found other incompatibilities")
    return walked.map { Found($0.type, $0.location, $0.message) }
}

/// One expected incompatibility: type, location, message.
struct Found: Equatable, CustomStringConvertible {
    var type: AvroIncompatibilityType
    var location: String
    var message: String

    init(_ type: AvroIncompatibilityType, _ location: String, _ message: String) {
        self.type = type
        self.location = location
        self.message = message
    }

    var description: String { "\(type.rawValue) at \(location): \(message)" }
}

/// A record named `name` with the given field JSON snippets.
func record(_ name: String, _ fields: String...) -> String {
    #"{"type":"record","name":"\#(name)","fields":[\#(fields.joined(separator: ","))]}"#
}

/// A field JSON snippet.
func field(_ name: String, _ type: String, default value: String? = nil, aliases: [String] = []) -> String {
    var text = #"{"name":"\#(name)","type":\#(type)"#
    if let value { text += #","default":\#(value)"# }
    if !aliases.isEmpty { text += #","aliases":[\#(aliases.map { "\"\($0)\"" }.joined(separator: ","))]"# }
    return text + "}"
}
