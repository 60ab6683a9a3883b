/// What a request does to what it names, in the words access rules use.
///
/// Five operations rather than one per endpoint, so that a rule reads as a role: a consumer
/// `read`s, a producer `read`s and `write`s, an operator changes `config`. `admin` implies
/// every other operation and is the only one that may put the registry in IMPORT mode or
/// delete a context.
public enum AccessOperation: String, Sendable, CaseIterable, Hashable {
    /// Reading subjects, versions, schemas, configs and modes; lookups and compatibility checks.
    case read
    /// Registering versions and editing tags.
    case write
    /// Soft and hard deletion of subjects and versions.
    case delete
    /// Changing or removing compatibility configs and modes (but not entering IMPORT).
    case config
    /// Everything, and IMPORT mode.
    case admin

    /// The operation as Confluent's denials name it (`User is denied operation Write on ...`).
    var deniedName: String {
        switch self {
        case .read: "Read"
        case .write: "Write"
        case .delete: "Delete"
        case .config: "Config"
        case .admin: "Admin"
        }
    }
}
