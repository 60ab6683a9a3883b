import JSONModel

/// The JSON Schema dialects the registry accepts.
///
/// Keyword meaning differs between drafts (`exclusiveMaximum` is a boolean in draft-04 and a
/// number later, `$ref` overrides its siblings up to draft-07, `items` stops being a tuple in
/// 2020-12), so every schema is read and validated under exactly one of them.
public enum JSONSchemaDraft: String, Hashable, Sendable, CaseIterable, Comparable {
    case draft4 = "draft-04"
    case draft6 = "draft-06"
    case draft7 = "draft-07"
    case draft2019_09 = "2019-09"
    case draft2020_12 = "2020-12"

    /// The draft used when `$schema` is missing or names no known draft, as Confluent does.
    public static let fallback: JSONSchemaDraft = .draft7

    /// Detects the draft from a `$schema` value as Confluent does.
    ///
    /// A trailing `#` is ignored, `http` and `https` are equivalent, and the bare
    /// `json-schema.org/schema` means draft-04 (everit's reading); anything else, including
    /// `nil`, is draft-07.
    public init(schemaURI: String?) {
        guard var uri = schemaURI else {
            self = Self.fallback
            return
        }
        if uri.hasSuffix("#") { uri.removeLast() }
        if uri.hasPrefix("https://") {
            uri.removeFirst("https://".count)
        } else if uri.hasPrefix("http://") {
            uri.removeFirst("http://".count)
        } else {
            self = Self.fallback
            return
        }
        switch uri {
        case "json-schema.org/draft-04/schema", "json-schema.org/schema": self = .draft4
        case "json-schema.org/draft-06/schema": self = .draft6
        case "json-schema.org/draft-07/schema": self = .draft7
        case "json-schema.org/draft/2019-09/schema": self = .draft2019_09
        case "json-schema.org/draft/2020-12/schema": self = .draft2020_12
        default: self = Self.fallback
        }
    }

    /// Detects the draft of a schema document from its root `$schema` keyword.
    ///
    /// Only the root counts: a boolean root or a `$schema` that is not a string is the fallback.
    public init(detectingIn schema: JSONValue) {
        self.init(schemaURI: schema.objectValue?["$schema"]?.stringValue)
    }

    /// The canonical meta-schema URI of the draft, for writing `$schema`.
    public var metaSchemaURI: String {
        switch self {
        case .draft4: return "http://json-schema.org/draft-04/schema#"
        case .draft6: return "http://json-schema.org/draft-06/schema#"
        case .draft7: return "http://json-schema.org/draft-07/schema#"
        case .draft2019_09: return "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: return "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// Drafts are ordered by publication, so rules read as `draft >= .draft6`.
    public static func < (lhs: JSONSchemaDraft, rhs: JSONSchemaDraft) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .draft4: return 4
        case .draft6: return 6
        case .draft7: return 7
        case .draft2019_09: return 2019
        case .draft2020_12: return 2020
        }
    }
}
