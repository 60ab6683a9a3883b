import SchemaRegistryAPI

/// Which subjects a bulk operation takes: a glob (`user-*`, `*-value`, `orders.?`), the
/// notation platform teams already use for subject names; empty or absent means all.
public struct SubjectFilter: Hashable, Sendable {
    /// The glob as given; `nil` selects every subject.
    public var pattern: NamePattern?

    /// A filter from its text (`nil` or "" for every subject).
    public init(_ text: String?) {
        pattern = text.flatMap { $0.isEmpty ? nil : NamePattern($0) }
    }

    /// Whether `subject` is selected.
    public func matches(_ subject: String) -> Bool {
        pattern?.matches(subject) ?? true
    }

    /// The text every selected subject starts with (the glob up to its first wildcard), for
    /// registries that filter by prefix themselves.
    public var literalPrefix: String {
        guard let text = pattern?.description else { return "" }
        return String(text.prefix { $0 != "*" && $0 != "?" })
    }
}
