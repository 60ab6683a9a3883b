/// Why a federation configuration cannot be used; each case names the entry at fault, so the
/// one line start-up prints is enough to fix the file.
public enum FederationConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not YAML, or not the expected shape.
    case invalidYAML(String)
    /// One registry entry is wrong (`place` is `registries[1] (my-glue)`).
    case invalidEntry(_ place: String, _ reason: String)
    /// `${NAME}` has no value and no default (`at` says where, once known).
    case missingVariable(_ name: String, at: String? = nil)

    public var description: String {
        switch self {
        case .invalidYAML(let reason): return "invalid configuration: \(reason)"
        case .invalidEntry(let place, let reason): return "\(place): \(reason)"
        case .missingVariable(let name, let place):
            return "environment variable \(name) is not set" + (place.map { " (used by \($0))" } ?? "")
        }
    }
}
