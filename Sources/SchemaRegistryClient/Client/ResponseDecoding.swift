import JSONModel
import NIOCore
import SchemaRegistryCore

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
        if let object = (try? JSONParser().parse(text))?.objectValue,
            let code = object["error_code"]?.integerValue
        {
            throw .registry(status: response.status, errorCode: Int(code), message: object["message"]?.stringValue ?? "")
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

    /// A schema object (§4.1 of the API). A 7.x registration answer carries only the id: then
    /// the definition is the one that was sent (`fallback`).
    static func registeredSchema(
        _ value: JSONValue, fallback: SchemaDefinition? = nil, subject fallbackSubject: String? = nil
    ) throws(SchemaRegistryClientError) -> RegisteredSchema {
        let object = try object(value, "schema")
        let definition: SchemaDefinition
        if object["schema"] == nil, let fallback {
            definition = fallback
        } else {
            definition = try schemaDefinition(object)
        }
        return RegisteredSchema(
            subject: object["subject"]?.stringValue ?? fallbackSubject,
            version: object["version"]?.integerValue.map { Int($0) },
            id: object["id"]?.integerValue.map { Int($0) },
            guid: object["guid"]?.stringValue,
            definition: definition,
            deleted: object["deleted"] == .bool(true),
            timestamp: object["ts"]?.integerValue,
            maxId: object["maxId"]?.integerValue.map { Int($0) }
        )
    }

    /// The definition fields of a schema object; `schemaType` defaults to AVRO as in 7.x answers.
    private static func schemaDefinition(_ object: JSONObject) throws(SchemaRegistryClientError) -> SchemaDefinition {
        let typeName = object["schemaType"]?.stringValue ?? "AVRO"
        guard let type = SchemaType(rawValue: typeName) else {
            throw .invalidResponse(status: 200, reason: "unknown schemaType '\(typeName)'")
        }
        guard let text = object["schema"]?.stringValue else {
            throw .invalidResponse(status: 200, reason: "schema object without 'schema'")
        }
        var references: [SchemaReference] = []
        for item in object["references"]?.arrayValue ?? [] {
            guard let ref = item.objectValue, let name = ref["name"]?.stringValue, let subject = ref["subject"]?.stringValue,
                let version = ref["version"]?.integerValue
            else { throw .invalidResponse(status: 200, reason: "malformed reference") }
            references.append(SchemaReference(name: name, subject: subject, version: Int(version)))
        }
        return SchemaDefinition(
            schema: text, schemaType: type, references: references,
            metadata: object["metadata"]?.nonNull, ruleSet: object["ruleSet"]?.nonNull)
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
