import JSONModel

/// Member readers with Jackson's leniency, shared by every entity: JSON null is absent, scalars
/// are coerced to strings, numeric strings to integers.
public enum Wire {
    /// A member's value, with JSON null read as absent (as Jackson fills a missing field).
    public static func present(_ o: JSONObject, _ key: String) -> JSONValue? {
        o[key]?.nonNull
    }

    /// A string member; Jackson coerces numbers and Booleans to strings.
    public static func optionalString(_ o: JSONObject, _ key: String) throws(WireError) -> String? {
        switch o[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .integer(let i)?: return String(i)
        case .bool(let b)?: return String(b)
        case .double(let d)?: return JSONWriter.javaDoubleString(d)
        default: throw WireError("Cannot deserialize value of type `java.lang.String` from \(o[key]!.kindDescription) (field '\(key)')")
        }
    }

    /// An `int` member: in range of a Java int, or a string holding one.
    public static func optionalInt(_ o: JSONObject, _ key: String) throws(WireError) -> Int? {
        switch o[key] {
        case nil, .null?: return nil
        case .integer(let i)?:
            guard i >= Int64(Int32.min), i <= Int64(Int32.max) else {
                throw WireError("Numeric value (\(i)) out of range of int (field '\(key)')")
            }
            return Int(i)
        case .string(let s)?:
            guard let i = Int32(s) else { throw WireError("Cannot deserialize value of type `int` from String \"\(s)\" (field '\(key)')") }
            return Int(i)
        default: throw WireError("Cannot deserialize value of type `int` from \(o[key]!.kindDescription) (field '\(key)')")
        }
    }

    /// A `boolean` member; `"true"`/`"false"` strings are coerced.
    public static func optionalBool(_ o: JSONObject, _ key: String) throws(WireError) -> Bool? {
        switch o[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)? where s.lowercased() == "true" || s.lowercased() == "false": return s.lowercased() == "true"
        default: throw WireError("Cannot deserialize value of type `boolean` from \(o[key]!.kindDescription) (field '\(key)')")
        }
    }

    /// A references list: each `{"name", "subject", "version"}`.
    public static func references(_ o: JSONObject, _ key: String = "references") throws(WireError) -> [SchemaReference] {
        guard let refs = present(o, key) else { return [] }
        guard case .array(let items) = refs else { throw WireError("Field '\(key)' must be an array") }
        var result: [SchemaReference] = []
        for item in items {
            guard case .object(let r) = item, let name = try optionalString(r, "name"), let subject = try optionalString(r, "subject"),
                case .integer(let version)? = r["version"]
            else { throw WireError("Each reference needs a string 'name', a string 'subject' and an integer 'version'") }
            result.append(SchemaReference(name: name, subject: subject, version: Int(version)))
        }
        return result
    }

    /// A list of schema tags.
    public static func schemaTags(_ o: JSONObject, _ key: String) throws(WireError) -> [SchemaTagsEntity] {
        guard let value = present(o, key) else { return [] }
        guard case .array(let items) = value else { throw WireError("Field '\(key)' must be an array") }
        var result: [SchemaTagsEntity] = []
        for item in items { result.append(try SchemaTagsEntity(json: item, in: key)) }
        return result
    }
}

extension SchemaReference {
    /// The reference as Confluent's API spells it.
    public var json: JSONValue {
        ["name": .string(name), "subject": .string(subject), "version": .integer(Int64(version))]
    }
}
