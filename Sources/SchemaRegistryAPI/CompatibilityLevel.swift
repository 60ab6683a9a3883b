/// The seven compatibility levels of Confluent Schema Registry.
///
/// A level names a direction (can the new schema read old data, can old readers read new
/// data, or both) and a reach (the latest version only, or every version: `_TRANSITIVE`).
public enum CompatibilityLevel: String, Hashable, Sendable, CaseIterable, Codable {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"

    /// Parses a level name case-insensitively, as Confluent's config endpoint accepts it.
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    /// Whether the new schema must be able to read data written with the old ones.
    public var checksBackward: Bool {
        switch self {
        case .backward, .backwardTransitive, .full, .fullTransitive: return true
        case .none, .forward, .forwardTransitive: return false
        }
    }

    /// Whether readers using the old schemas must be able to read data written with the new one.
    public var checksForward: Bool {
        switch self {
        case .forward, .forwardTransitive, .full, .fullTransitive: return true
        case .none, .backward, .backwardTransitive: return false
        }
    }

    /// Whether every previous version is checked rather than only the latest.
    public var isTransitive: Bool {
        switch self {
        case .backwardTransitive, .forwardTransitive, .fullTransitive: return true
        case .none, .backward, .forward, .full: return false
        }
    }
}
