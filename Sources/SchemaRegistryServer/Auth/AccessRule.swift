import SchemaRegistryCore

/// One grant: these principals may do these operations on these subjects (in these contexts),
/// or on the registry-wide resources.
///
/// Rules only allow; a request no rule allows is denied. There are no deny rules because a
/// list of allows can be read top to bottom without asking which rule wins.
public struct AccessRule: Sendable, Equatable {
    /// Who: a principal's name, `group:NAME`, or `*` for every authenticated principal.
    public var principals: [String]
    /// What. `admin` implies the others.
    public var operations: Set<AccessOperation>
    /// On which subjects, by name within a context; empty grants no subject.
    public var subjects: [NamePattern]
    /// In which contexts the subject patterns apply (`.` is the default context, `*` every one).
    public var contexts: [NamePattern]
    /// Whether the operations also apply to what belongs to no subject: global config and
    /// mode, the list and deletion of contexts, associations by resource.
    public var global: Bool

    /// A rule; subjects apply in the default context unless `contexts` says otherwise.
    public init(
        principals: [String], operations: Set<AccessOperation>, subjects: [NamePattern] = [], contexts: [NamePattern] = [NamePattern(".")],
        global: Bool = false
    ) {
        self.principals = principals
        self.operations = operations
        self.subjects = subjects
        self.contexts = contexts
        self.global = global
    }

    /// Whether the rule grants `operation`.
    func grants(_ operation: AccessOperation) -> Bool {
        operations.contains(operation) || operations.contains(.admin)
    }

    /// Whether the rule covers a subject. An empty name stands for a context's own config or
    /// mode, which only a pattern matching the empty name covers (in practice `*`): a rule on
    /// `orders-*` does not reach the settings of every subject of its context.
    func covers(context: String, name: String) -> Bool {
        contexts.contains { $0.matches(context) } && subjects.contains { $0.matches(name) }
    }
}
