/// Why a text is not a valid Avro schema, with the JSON Pointer of the offending place.
///
/// The path points into the schema document as written (`/fields/2/type`), so a user can find
/// the mistake without knowing how the parser walks the schema.
public struct AvroSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Hashable, Sendable {
        /// The text is not JSON at all.
        case malformedJSON(String)
        /// A type name that is neither primitive nor defined (`"strin"`).
        case unknownType(String)
        /// A name that breaks Avro's naming rules.
        case invalidName(String)
        /// A named type defined twice (also across references).
        case redefinedName(String)
        /// Two fields of one record with the same name.
        case duplicateField(String)
        /// Two enum symbols with the same name.
        case duplicateSymbol(String)
        /// Two union branches of the same type.
        case duplicateUnionBranch(String)
        /// A union directly inside a union.
        case nestedUnion
        /// A required attribute is absent.
        case missingAttribute(String)
        /// An attribute has the wrong kind of value.
        case invalidAttribute(String, expected: String)
        /// A part of a namespace that breaks the naming rule.
        case invalidNamespace(part: String)
        /// A field default that does not match the field's type (the value and the type as
        /// compact JSON).
        case invalidDefault(field: String, value: String, type: String)
        /// An enum default that is not one of its symbols.
        case invalidEnumDefault(String)
    }

    /// JSON Pointer of the offending value; `/` for the document itself.
    public let path: String
    /// What is wrong there.
    public let reason: Reason

    /// Creates an error.
    public init(path: String, reason: Reason) {
        self.path = path.isEmpty ? "/" : path
        self.reason = reason
    }

    /// The reason in words, without the path.
    public var message: String {
        switch reason {
        case .malformedJSON(let detail): return "invalid JSON: \(detail)"
        case .unknownType(let name): return "unknown type \"\(name)\""
        case .invalidName(let name): return "invalid name \"\(name)\": a name starts with a letter or _ and holds only letters, digits and _"
        case .redefinedName(let name): return "the name \"\(name)\" is already defined"
        case .duplicateField(let name): return "duplicate field \"\(name)\""
        case .duplicateSymbol(let name): return "duplicate enum symbol \"\(name)\""
        case .duplicateUnionBranch(let name): return "duplicate type \"\(name)\" in union"
        case .nestedUnion: return "a union may not directly contain a union"
        case .missingAttribute(let name): return "missing \"\(name)\""
        case .invalidAttribute(let name, let expected): return "\"\(name)\" must be \(expected)"
        // Java Avro's wording, which Confluent passes on and clients look for.
        case .invalidNamespace(let part):
            return "Namespace part \"\(part)\" is invalid: " + (part.isEmpty ? "Empty name" : "Illegal character in: \(part)")
        case .invalidDefault(let field, let value, let type): return "Invalid default for field \(field): \(value) not a \(type)"
        case .invalidEnumDefault(let symbol): return "enum default \"\(symbol)\" is not one of the symbols"
        }
    }

    public var description: String { "\(path): \(message)" }
}
