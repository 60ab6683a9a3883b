import Avro
import JSONSchema
import Protobuf
import SchemaRegistryAPI

/// Turns a schema definition into a usable schema, fetching the versions its references name.
///
/// References resolve by subject and version through the client (whose version cache, which
/// also keeps versions fetched with `deleted`, makes this one request per referenced version
/// per client), depth first, so a referenced schema is parsed with its own references in place.
struct SchemaResolver: Sendable {
    let client: SchemaRegistryClient
    /// Deeper reference chains are taken for a cycle.
    static let maximumDepth = 32

    func avroSchema(_ definition: SchemaDefinition) async throws(SerdeError) -> AvroSchema {
        try await avroSchema(definition, depth: 0)
    }

    private func avroSchema(_ definition: SchemaDefinition, depth: Int) async throws(SerdeError) -> AvroSchema {
        guard definition.schemaType == .avro else {
            throw .unusableSchema("expected an AVRO schema, the registry has a \(definition.schemaType.rawValue) one")
        }
        var known: [AvroSchema] = []
        for reference in definition.references {
            let referenced = try await fetch(reference, depth: depth)
            known.append(try await avroSchema(referenced, depth: depth + 1))
        }
        do {
            // A registry's schema is taken as the registry accepted it (lax namespaces, any
            // default), as Java's deserializers parse without validation.
            return try AvroSchema(parsing: definition.schema, references: known, options: .existingSchema)
        } catch {
            throw .unusableSchema(error.description)
        }
    }

    func jsonDocument(_ definition: SchemaDefinition) async throws(SerdeError) -> JSONSchemaDocument {
        try await jsonDocument(definition, depth: 0)
    }

    private func jsonDocument(_ definition: SchemaDefinition, depth: Int) async throws(SerdeError) -> JSONSchemaDocument {
        guard definition.schemaType == .json else {
            throw .unusableSchema("expected a JSON schema, the registry has a \(definition.schemaType.rawValue) one")
        }
        var known: [String: JSONSchemaDocument] = [:]
        for reference in definition.references {
            let referenced = try await fetch(reference, depth: depth)
            known[reference.name] = try await jsonDocument(referenced, depth: depth + 1)
        }
        do {
            return try JSONSchemaDocument(parsing: definition.schema, references: known)
        } catch {
            throw .unusableSchema(error.description)
        }
    }

    /// A Protobuf schema's file and the files of its references, transitively.
    func protobufFiles(_ definition: SchemaDefinition) async throws(SerdeError) -> (file: ProtoFile, dependencies: [ProtoFile]) {
        var dependencies: [ProtoFile] = []
        var seen: Set<String> = []
        try await collectProtobufReferences(of: definition, into: &dependencies, seen: &seen, depth: 0)
        return (try ProtobufWireSchema.file(definition), dependencies)
    }

    private func collectProtobufReferences(
        of definition: SchemaDefinition, into files: inout [ProtoFile], seen: inout Set<String>, depth: Int
    ) async throws(SerdeError) {
        for reference in definition.references where seen.insert(reference.name).inserted {
            let referenced = try await fetch(reference, depth: depth)
            try await collectProtobufReferences(of: referenced, into: &files, seen: &seen, depth: depth + 1)
            files.append(try ProtobufWireSchema.file(referenced))
        }
    }

    private func fetch(_ reference: SchemaReference, depth: Int) async throws(SerdeError) -> SchemaDefinition {
        guard depth < Self.maximumDepth else { throw .unusableSchema("references nested deeper than \(Self.maximumDepth) (a cycle?)") }
        do {
            // `deleted: true`: a soft-deleted referenced version still describes old messages.
            return try await client.version(subject: reference.subject, .number(reference.version), deleted: true).definition
        } catch {
            throw .unusableSchema("reference '\(reference.name)' (\(reference.subject) version \(reference.version)): \(error)")
        }
    }
}
