import SchemaRegistryCore

/// Confluent's `AliasFilter`: a request for subject A, whose subject-level config has
/// `alias: "B"`, is served as a request for B.
///
/// Like Confluent's, it works on the path before routing: the segment after every `subjects`
/// (so `/subjects/{s}/...` and `/compatibility/subjects/{s}/...`, reads, lookups,
/// registrations, compatibility checks and deletes alike) and the `subject` query parameter of
/// `/schemas/ids/...`. `/config/{s}` and `/mode/{s}` are left alone, so the alias itself can
/// still be read, changed and removed. It runs after `ContextPrefix`, on qualified names.
enum AliasFilter {
    /// The path and query with aliased subjects replaced by their targets, once each.
    static func rewrite(_ segments: [String], query: QueryParameters, registry: Registry?) -> ([String], QueryParameters) {
        guard let registry else { return (segments, query) }
        var segments = segments
        var index = 0
        while index + 1 < segments.count {
            if segments[index] == "subjects" {
                if let target = registry.aliasTarget(of: segments[index + 1]) { segments[index + 1] = target }
                // The replaced segment is a subject name, never the next `subjects` keyword.
                index += 2
            } else {
                index += 1
            }
        }
        var query = query
        if segments.count >= 2, segments[0] == "schemas", segments[1] == "ids", let values = query.values["subject"] {
            query.values["subject"] = values.map { registry.aliasTarget(of: $0) ?? $0 }
        }
        return (segments, query)
    }
}
