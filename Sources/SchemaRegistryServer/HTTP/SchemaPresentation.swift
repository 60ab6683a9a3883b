import SchemaRegistryCore

/// A schema's content as a response shows it when the client asked for `format`,
/// `referenceFormat` or `findTags`; responses without them show the stored content and come
/// from the rendered-body caches.
///
/// The GUID is never affected: it names the stored content, whatever the presentation.
struct SchemaPresentation: Sendable {
    /// The schema text (`format`).
    var text: String
    /// The references (`referenceFormat=qualified`).
    var references: [SchemaReference]
    /// The tagged parts matching `findTags` (any tag in common, or all for `*`).
    var tags: [TaggedEntity] = []

    /// The presentation `request` asks for, or `nil` for the stored content.
    ///
    /// - Parameters:
    ///   - schema: the stored schema.
    ///   - subject: the subject the schema is shown for (the version's, or `?subject=` of
    ///     `/schemas/ids/{id}`): `referenceFormat=qualified` qualifies unqualified reference
    ///     subjects with its context, and only for a context other than the default one.
    init?(_ schema: StoredSchema, subject: QualifiedSubject?, request: APIRequest, registry: Registry) {
        let format = request.query["format"].map { $0.trimmingCharacters() } ?? ""
        let qualify = request.query["referenceFormat"] == "qualified"
        let findTags = request.query.all("findTags")
        guard !format.isEmpty || qualify || !findTags.isEmpty else { return nil }
        var text = schema.text
        var references = schema.references
        var changed = false
        // Parsed once, and only when a parameter needs it.
        let parsed = !format.isEmpty || !findTags.isEmpty ? registry.parsedForm(of: schema) : nil
        if !format.isEmpty, let formatted = parsed?.formattedText(format) {
            text = formatted
            changed = true
        }
        if qualify, let subject, subject.context != QualifiedSubject.defaultContext, !references.isEmpty {
            references = references.map { r in
                var r = r
                if !r.subject.hasPrefix(":.") { r.subject = ":\(subject.context):\(r.subject)" }
                return r
            }
            changed = true
        }
        if !findTags.isEmpty {
            let wanted = Set(findTags)
            tags = (parsed?.taggedEntities ?? []).filter { wanted.contains("*") || !wanted.isDisjoint(with: $0.tags) }
            changed = changed || !tags.isEmpty
        }
        guard changed else { return nil }
        self.text = text
        self.references = references
    }
}
