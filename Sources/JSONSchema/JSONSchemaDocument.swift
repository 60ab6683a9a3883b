import JSONModel

/// A parsed, checked JSON schema with every reference resolved.
///
/// The registry keeps the JSON exactly as written (unknown keywords included), because Confluent
/// stores and returns Jackson's compact serialisation of the parsed tree; validation and the
/// compatibility checker read the same tree through the resolved index.
public struct JSONSchemaDocument: Sendable {
    /// The schema as written.
    public let json: JSONValue
    /// The draft its keywords are read under (from `$schema`; draft-07 when absent or unknown).
    public let draft: JSONSchemaDraft
    /// The resolved locations, identifiers and references of this schema and its references.
    let index: SchemaIndex

    /// Parses and checks a schema text.
    ///
    /// - Parameters:
    ///   - text: the schema.
    ///   - references: already parsed schemas under the `$ref` URL this schema uses for them
    ///     (Confluent's reference `name`), e.g. `"address.json"` or `"https://acme.com/a.json"`.
    /// - Throws: `JSONSchemaError` naming the path of the first problem.
    public init(parsing text: String, references: [String: JSONSchemaDocument] = [:]) throws(JSONSchemaError) {
        try self.init(json: Self.parseJSON(text), references: references)
    }

    /// Parses and checks a schema text whose references are given as raw JSON.
    ///
    /// A referenced document without `$schema` is read under this schema's draft.
    public init(parsing text: String, referencedJSON: [String: JSONValue]) throws(JSONSchemaError) {
        try self.init(json: Self.parseJSON(text), referencedJSON: referencedJSON)
    }

    /// Checks an already parsed schema.
    public init(json: JSONValue, references: [String: JSONSchemaDocument] = [:]) throws(JSONSchemaError) {
        var flattened: [(name: String, json: JSONValue, draft: JSONSchemaDraft?)] = []
        for (name, document) in references {
            flattened.append((name, document.json, document.draft))
            for nested in document.index.documents.dropFirst() {
                if let nestedName = nested.name { flattened.append((nestedName, nested.json, nested.draft)) }
            }
        }
        try self.init(json: json, flattenedReferences: flattened)
    }

    /// Checks an already parsed schema whose references are given as raw JSON.
    public init(json: JSONValue, referencedJSON: [String: JSONValue]) throws(JSONSchemaError) {
        try self.init(json: json, flattenedReferences: referencedJSON.map { ($0.key, $0.value, nil) })
    }

    private init(
        json: JSONValue, flattenedReferences: [(name: String, json: JSONValue, draft: JSONSchemaDraft?)]
    ) throws(JSONSchemaError) {
        self.json = json
        self.draft = JSONSchemaDraft(detectingIn: json)
        self.index = try SchemaIndex.build(root: json, references: flattenedReferences)
    }

    private init(json: JSONValue, draft: JSONSchemaDraft, index: SchemaIndex) {
        self.json = json
        self.draft = draft
        self.index = index
    }

    private static func parseJSON(_ text: String) throws(JSONSchemaError) -> JSONValue {
        do {
            return try JSONParser().parse(text)
        } catch {
            throw JSONSchemaError(path: "", reason: .malformedJSON(error.description))
        }
    }

    /// What Confluent stores and returns: the compact JSON of the tree, key order as written.
    public var canonicalText: String { JSONWriter.string(json) }

    /// The schema for `normalize=true`: every object's keys sorted recursively.
    ///
    /// Sorting changes no pointer, so the resolved references stay valid.
    public func normalized() -> JSONSchemaDocument {
        let sorted = json.sortedRecursively()
        var index = index
        index.replaceRootJSON(sorted)
        return JSONSchemaDocument(json: sorted, draft: draft, index: index)
    }

    /// The reference names (as given by the caller) of every document this one was resolved with.
    public var referenceNames: [String] {
        index.documents.dropFirst().compactMap(\.name)
    }
}
