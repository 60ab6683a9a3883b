import SwiftProtobuf

/// The message's bytes after the framing prefix, handed to swift-protobuf's decoder as they
/// lie in the framed message instead of copied into an array of their own first.
@usableFromInline
struct ProtobufBodySlice: SwiftProtobufContiguousBytes {
    @usableFromInline var bytes: ArraySlice<UInt8>

    @inlinable
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    @usableFromInline
    init(repeating: UInt8, count: Int) {
        bytes = ArraySlice(repeating: repeating, count: count)
    }

    @usableFromInline
    init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        bytes = ArraySlice(sequence)
    }

    @usableFromInline
    var count: Int { bytes.count }

    @inlinable
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    @usableFromInline
    mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeMutableBytes(body)
    }
}
