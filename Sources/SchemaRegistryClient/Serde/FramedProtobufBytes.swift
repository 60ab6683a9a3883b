import SwiftProtobuf

/// The bytes swift-protobuf encodes a message into, with room left in front for the framing
/// prefix (magic byte, schema id, message indexes), so a framed message costs one array
/// rather than the message's own array and a second one to copy it after the prefix.
///
/// swift-protobuf asks its bytes type for storage of exactly the encoded size
/// (`init(repeating:count:)`), so the room is a fixed `headroom`: a prefix shorter than it is
/// written at the end of the room and the unused front removed in place (a move within the
/// array, no allocation); a longer one (an index path of many levels) is framed by copying.
@usableFromInline
struct FramedProtobufBytes: SwiftProtobufContiguousBytes {
    /// The room in front: a 5-byte header and an index list of up to 5 levels of small indexes.
    @inlinable static var headroom: Int { 11 }

    /// The room, then the encoded message.
    @usableFromInline var storage: [UInt8]

    @usableFromInline
    init(repeating: UInt8, count: Int) {
        storage = [UInt8](repeating: repeating, count: Self.headroom + count)
    }

    @usableFromInline
    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        storage = [UInt8](repeating: 0, count: Self.headroom)
        storage.append(contentsOf: sequence)
    }

    @usableFromInline
    var count: Int { storage.count - Self.headroom }

    @usableFromInline
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Self.headroom...])) }
    }

    @usableFromInline
    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBytes { try body(UnsafeMutableRawBufferPointer(rebasing: $0[Self.headroom...])) }
    }

    /// `prefix` followed by the message's bytes, in this storage when the prefix fits the room.
    @inlinable
    consuming func framed(after prefix: [UInt8]) -> [UInt8] {
        let start = Self.headroom - prefix.count
        guard start >= 0 else { return prefix + storage[Self.headroom...] }
        storage.withUnsafeMutableBufferPointer { out in
            prefix.withUnsafeBufferPointer { out.baseAddress!.advanced(by: start).update(from: $0.baseAddress!, count: $0.count) }
        }
        if start > 0 { storage.removeFirst(start) }
        return storage
    }
}
