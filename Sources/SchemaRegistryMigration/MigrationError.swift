import SchemaRegistryClient

/// Why an export, import or migration stopped.
///
/// Each case names what a person has to look at: the registry that refused (and which), the
/// export file, or the target's ids and versions that are in the way.
public enum MigrationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Reading from the source registry failed.
    case source(SchemaRegistryClientError)
    /// Writing to (or reading from) the target registry failed, at `step`.
    case target(step: String, SchemaRegistryClientError)
    /// The export file is not one this build reads.
    case malformedExport(String)
    /// The schema folder or its manifest is not usable.
    case malformedFolder(String)
    /// The target already holds ids or versions that differ from the export's; nothing was
    /// written.
    case conflicts([ImportConflict])
    /// The target does not hold what it was given, after an import.
    case verificationFailed([String])

    public var description: String {
        switch self {
        case .source(let error): return "reading the source registry: \(error)"
        case .target(let step, let error): return "\(step): \(error)"
        case .malformedExport(let reason): return "not a usable export: \(reason)"
        case .malformedFolder(let reason): return reason
        case .conflicts(let conflicts):
            let shown = conflicts.prefix(20).map { "  " + $0.description }
            let more = conflicts.count > 20 ? ["  ... and \(conflicts.count - 20) more"] : []
            return "the target registry already holds \(conflicts.count) conflicting id(s) or version(s); nothing was imported:\n"
                + (shown + more).joined(separator: "\n")
        case .verificationFailed(let problems):
            let shown = problems.prefix(20).map { "  " + $0 }
            return "the target differs from the source in \(problems.count) place(s):\n" + shown.joined(separator: "\n")
        }
    }
}

/// Something in the target that an import would have to overwrite.
public struct ImportConflict: Hashable, Sendable, CustomStringConvertible {
    /// What is in the way, in words (`id 7 in context . holds another schema`).
    public var description: String

    /// Creates a conflict.
    public init(_ description: String) { self.description = description }
}
