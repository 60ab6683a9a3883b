import SchemaRegistryAPI

/// Which subjects an export takes: a glob over the subject name (`*` any run of characters,
/// `?` one), within one context or all of them.
public struct SubjectSelection: Sendable, Hashable {
    /// The glob, matched against the subject without its context prefix; nil for all.
    public var glob: String?
    /// The context (`.tenant-a`, or `.` for the default one); nil for every context.
    public var context: String?

    /// Creates a selection.
    public init(glob: String? = nil, context: String? = nil) {
        self.glob = glob
        self.context = context
    }

    /// The `subjectPrefix` that lists the selected contexts: `:.ctx:` for one, `:*:` for all.
    var listingPrefix: String {
        guard let context else { return ":*:" }
        let name = context.hasPrefix(".") ? context : "." + context
        return name == "." ? "" : ":" + name + ":"
    }

    /// Whether `subject` (as listed, context prefix included) is selected.
    public func contains(_ subject: String) -> Bool {
        guard let glob else { return true }
        var name = Substring(subject)
        if name.hasPrefix(":."), let end = name.dropFirst().firstIndex(of: ":") { name = name[name.index(after: end)...] }
        return NamePattern(glob).matches(String(name))
    }
}
