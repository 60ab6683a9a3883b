import Foundation
import JSONModel
import JSONSchema
import Synchronization

/// Turns Confluent-framed JSON Schema messages back into values, validating each against its
/// writer schema (fetched by id once) unless told not to.
///
/// JSON needs no writer-to-reader resolution: the text carries its field names. Validation is
/// what tells a consumer that a message does not honour the contract its id claims.
public final class JSONSchemaDeserializer: Sendable {
    /// The registry client.
    public let client: SchemaRegistryClient
    /// Whether messages are validated against their writer schema (Confluent's default: yes).
    public let validates: Bool

    private let resolver: SchemaResolver
    private let validators = Mutex<[Int32: JSONSchemaValidator]>([:])

    /// Creates a deserializer.
    public init(client: SchemaRegistryClient, validates: Bool = true) {
        self.client = client
        self.validates = validates
        self.resolver = SchemaResolver(client: client)
    }

    /// The JSON value in `message`.
    public func deserialize(_ message: [UInt8]) async throws(SerdeError) -> JSONValue {
        let id = try WireFormat.schemaId(of: message)
        return try checkedValue(message, id: id, validator: try await validator(for: id))
    }

    /// The message as a `Decodable` type, decoded with `decoder` after validation (a body that is
    /// not JSON is `malformedPayload` either way, as in ``deserialize(_:)``).
    public func deserialize<T: Decodable>(_ type: T.Type, from message: [UInt8], decoder: JSONDecoder = JSONDecoder()) async throws(SerdeError) -> T {
        let id = try WireFormat.schemaId(of: message)
        let validator = try await validator(for: id)
        _ = try checkedValue(message, id: id, validator: validator)
        do {
            return try decoder.decode(type, from: Data(message[WireFormat.headerLength...]))
        } catch {
            throw .invalidValue("schema \(id): \(error)")
        }
    }

    /// The parsed body of `message`, validated when the deserializer validates.
    private func checkedValue(_ message: [UInt8], id: Int32, validator: JSONSchemaValidator) throws(SerdeError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONParser().parse(message[WireFormat.headerLength...])
        } catch {
            throw .malformedPayload(schemaId: id, reason: error.description)
        }
        if validates {
            let errors = validator.validate(value)
            if !errors.isEmpty { throw .validationFailed(errors.map(\.description)) }
        }
        return value
    }

    private func validator(for id: Int32) async throws(SerdeError) -> JSONSchemaValidator {
        if let cached = validators.withLock({ $0[id] }) { return cached }
        let definition = try await client.writerDefinition(id: id)
        let document: JSONSchemaDocument
        do {
            document = try await resolver.jsonDocument(definition)
        } catch {
            throw .unknownSchemaId(id, reason: error.description)
        }
        let validator = JSONSchemaValidator(document)
        validators.withLock { $0[id] = validator }
        return validator
    }
}
