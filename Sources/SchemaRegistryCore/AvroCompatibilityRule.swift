import Avro

/// Avro's reader/writer primitive for `CompatibilityChecker`, answering as Confluent does.
///
/// It lives in SchemaRegistryCore so the Avro target stays free of registry concepts; it only
/// turns `AvroIncompatibility` values into Confluent's message strings and maps Java's
/// exceptions to Confluent's "Unexpected exception" message.
public struct AvroCompatibilityRule: SchemaCompatibilityRule {
    /// Which Avro release's union-branch locations to report (`.avro1_11` matches Confluent).
    public var locations: AvroLocationStyle

    /// Creates the rule.
    public init(locations: AvroLocationStyle = .avro1_11) {
        self.locations = locations
    }

    /// Issues for "can `reader` read data written with `writer`", one per Avro incompatibility.
    public func issues(reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles) -> [CompatibilityIssue] {
        issues(reader: reader, writer: writer, roles: roles, readerShapes: nil, writerShapes: nil)
    }

    /// `issues(reader:writer:roles:)` with the schemas' `AvroSchemaShapes`, when the caller
    /// keeps them (a parsed schema computes them once), which makes unchanged fields cheap.
    public func issues(
        reader: AvroSchema, writer: AvroSchema, roles: CompatibilityRoles,
        readerShapes: AvroSchemaShapes?, writerShapes: AvroSchemaShapes?
    ) -> [CompatibilityIssue] {
        do {
            return try AvroCompatibilityChecker.incompatibilities(
                reader: reader, writer: writer, locations: locations, readerShapes: readerShapes, writerShapes: writerShapes)
                .map { incompatibility in
                    CompatibilityIssue(
                        kind: incompatibility.type.rawValue,
                        location: incompatibility.location,
                        description: incompatibility.confluentDescription(readerRole: roles.reader, writerRole: roles.writer),
                        message: incompatibility.confluentMessage(readerRole: roles.reader, writerRole: roles.writer))
                }
        } catch {
            return [.unexpectedException(error.description)]
        }
    }
}
