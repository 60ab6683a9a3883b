/// Where a schema sits: which indexed document, and the JSON Pointer inside it.
///
/// References are resolved once, at parse time, into locations; validation follows them
/// without resolving URIs again.
struct SchemaLocation: Hashable, Sendable {
    /// Index into `SchemaIndex.documents`; 0 is the document being parsed.
    var document: Int
    /// Escaped JSON Pointer from the document root.
    var pointer: String
}
