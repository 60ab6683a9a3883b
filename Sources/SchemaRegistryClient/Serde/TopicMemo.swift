/// A serializer's per-topic memo of compiled writers, with the most recent topic checked first.
///
/// A producer usually writes one topic over and over; comparing the topic with the last one
/// (cheap for equal strings) skips hashing it for the dictionary on every message.
@usableFromInline
struct TopicMemo<Writer: AnyObject & Sendable>: Sendable {
    @usableFromInline
    struct Key: Hashable, Sendable {
        @usableFromInline var topic: String
        @usableFromInline var target: SerdeTarget

        @usableFromInline
        init(topic: String, target: SerdeTarget) {
            self.topic = topic
            self.target = target
        }
    }

    @usableFromInline var lastTopic = ""
    @usableFromInline var lastTarget = SerdeTarget.value
    @usableFromInline var last: Writer?
    @usableFromInline var byTopic: [Key: Writer] = [:]

    @usableFromInline
    init() {}

    /// The writer memoised for `topic` and `target`.
    @inlinable
    mutating func value(topic: String, target: SerdeTarget) -> Writer? {
        if let last, target == lastTarget, topic == lastTopic { return last }
        guard let found = byTopic[Key(topic: topic, target: target)] else { return nil }
        (lastTopic, lastTarget, last) = (topic, target, found)
        return found
    }

    /// Memoises `writer` for `topic` and `target`.
    mutating func set(_ writer: Writer, topic: String, target: SerdeTarget) {
        byTopic[Key(topic: topic, target: target)] = writer
        (lastTopic, lastTarget, last) = (topic, target, writer)
    }
}
