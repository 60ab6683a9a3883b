import JSONSchema

/// Why a value could not become a message, or a message could not become a value.
///
/// Deserializers read bytes from topics that anyone may have written to, so every malformation
/// is one of these cases rather than a crash: a consumer can send the message to a dead-letter
/// queue and go on.
public enum SerdeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A message with no bytes at all (a tombstone is `nil`, not empty, in Kafka clients).
    case emptyMessage
    /// The first byte is not the Confluent magic byte `0`.
    case unknownMagicByte(UInt8)
    /// Fewer than the 5 bytes of magic byte and schema id.
    case truncatedHeader(length: Int)
    /// The registry has no schema with this id (or it is not of the expected format).
    case unknownSchemaId(Int32, reason: String)
    /// The body does not decode with the writer schema (truncated, corrupt, or written with
    /// another schema than its id says).
    case malformedPayload(schemaId: Int32, reason: String)
    /// The schema from the registry, or the one given to the serializer, cannot be used (does not
    /// parse, references missing, writer and reader schemas cannot be resolved).
    case unusableSchema(String)
    /// The value does not fit the schema (wrong type, missing field, value out of range).
    case invalidValue(String)
    /// The value (or the decoded message) breaks the JSON Schema it is checked against.
    case validationFailed([String])
    /// The subject name strategy cannot name a subject (RecordNameStrategy on a schema
    /// without a record name or title).
    case noSubjectName(String)
    /// The serializer has no schema to work with (none given and `useLatestVersion` off), or
    /// `autoRegisterSchemas` is off and the schema is not registered.
    case schemaNotAvailable(String)
    /// The registry call failed.
    case registry(SchemaRegistryClientError)

    public var description: String {
        switch self {
        case .emptyMessage: return "empty message: no magic byte"
        case .unknownMagicByte(let byte): return "unknown magic byte \(byte) (expected 0)"
        case .truncatedHeader(let length): return "message of \(length) bytes is shorter than the 5-byte header"
        case .unknownSchemaId(let id, let reason): return "schema id \(id): \(reason)"
        case .malformedPayload(let id, let reason): return "message body does not decode with schema \(id): \(reason)"
        case .unusableSchema(let reason): return "unusable schema: \(reason)"
        case .invalidValue(let reason): return "value does not fit the schema: \(reason)"
        case .validationFailed(let errors): return "JSON Schema validation failed: " + errors.joined(separator: "; ")
        case .noSubjectName(let reason): return "no subject name: \(reason)"
        case .schemaNotAvailable(let reason): return "no schema: \(reason)"
        case .registry(let error): return error.description
        }
    }
}

/// Runs a registry call and reports its failure as ``SerdeError/registry(_:)``, so serde code
/// throws one error type.
func viaRegistry<T>(_ body: () async throws(SchemaRegistryClientError) -> T) async throws(SerdeError) -> T {
    do {
        return try await body()
    } catch {
        throw .registry(error)
    }
}

extension SchemaRegistryClient {
    /// The writer schema of a message's id, as the deserializers need it: an id the registry
    /// does not know is `unknownSchemaId`, any other failure `registry`.
    func writerDefinition(id: Int32) async throws(SerdeError) -> SchemaDefinition {
        do {
            return try await schema(id: Int(id)).definition
        } catch {
            if case .registry(let status, _, let message) = error, status == 404 { throw .unknownSchemaId(id, reason: message) }
            throw .registry(error)
        }
    }
}
