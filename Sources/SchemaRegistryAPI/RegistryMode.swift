/// What writes a subject, context or the whole registry accepts.
public enum RegistryMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// Normal operation.
    case readWrite = "READWRITE"
    /// No registrations, deletes or config changes.
    case readOnly = "READONLY"
    /// Read-only that also overrides subject modes (deprecated in Confluent).
    case readOnlyOverride = "READONLY_OVERRIDE"
    /// Registrations carry explicit ids and versions and skip compatibility checks (migrations).
    case importing = "IMPORT"
    /// Only allowed globally; writes are not checked for compatibility.
    case forward = "FORWARD"

    /// Parses a mode name case-insensitively.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// Whether writes are refused.
    public var isReadOnly: Bool { self == .readOnly || self == .readOnlyOverride }
}
