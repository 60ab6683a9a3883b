/// Why a text is not a valid JSON schema, with the JSON Pointer of the offending place.
///
/// The registry answers 42201 with this message, so the path points into the document as the
/// user wrote it (`/properties/age/type`) and, for a problem inside a referenced schema, names
/// that reference as well.
public struct JSONSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Hashable, Sendable {
        /// The text is not JSON at all.
        case malformedJSON(String)
        /// A place that must hold a schema holds something else (the kind found is given).
        case notASchema(found: String, expected: String)
        /// A `type` name that JSON Schema does not define (`"integr"`).
        case unknownType(String)
        /// A keyword whose value has the wrong kind or range.
        case invalidKeyword(String, expected: String)
        /// A `pattern` or `patternProperties` key that is not a regular expression we can run.
        case invalidPattern(String)
        /// A `$ref` (or `$recursiveRef`, `$dynamicRef`) that leads nowhere.
        case unresolvedReference(String)
        /// Draft-03's boolean `required` inside a property schema, which later drafts dropped.
        case draft3Required
    }

    /// JSON Pointer of the offending value; `/` for the document itself.
    public let path: String
    /// The reference name (its `$ref` URL) of the document holding the problem; `nil` for the
    /// schema being parsed.
    public let document: String?
    /// What is wrong there.
    public let reason: Reason

    /// Creates an error.
    public init(path: String, document: String? = nil, reason: Reason) {
        self.path = path.isEmpty ? "/" : path
        self.document = document
        self.reason = reason
    }

    /// The reason in words, without the path.
    public var message: String {
        switch reason {
        case .malformedJSON(let detail): return "invalid JSON: \(detail)"
        case .notASchema(let found, let expected): return "expected \(expected), found \(found)"
        case .unknownType(let name): return "unknown type \"\(name)\""
        case .invalidKeyword(let name, let expected): return "\"\(name)\" must be \(expected)"
        case .invalidPattern(let pattern): return "invalid regular expression \"\(pattern)\""
        case .unresolvedReference(let ref): return "unresolved reference \"\(ref)\""
        case .draft3Required:
            return "\"required\" must be an array of property names (a boolean \"required\" is draft-03)"
        }
    }

    /// `path: message`, with the reference name in front for a referenced document.
    public var description: String {
        if let document { return "\(document)#\(path): \(message)" }
        return "\(path): \(message)"
    }
}
