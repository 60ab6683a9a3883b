/// The outcome of checking a new schema against a subject's history under a level.
///
/// `messages` is the list Confluent returns with `verbose=true` (and embeds in its HTTP 409
/// text); `failure` keeps the same findings structured, for callers that present them
/// differently.
public struct CompatibilityResult: Hashable, Sendable {
    /// Confluent's verbose message list; empty exactly when compatible.
    public var messages: [String]
    /// The previous version that failed and its issues; `nil` when compatible.
    public var failure: CompatibilityFailure?

    /// Creates a result.
    public init(messages: [String], failure: CompatibilityFailure?) {
        self.messages = messages
        self.failure = failure
    }

    /// Whether the new schema may be registered.
    public var isCompatible: Bool { messages.isEmpty }

    /// The result of a passing check.
    public static let compatible = CompatibilityResult(messages: [], failure: nil)
}

/// The first previous schema (newest first) the new schema is incompatible with.
///
/// Only one is ever reported because Confluent stops at the first failing version.
public struct CompatibilityFailure: Hashable, Sendable {
    /// Position of the failing schema in the `previous` list passed to the checker (oldest first).
    public var previousIndex: Int
    /// Its registered version, if any.
    public var version: Int?
    /// Its issues, in message order: for FULL levels, the forward ones first.
    public var issues: [CompatibilityIssue]

    /// Creates a failure.
    public init(previousIndex: Int, version: Int?, issues: [CompatibilityIssue]) {
        self.previousIndex = previousIndex
        self.version = version
        self.issues = issues
    }
}
