/// Protobuf's binary building blocks, written into a byte array: base-128 varints and field
/// tags (custom option values, message indexes).
enum ProtoWireWriter {
    /// `value` as a varint: seven bits a byte, low bits first, the high bit set on all but the last.
    static func varint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    /// The key of a record of field `number` with `wireType`.
    static func tag(_ number: Int, wireType: UInt64, to out: inout [UInt8]) {
        varint(UInt64(number) << 3 | wireType, to: &out)
    }

    /// `value` zig-zag encoded (small magnitudes small, whatever the sign), as a varint.
    static func zigZag(_ value: Int64, to out: inout [UInt8]) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &out)
    }
}
