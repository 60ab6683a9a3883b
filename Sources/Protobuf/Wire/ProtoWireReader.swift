/// A cursor over protobuf binary data, whose reads fail with the reason when the bytes are not
/// well-formed: what the dynamic decoder and the descriptor reader walk records with.
struct ProtoWireReader {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position >= bytes.endIndex }

    mutating func varint() throws(ProtoDynamicDecodingError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < bytes.endIndex else { throw ProtoDynamicDecodingError(description: "the message ends inside a number") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return result }
        }
        throw ProtoDynamicDecodingError(description: "a number runs over 10 bytes")
    }

    mutating func fixed(_ size: Int) throws(ProtoDynamicDecodingError) -> UInt64 {
        guard bytes.endIndex - position >= size else { throw ProtoDynamicDecodingError(description: "the message ends inside a fixed-size number") }
        var result: UInt64 = 0
        for i in 0..<size { result |= UInt64(bytes[position + i]) << UInt64(8 * i) }
        position += size
        return result
    }

    mutating func lengthDelimited() throws(ProtoDynamicDecodingError) -> ArraySlice<UInt8> {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - position) else { throw ProtoDynamicDecodingError(description: "a length runs past the end of the message") }
        let start = position
        position += Int(length)
        return bytes[start..<position]
    }

    /// The value of a record of a field the schema does not declare, its bytes as they are
    /// (for a group, everything up to and including its end).
    mutating func raw(wireType: Int, depth: Int = 0) throws(ProtoDynamicDecodingError) -> [UInt8] {
        let start = position
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed(8)
        case 2: _ = try lengthDelimited()
        case 5: _ = try fixed(4)
        case 3:
            guard depth < 100 else { throw ProtoDynamicDecodingError(description: "groups nested deeper than 100 levels") }
            while true {
                guard !isAtEnd else { throw ProtoDynamicDecodingError(description: "a group has no end") }
                let key = try varint()
                if key & 7 == 4 { break }
                _ = try raw(wireType: Int(key & 7), depth: depth + 1)
            }
        default: throw ProtoDynamicDecodingError(description: "wire type \(wireType) is not read")
        }
        return Array(bytes[start..<position])
    }
}
