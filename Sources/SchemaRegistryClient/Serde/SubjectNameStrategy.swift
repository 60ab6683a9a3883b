/// Whether a serializer works on a message's key or its value; the default subject names differ.
@frozen
public enum SerdeTarget: Hashable, Sendable {
    case key
    case value

    var suffix: String { self == .key ? "key" : "value" }
}

/// How a serializer names the subject a schema is registered under, as Confluent's
/// `key.subject.name.strategy` / `value.subject.name.strategy` settings do.
///
/// The choice decides which schemas may share a topic: one per topic (`topicName`, the
/// default), one per record type across topics (`recordName`), or several record types per topic
/// each evolving on its own (`topicRecordName`).
public enum SubjectNameStrategy: Sendable {
    /// `<topic>-key` or `<topic>-value`.
    case topicName
    /// The record's full name (Avro `namespace.name`, JSON Schema `title`).
    case recordName
    /// `<topic>-<record full name>`.
    case topicRecordName
    /// Any other rule: given topic, target and record name (when the schema has one).
    case custom(@Sendable (_ topic: String, _ target: SerdeTarget, _ recordName: String?) -> String)

    /// The subject for a message on `topic`.
    public func subject(topic: String, target: SerdeTarget, recordName: String?) throws(SerdeError) -> String {
        switch self {
        case .topicName:
            return topic + "-" + target.suffix
        case .recordName:
            guard let recordName else { throw .noSubjectName("RecordNameStrategy needs a named record schema (Avro record or JSON Schema title)") }
            return recordName
        case .topicRecordName:
            guard let recordName else { throw .noSubjectName("TopicRecordNameStrategy needs a named record schema (Avro record or JSON Schema title)") }
            return topic + "-" + recordName
        case .custom(let name):
            return name(topic, target, recordName)
        }
    }
}
