import Foundation
import SchemaRegistryAPI

/// The one vocabulary of compatibility modes answers use, whatever the registry calls them:
/// Confluent's levels, with Glue's `*_ALL` read as `*_TRANSITIVE` and its `DISABLED` (no new
/// versions at all) as `READONLY`, Confluent's name for the same effect.
public enum FederatedCompatibilityMode: String, Hashable, Sendable, CaseIterable {
    case none = "NONE"
    case backward = "BACKWARD"
    case backwardTransitive = "BACKWARD_TRANSITIVE"
    case forward = "FORWARD"
    case forwardTransitive = "FORWARD_TRANSITIVE"
    case full = "FULL"
    case fullTransitive = "FULL_TRANSITIVE"
    /// No new versions may be registered (Glue's `DISABLED`).
    case readOnly = "READONLY"

    /// Parses a mode as users send it: any case, `-` or `_`, Confluent's names, `FORWARD_FULL`
    /// (an alias of `FULL` that scripts written for other federation tools send), Glue's
    /// `*_ALL` and `DISABLED`, and `READ_ONLY`.
    public init?(name: String) {
        let key = name.trimmingCharacters(in: .whitespacesAndNewlines).uppercased().map { $0 == "-" ? "_" : $0 }
        switch String(key) {
        case "NONE": self = .none
        case "BACKWARD": self = .backward
        case "BACKWARD_TRANSITIVE", "BACKWARD_ALL": self = .backwardTransitive
        case "FORWARD": self = .forward
        case "FORWARD_TRANSITIVE", "FORWARD_ALL": self = .forwardTransitive
        case "FULL", "FORWARD_FULL": self = .full
        case "FULL_TRANSITIVE", "FULL_ALL", "FORWARD_FULL_TRANSITIVE": self = .fullTransitive
        case "READONLY", "READ_ONLY", "DISABLED": self = .readOnly
        default: return nil
        }
    }

    /// Every name `init(name:)` takes, for error messages and the OpenAPI description.
    public static let acceptedNames = [
        "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "FORWARD_FULL",
        "BACKWARD_ALL", "FORWARD_ALL", "FULL_ALL", "DISABLED", "READONLY",
    ]

    /// Confluent's level for this mode (the same name); `nil` for `READONLY`, a mode, not a level.
    public var level: CompatibilityLevel? { CompatibilityLevel(rawValue: rawValue) }

    /// The mode of a Confluent level (the same name).
    public init(_ level: CompatibilityLevel) {
        self.init(rawValue: level.rawValue)!
    }

    /// Glue's name for this mode.
    public var glueName: String {
        switch self {
        case .none: return "NONE"
        case .backward: return "BACKWARD"
        case .backwardTransitive: return "BACKWARD_ALL"
        case .forward: return "FORWARD"
        case .forwardTransitive: return "FORWARD_ALL"
        case .full: return "FULL"
        case .fullTransitive: return "FULL_ALL"
        case .readOnly: return "DISABLED"
        }
    }
}
