import SchemaRegistryCore

/// One entry of the store's change log: which key a committed write touched.
///
/// The log lets another node follow writes by sequence number and reload only the keys that
/// changed. It deliberately holds keys, never schema text, so a permanent delete leaves no
/// copy of the deleted content behind.
public struct SQLiteRegistryChange: Hashable, Sendable {
    /// What a change did to its key.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A version was registered (`version` and `schemaId` are set).
        case register
        /// A version was marked deleted (`version` is set).
        case softDelete
        /// A version was removed for good (`version` and `schemaId` are set).
        case permanentDelete
        /// A schema no version uses any more was removed (`schemaId` is set; `subject` is the
        /// context).
        case removeSchema
        /// A scope's config was set.
        case setConfig
        /// A scope's config was removed.
        case removeConfig
        /// A scope's mode was set.
        case setMode
        /// A scope's mode was removed.
        case removeMode
        /// An association was stored (`associationKey` is set; `subject` is its subject).
        case setAssociation
        /// An association was removed (`associationKey` is set; `subject` was its subject).
        case removeAssociation
    }

    /// The position in the log: strictly increasing in commit order, never reused.
    public var sequence: Int64
    /// What happened.
    public var kind: Kind
    /// The subject or scope (context-only or global for config and mode).
    public var subject: QualifiedSubject
    /// The version concerned, for version changes.
    public var version: Int?
    /// The schema id concerned, for registrations and permanent deletes.
    public var schemaId: Int?
    /// When the store committed the change, milliseconds since 1970.
    public var timestamp: Int64
    /// The association concerned, for association changes.
    public var associationKey: AssociationKey?

    /// Creates a change-log entry.
    public init(
        sequence: Int64, kind: Kind, subject: QualifiedSubject, version: Int?, schemaId: Int?, timestamp: Int64,
        associationKey: AssociationKey? = nil
    ) {
        self.associationKey = associationKey
        self.sequence = sequence
        self.kind = kind
        self.subject = subject
        self.version = version
        self.schemaId = schemaId
        self.timestamp = timestamp
    }
}
