/// One version of a subject as the in-memory state keeps it.
///
/// The subject is the key the record is filed under, not a field: with a million versions,
/// a copy of the subject in every record was two strings (32 bytes) per version and a
/// reference count to touch whenever one was copied. `StoredVersion` is made from it on read.
struct VersionRecord: Hashable, Sendable {
    var version: Int
    var schemaId: Int
    /// Registration time, milliseconds since 1970.
    var timestamp: Int64
    var deleted: Bool

    /// Creates a record.
    init(version: Int, schemaId: Int, timestamp: Int64, deleted: Bool) {
        self.version = version
        self.schemaId = schemaId
        self.timestamp = timestamp
        self.deleted = deleted
    }

    /// The version as the registry's API shows it, under `subject`.
    func stored(in subject: QualifiedSubject) -> StoredVersion {
        StoredVersion(subject: subject, version: version, schemaId: schemaId, deleted: deleted, timestamp: timestamp)
    }
}
