import SwiftProtobuf

/// A ``ProtobufSerializer`` bound to one topic and schema id (see
/// ``ProtobufSerializer/bind(topic:target:)``).
///
/// Synchronous and lock-free: the id and the message indexes were settled when it was bound,
/// so a producer loop pays only swift-protobuf's encoding and the copy after the prefix.
public struct ProtobufTopicSerializer<M: SwiftProtobuf.Message>: Sendable {
    /// The header and message indexes every message is framed with.
    @usableFromInline let prefix: [UInt8]

    @usableFromInline
    init(prefix: [UInt8]) {
        self.prefix = prefix
    }

    /// The schema id every message is framed with.
    public var schemaId: Int32 {
        Int32(bitPattern: UInt32(prefix[1]) << 24 | UInt32(prefix[2]) << 16 | UInt32(prefix[3]) << 8 | UInt32(prefix[4]))
    }

    /// The framed message for `message`.
    @inlinable
    public func serialize(_ message: M) throws(SerdeError) -> [UInt8] {
        try ProtobufSerializer<M>.frame(message, prefix: prefix)
    }
}

extension ProtobufSerializer {
    /// A serializer fixed to one topic: the schema id and message indexes are settled now
    /// (registered, looked up, or the latest version as of now), so each message costs only
    /// the encoding and the prefix. For producers that write one topic in a tight loop; with
    /// `useLatestVersion`, bind again to pick up a newer version.
    public func bind(topic: String, target: SerdeTarget = .value) async throws(SerdeError) -> ProtobufTopicSerializer<M> {
        ProtobufTopicSerializer(prefix: try await writer(topic: topic, target: target).prefix)
    }
}
