import JSONModel

/// A schema as Confluent's API returns it: a subject version, a lookup, a registration
/// answer, an item of `GET /schemas`, or a schema by id or guid.
///
/// Each endpoint sends another subset, in its own member order (`Layout`); members an
/// endpoint or an older registry does not send are `nil`, so one type serves every answer.
public struct SchemaEntity: Hashable, Sendable {
    /// Which endpoint's shape and member order.
    public enum Layout: Sendable {
        /// `GET /subjects/{s}/versions/{v}`, lookups, `GET /schemas`: subject, version, id,
        /// guid, content, ts, deleted.
        case subjectVersion
        /// The answer of a registration: id, version (when known), guid, content.
        case registration
        /// `GET /schemas/ids/{id}` and `/schemas/guids/{guid}`: content, guid, then subject,
        /// version and maxId when asked for.
        case byId
    }

    public var subject: String?
    public var version: Int?
    /// The global id, the number in the wire format.
    public var id: Int?
    /// The content-derived identifier of Confluent 8.
    public var guid: String?
    /// The format; `AVRO` when a registry leaves it out (7.x answers).
    public var schemaType: String
    /// The schema text; absent only in 7.x registration answers, which carry just the id.
    public var schema: String?
    public var references: [SchemaReference]
    public var metadata: JSONValue?
    public var ruleSet: JSONValue?
    /// The tagged entities a `findTags` read asked for.
    public var schemaTags: [SchemaTagsEntity]
    /// Registration time in milliseconds since 1970.
    public var timestamp: Int64?
    public var deleted: Bool?
    /// The highest id of the context, for `fetchMaxId`.
    public var maxId: Int?

    /// Creates an entity.
    public init(
        subject: String? = nil, version: Int? = nil, id: Int? = nil, guid: String? = nil, schemaType: String = "AVRO",
        schema: String?, references: [SchemaReference] = [], metadata: JSONValue? = nil, ruleSet: JSONValue? = nil,
        schemaTags: [SchemaTagsEntity] = [], timestamp: Int64? = nil, deleted: Bool? = nil, maxId: Int? = nil
    ) {
        self.subject = subject
        self.version = version
        self.id = id
        self.guid = guid
        self.schemaType = schemaType
        self.schema = schema
        self.references = references
        self.metadata = metadata
        self.ruleSet = ruleSet
        self.schemaTags = schemaTags
        self.timestamp = timestamp
        self.deleted = deleted
        self.maxId = maxId
    }

    /// The entity in `layout`'s member order, leaving out empty members as Confluent's
    /// `NON_EMPTY` does (references, tags) and absent ones.
    public func json(_ layout: Layout) -> JSONValue {
        var o = JSONObject()
        switch layout {
        case .subjectVersion:
            if let subject { o.appendUnchecked("subject", .string(subject)) }
            if let version { o.appendUnchecked("version", .integer(Int64(version))) }
            if let id { o.appendUnchecked("id", .integer(Int64(id))) }
            if let guid { o.appendUnchecked("guid", .string(guid)) }
            appendContent(to: &o)
            if let timestamp { o.appendUnchecked("ts", .integer(timestamp)) }
            if let deleted { o.appendUnchecked("deleted", .bool(deleted)) }
        case .registration:
            if let id { o.appendUnchecked("id", .integer(Int64(id))) }
            if let version, version > 0 { o.appendUnchecked("version", .integer(Int64(version))) }
            if let guid { o.appendUnchecked("guid", .string(guid)) }
            appendContent(to: &o)
        case .byId:
            appendContent(to: &o)
            if let guid { o.appendUnchecked("guid", .string(guid)) }
            if let subject { o.appendUnchecked("subject", .string(subject)) }
            if let version { o.appendUnchecked("version", .integer(Int64(version))) }
            if let maxId { o.appendUnchecked("maxId", .integer(Int64(maxId))) }
        }
        return .object(o)
    }

    private func appendContent(to o: inout JSONObject) {
        o.appendUnchecked("schemaType", .string(schemaType))
        if let schema { o.appendUnchecked("schema", .string(schema)) }
        if !references.isEmpty { o.appendUnchecked("references", .array(references.map(\.json))) }
        if let metadata { o.appendUnchecked("metadata", metadata) }
        if let ruleSet { o.appendUnchecked("ruleSet", ruleSet) }
        if !schemaTags.isEmpty { o.appendUnchecked("schemaTags", .array(schemaTags.map(\.json))) }
    }

    /// Reads any endpoint's shape; members of the wrong kind are errors, missing ones `nil`.
    public init(json value: JSONValue) throws(WireError) {
        guard case .object(let o) = value else { throw WireError("schema: expected an object") }
        func int(_ key: String) throws(WireError) -> Int? {
            guard let member = Wire.present(o, key) else { return nil }
            guard let number = member.integerValue, let int = Int(exactly: number) else { throw WireError("\(key): expected an integer") }
            return int
        }
        let tags = try Wire.schemaTags(o, "schemaTags")
        self.init(
            subject: Wire.present(o, "subject")?.stringValue, version: try int("version"), id: try int("id"),
            guid: Wire.present(o, "guid")?.stringValue, schemaType: Wire.present(o, "schemaType")?.stringValue ?? "AVRO",
            schema: Wire.present(o, "schema")?.stringValue, references: try Wire.references(o), metadata: Wire.present(o, "metadata"),
            ruleSet: Wire.present(o, "ruleSet"), schemaTags: tags, timestamp: Wire.present(o, "ts")?.integerValue,
            deleted: Wire.present(o, "deleted").flatMap { if case .bool(let b) = $0 { b } else { nil } }, maxId: try int("maxId"))
    }
}

/// Confluent's error body: `{"error_code": .., "message": ..}`.
public struct ErrorEntity: Hashable, Sendable {
    /// Confluent's error code (40401, 42201, ...), or the HTTP status for transport errors.
    public var errorCode: Int
    public var message: String

    /// Creates an error body.
    public init(errorCode: Int, message: String) {
        self.errorCode = errorCode
        self.message = message
    }

    /// The body as Confluent writes it.
    public var json: JSONValue { ["error_code": .integer(Int64(errorCode)), "message": .string(message)] }

    /// Reads an error body; `nil` when `value` is none (a proxy's page, an empty answer).
    public init?(json value: JSONValue) {
        guard let o = value.objectValue, let code = o["error_code"]?.integerValue, let int = Int(exactly: code) else { return nil }
        self.init(errorCode: int, message: o["message"]?.stringValue ?? "")
    }
}

/// The answer of a compatibility check: `{"is_compatible", "messages"}`.
public struct CompatibilityCheckEntity: Hashable, Sendable {
    public var isCompatible: Bool
    /// The reasons, present only when the check was `verbose`.
    public var messages: [String]?

    /// Creates an answer.
    public init(isCompatible: Bool, messages: [String]? = nil) {
        self.isCompatible = isCompatible
        self.messages = messages
    }

    /// The answer as Confluent writes it.
    public var json: JSONValue {
        var o: JSONObject = ["is_compatible": .bool(isCompatible)]
        if let messages { o.appendUnchecked("messages", .array(messages.map(JSONValue.string))) }
        return .object(o)
    }

    /// Reads an answer.
    public init(json value: JSONValue) throws(WireError) {
        guard let o = value.objectValue, case .bool(let compatible)? = o["is_compatible"] else {
            throw WireError("compatibility: expected an object with is_compatible")
        }
        self.init(isCompatible: compatible, messages: o["messages"]?.arrayValue?.compactMap(\.stringValue))
    }
}
