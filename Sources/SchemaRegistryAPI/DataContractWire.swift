import JSONModel

/// Data-contract members (`metadata`, `ruleSet`, a tag request's `rulesToMerge`, and the
/// config's default and override forms) read as Confluent's Jackson model reads them: each member in its declared
/// type, scalars coerced to strings where a string is declared, enum values checked, unknown
/// members dropped. What is stored and served is then always in Confluent's shape, whatever a
/// client sent; a value Jackson cannot map is a `WireError` (400).
extension Wire {
    /// Rule modes and kinds, as Confluent's `RuleMode` and `RuleKind` enums name them.
    static let ruleModes = ["UPGRADE", "DOWNGRADE", "UPDOWN", "WRITE", "READ", "WRITEREAD"]
    static let ruleKinds = ["TRANSFORM", "CONDITION"]

    /// A `Metadata` member: `tags` (a map of string sets), `properties` (a string map),
    /// `sensitive` (a string set); `nil` when absent or null.
    public static func metadata(_ o: JSONObject, _ key: String) throws(WireError) -> JSONValue? {
        guard let value = present(o, key) else { return nil }
        guard case .object(let m) = value else { throw mismatch("Metadata", value, key) }
        var shaped = JSONObject()
        if let tags = present(m, "tags") {
            guard case .object(let t) = tags else { throw mismatch("java.util.Map", tags, "tags") }
            var out = JSONObject()
            for member in t.members { out.appendUnchecked(member.key, member.value.isNull ? .null : try stringArray(member.value, "tags")) }
            shaped.appendUnchecked("tags", .object(out))
        }
        if let properties = present(m, "properties") { shaped.appendUnchecked("properties", try stringMap(properties, "properties")) }
        if let sensitive = present(m, "sensitive") { shaped.appendUnchecked("sensitive", try stringArray(sensitive, "sensitive")) }
        return .object(shaped)
    }

    /// A `RuleSet` member: `migrationRules`, `domainRules` and `encodingRules`, each a list of
    /// rules; `nil` when absent or null.
    public static func ruleSet(_ o: JSONObject, _ key: String) throws(WireError) -> JSONValue? {
        guard let value = present(o, key) else { return nil }
        guard case .object(let r) = value else { throw mismatch("RuleSet", value, key) }
        var shaped = JSONObject()
        for list in ["migrationRules", "domainRules", "encodingRules"] {
            if let rules = try self.rules(r, list) { shaped.appendUnchecked(list, rules) }
        }
        return .object(shaped)
    }

    /// A list of `Rule`s, one of a rule set's lists; `nil` when absent or null.
    static func rules(_ o: JSONObject, _ key: String) throws(WireError) -> JSONValue? {
        guard let value = present(o, key) else { return nil }
        guard case .array(let items) = value else { throw mismatch("java.util.List", value, key) }
        var rules: [JSONValue] = []
        for item in items {
            guard case .object(let rule) = item else { throw mismatch("Rule", item, key) }
            var shaped = JSONObject()
            for field in ["name", "doc"] {
                if let text = try optionalString(rule, field) { shaped.appendUnchecked(field, .string(text)) }
            }
            for (field, values, type) in [("kind", ruleKinds, "RuleKind"), ("mode", ruleModes, "RuleMode")] {
                guard let text = try optionalString(rule, field) else { continue }
                guard values.contains(text) else {
                    throw WireError(
                        "Cannot deserialize value of type `\(type)` from String \"\(text)\": not one of the values accepted for Enum class: [\(values.joined(separator: ", "))] (field '\(field)')"
                    )
                }
                shaped.appendUnchecked(field, .string(text))
            }
            if let type = try optionalString(rule, "type") { shaped.appendUnchecked("type", .string(type)) }
            if let tags = present(rule, "tags") { shaped.appendUnchecked("tags", try stringArray(tags, "tags")) }
            if let params = present(rule, "params") { shaped.appendUnchecked("params", try stringMap(params, "params")) }
            for field in ["expr", "onSuccess", "onFailure"] {
                if let text = try optionalString(rule, field) { shaped.appendUnchecked(field, .string(text)) }
            }
            if let disabled = try optionalBool(rule, "disabled") { shaped.appendUnchecked("disabled", .bool(disabled)) }
            rules.append(.object(shaped))
        }
        return .array(rules)
    }

    /// A `Map<String, String>`: scalars coerced, null values kept.
    static func stringMap(_ value: JSONValue, _ key: String) throws(WireError) -> JSONValue {
        guard case .object(let map) = value else { throw mismatch("java.util.Map", value, key) }
        var out = JSONObject()
        for member in map.members {
            let text = try optionalString(map, member.key)
            out.appendUnchecked(member.key, text.map(JSONValue.string) ?? .null)
        }
        return .object(out)
    }

    /// A `Set<String>` or `List<String>`: an array of scalars, coerced to strings.
    static func stringArray(_ value: JSONValue, _ key: String) throws(WireError) -> JSONValue {
        guard case .array(let items) = value else { throw mismatch("java.util.Set", value, key) }
        var out: [JSONValue] = []
        for item in items {
            switch item {
            case .string(let s): out.append(.string(s))
            case .integer(let i): out.append(.string(String(i)))
            case .bool(let b): out.append(.string(String(b)))
            case .double(let d): out.append(.string(JSONWriter.javaDoubleString(d)))
            case .null, .array, .object: throw mismatch("java.lang.String", item, key)
            }
        }
        return .array(out)
    }

    static func mismatch(_ type: String, _ value: JSONValue, _ key: String) -> WireError {
        WireError("Cannot deserialize value of type `\(type)` from \(value.kindDescription) (field '\(key)')")
    }
}
