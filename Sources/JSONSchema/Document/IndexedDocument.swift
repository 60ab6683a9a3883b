import JSONModel

/// One document taking part in resolution: the schema itself or a referenced one.
struct IndexedDocument: Sendable {
    /// The reference name (the `$ref` URL the referrer uses); `nil` for the schema parsed.
    var name: String?
    /// The JSON as written.
    var json: JSONValue
    /// The draft its keywords are read under.
    var draft: JSONSchemaDraft
    /// The URI the document was retrieved under, before any `$id` of its own.
    var retrievalURI: String
}
