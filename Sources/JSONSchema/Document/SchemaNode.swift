/// What parsing learned about one schema location that validation needs again.
struct SchemaNode: Sendable {
    /// The base URI in effect inside this schema, after its own `$id`.
    var baseURI: String
    /// The draft its keywords are read under.
    var draft: JSONSchemaDraft
    /// Whether this schema carries `"$recursiveAnchor": true` (2019-09).
    var recursiveAnchor: Bool
}
