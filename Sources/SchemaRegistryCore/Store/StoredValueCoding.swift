import JSONModel

/// How registry values are written to and read back from a store's text columns, the same
/// for every store.
///
/// JSON goes through the project's own number-exact JSON model, so metadata, rule sets and
/// configs come back exactly as they were stored. Anything that does not read back is
/// reported as a store failure naming the table and key, never a crash.
public enum StoredValueCoding {
    /// The stored form of an empty reference list, recognised without parsing on load.
    public static let noReferences = "[]"

    /// References as a JSON array of `{name, subject, version}` objects.
    public static func referencesJSON(_ references: [SchemaReference]) -> String {
        guard !references.isEmpty else { return noReferences }
        return JSONWriter.string(.array(references.map { r in
            var o = JSONObject()
            o.appendUnchecked("name", .string(r.name))
            o.appendUnchecked("subject", .string(r.subject))
            o.appendUnchecked("version", .integer(Int64(r.version)))
            return .object(o)
        }))
    }

    /// Reads what `referencesJSON` wrote.
    public static func references(_ text: String, context: String, id: Int) throws(RegistryError) -> [SchemaReference] {
        if text == noReferences { return [] }
        guard let items = try parse(text, what: "references of schema \(id) in context \(context)").arrayValue else {
            throw corrupt("references of schema \(id) in context \(context) are not a JSON array")
        }
        var result: [SchemaReference] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let o = item.objectValue, let name = o["name"]?.stringValue, let subject = o["subject"]?.stringValue,
                let version = o["version"]?.integerValue, let v = Int(exactly: version)
            else { throw corrupt("a reference of schema \(id) in context \(context) is not {name, subject, version}") }
            result.append(SchemaReference(name: name, subject: subject, version: v))
        }
        return result
    }

    /// Optional JSON (metadata, rule set) as text, nil for absent.
    public static func optionalJSON(_ value: JSONValue?) -> String? {
        value.map { JSONWriter.string($0) }
    }

    /// Reads what `optionalJSON` wrote.
    public static func optionalJSON(_ text: String?, what: @autoclosure () -> String) throws(RegistryError) -> JSONValue? {
        guard let text else { return nil }
        return try parse(text, what: what())
    }

    /// A config in its stored form (`compatibilityLevel` as the level key).
    public static func configJSON(_ config: RegistryConfig) -> String {
        JSONWriter.string(.object(config.json(levelKey: "compatibilityLevel")))
    }

    /// Reads what `configJSON` wrote.
    public static func config(_ text: String, scope: QualifiedSubject) throws(RegistryError) -> RegistryConfig {
        guard let o = try parse(text, what: "config of '\(scope)'").objectValue else {
            throw corrupt("config of '\(scope)' is not a JSON object")
        }
        return RegistryConfig(storedJSON: o)
    }

    /// Parses stored JSON, naming what it is when it does not parse.
    public static func parse(_ text: String, what: String) throws(RegistryError) -> JSONValue {
        do {
            return try JSONParser().parse(text)
        } catch {
            throw corrupt("\(what) is not valid JSON (\(error))")
        }
    }

    /// An association key as text: `["resourceId","resourceType","associationType"]`.
    public static func associationKeyJSON(_ key: AssociationKey) -> String {
        JSONWriter.string(.array([.string(key.resourceId), .string(key.resourceType), .string(key.associationType)]))
    }

    /// Reads an association key written as `["resourceId","resourceType","associationType"]`.
    public static func associationKey(_ text: String?) throws(RegistryError) -> AssociationKey? {
        guard let text else { return nil }
        guard case .array(let parts) = try parse(text, what: "association key"), parts.count == 3,
            let id = parts[0].stringValue, let type = parts[1].stringValue, let associationType = parts[2].stringValue
        else { throw corrupt("association key '\(text)' is not [resourceId, resourceType, associationType]") }
        return AssociationKey(resourceId: id, resourceType: type, associationType: associationType)
    }

    /// The failure for a stored value this build cannot read.
    public static func corrupt(_ detail: String) -> RegistryError {
        .storeFailure("The store holds unreadable data: \(detail)")
    }
}
