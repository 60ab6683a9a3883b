import SchemaRegistryAPI

/// Which subjects an export takes: a glob over the subject name (`*` any run of characters,
/// `?` one), within one context or all of them.
public struct SubjectSelection: Sendable, Hashable {
    /// The glob, matched against the subject without its context prefix; nil for all.
    public var glob: NamePattern?
    /// The context (`.tenant-a`, or `.` for the default one); nil for every context.
    public var context: String?

    /// Creates a selection.
    public init(glob: String? = nil, context: String? = nil) {
        self.glob = glob.map(NamePattern.init)
        self.context = context
    }

    /// The selected context as the registry names it (`.tenant-a`, `.`); nil for all.
    var contextName: String? {
        context.map { $0.hasPrefix(".") ? $0 : "." + $0 }
    }

    /// The `subjectPrefix` that lists the selected contexts: `:.ctx:` for one, `:*:` for all.
    var listingPrefix: String {
        guard let name = contextName else { return ":*:" }
        return name == "." ? "" : ":" + name + ":"
    }

    /// Whether `subject` (as listed, context prefix included) is selected.
    public func contains(_ subject: String) -> Bool {
        guard let glob else { return true }
        var name = Substring(subject)
        if name.hasPrefix(":."), let end = name.dropFirst().firstIndex(of: ":") { name = name[name.index(after: end)...] }
        return glob.matches(String(name))
    }
}
