import JSONModel
import NIOCore
import SchemaRegistryAPI

/// Turns response bodies into the client's types, failing with `invalidResponse` (never a
/// crash) when a registry sends something else than the API promises.
enum ResponseDecoding {
    /// Parses the body as JSON, or throws the registry's error for non-2xx answers.
    static func json(_ response: RegistryHTTPTransport.Response) throws(SchemaRegistryClientError) -> JSONValue {
        try checkStatus(response)
        return try parse(response)
    }

    /// Throws `registry` for an error answer: Confluent's `{"error_code","message"}` when present,
    /// else the status and the start of the body.
    static func checkStatus(_ response: RegistryHTTPTransport.Response) throws(SchemaRegistryClientError) {
        guard !(200..<300).contains(response.status) else { return }
        let text = String(buffer: response.body)
        if let body = try? JSONParser().parse(text), let error = ErrorEntity(json: body) {
            throw .registry(status: response.status, errorCode: error.errorCode, message: error.message)
        }
        // No error JSON (a proxy's page, an empty 503): keep the status as the code, as
        // Confluent's Java client does.
        throw .registry(status: response.status, errorCode: response.status, message: String(text.prefix(200)))
    }

    static func parse(_ response: RegistryHTTPTransport.Response) throws(SchemaRegistryClientError) -> JSONValue {
        do {
            return try JSONParser().parse(response.body.readableBytesView)
        } catch {
            throw .invalidResponse(status: response.status, reason: "body is not JSON: \(error)")
        }
    }

    static func object(_ value: JSONValue, _ what: String) throws(SchemaRegistryClientError) -> JSONObject {
        guard let object = value.objectValue else { throw .invalidResponse(status: 200, reason: "\(what): expected an object") }
        return object
    }

    static func int(_ value: JSONValue?, _ what: String) throws(SchemaRegistryClientError) -> Int {
        guard let number = value?.integerValue, let int = Int(exactly: number) else {
            throw .invalidResponse(status: 200, reason: "\(what): expected an integer")
        }
        return int
    }

    static func ints(_ value: JSONValue, _ what: String) throws(SchemaRegistryClientError) -> [Int] {
        guard let array = value.arrayValue else { throw .invalidResponse(status: 200, reason: "\(what): expected an array") }
        var out: [Int] = []
        out.reserveCapacity(array.count)
        for element in array { out.append(try int(element, what)) }
        return out
    }

    static func strings(_ value: JSONValue, _ what: String) throws(SchemaRegistryClientError) -> [String] {
        guard let array = value.arrayValue else { throw .invalidResponse(status: 200, reason: "\(what): expected an array") }
        var out: [String] = []
        for element in array {
            guard let s = element.stringValue else { throw .invalidResponse(status: 200, reason: "\(what): expected strings") }
            out.append(s)
        }
        return out
    }

    /// Runs a wire-model reader, reporting its error as an invalid answer.
    static func wire<T>(_ read: () throws(WireError) -> T) throws(SchemaRegistryClientError) -> T {
        do {
            return try read()
        } catch {
            throw .invalidResponse(status: 200, reason: error.message)
        }
    }

    /// A schema object of any endpoint (`SchemaEntity`). A 7.x registration answer carries
    /// only the id: then the definition is the one that was sent (`fallback`).
    static func registeredSchema(
        _ value: JSONValue, fallback: SchemaDefinition? = nil, subject fallbackSubject: String? = nil
    ) throws(SchemaRegistryClientError) -> RegisteredSchema {
        let entity = try wire { () throws(WireError) in try SchemaEntity(json: value) }
        let definition: SchemaDefinition
        if entity.schema == nil, let fallback {
            definition = fallback
        } else {
            guard let type = SchemaType(rawValue: entity.schemaType) else {
                throw .invalidResponse(status: 200, reason: "unknown schemaType '\(entity.schemaType)'")
            }
            guard let text = entity.schema else { throw .invalidResponse(status: 200, reason: "schema object without 'schema'") }
            definition = SchemaDefinition(
                schema: text, schemaType: type, references: entity.references, metadata: entity.metadata, ruleSet: entity.ruleSet)
        }
        return RegisteredSchema(
            subject: entity.subject ?? fallbackSubject, version: entity.version, id: entity.id, guid: entity.guid, definition: definition,
            deleted: entity.deleted == true, timestamp: entity.timestamp, maxId: entity.maxId)
    }

    static func config(_ value: JSONValue) throws(SchemaRegistryClientError) -> RegistryConfigSettings {
        let object = try object(value, "config")
        // GET answers `compatibilityLevel`, PUT echoes `compatibility`.
        let level = (object["compatibilityLevel"] ?? object["compatibility"])?.stringValue
        return RegistryConfigSettings(
            compatibilityLevel: level.flatMap { CompatibilityLevel(name: $0) },
            normalize: object["normalize"].flatMap { if case .bool(let b) = $0 { return b } else { return nil } },
            compatibilityGroup: object["compatibilityGroup"]?.stringValue,
            json: object
        )
    }

    static func mode(_ value: JSONValue) throws(SchemaRegistryClientError) -> RegistryMode {
        let object = try object(value, "mode")
        guard let name = object["mode"]?.stringValue, let mode = RegistryMode(rawValue: name.uppercased()) else {
            throw .invalidResponse(status: 200, reason: "mode: expected a known mode")
        }
        return mode
    }
}
