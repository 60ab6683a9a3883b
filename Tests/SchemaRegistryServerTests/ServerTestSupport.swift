import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JSONModel
import NIOCore
import SchemaRegistryCore
import SchemaRegistryServer

/// A response reduced to what the API tests look at.
struct Reply {
    var status: Int
    var headers: HTTPFields
    var text: String
    var json: JSONValue? { try? JSONParser().parse(text) }
    var errorCode: Int64? { json?.objectValue?["error_code"]?.integerValue }
    var message: String? { json?.objectValue?["message"]?.stringValue }
}

/// Runs `body` against a real server on a loopback socket over a fresh in-memory registry.
func withServer(
    options: RegistryOptions = RegistryOptions(), maximumBodySize: Int = 64 * 1024, _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    // The formats `schema-registry serve` has.
    let registry = try await Registry(store: MemoryRegistryStore(), formats: [AvroSchemaFormat(), JSONSchemaFormat(), ProtobufSchemaFormat()], options: options)
    let responder = RegistryResponder(registry: RegistryBox(registry), maximumBodySize: maximumBodySize)
    let app = Application(
        responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in try await body(client) }
}

extension TestClientProtocol {
    /// Sends a request with Confluent's content type and returns the reply.
    func call(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/vnd.schemaregistry.v1+json", accept: String? = nil
    ) async throws -> Reply {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        if let accept { headers[.accept] = accept }
        let response = try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    /// Sends a body given as raw bytes (bodies in other encodings than UTF-8).
    func call(_ method: HTTPRequest.Method, _ path: String, bytes: [UInt8]) async throws -> Reply {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.schemaregistry.v1+json"
        let response = try await execute(uri: path, method: method, headers: headers, body: ByteBuffer(bytes: bytes))
        return Reply(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    /// Registers `schema` (Avro) under `subject`.
    func register(_ subject: String, _ schema: String) async throws -> Reply {
        try await call(.post, "/subjects/\(subject)/versions", body: JSONWriter.string(["schema": .string(schema)]))
    }
}
