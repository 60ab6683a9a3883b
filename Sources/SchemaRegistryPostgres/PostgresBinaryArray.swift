import NIOCore

/// A one-dimensional array in PostgreSQL's binary format, its elements read in place.
///
/// The loader reads thousands of rows as one row of arrays (`array_agg`): one message and
/// one cell per column instead of one per row and column, which is what made start-up from a
/// large database slow. The format is `array_send`'s: dimension count, a has-nulls flag, the
/// element type, each dimension's length and lower bound, then each element as a 32-bit
/// length (-1 for NULL) and its bytes.
struct PostgresBinaryArray {
    private let buffer: ByteBuffer
    /// Where each element's bytes are in `buffer`; `nil` for NULL.
    private var elements: [Range<Int>?] = []

    /// Reads the array header and locates every element.
    init(_ buffer: ByteBuffer) throws(PostgresRowCellError) {
        self.buffer = buffer
        var reader = buffer
        guard let dimensions = reader.readInteger(as: Int32.self), reader.readInteger(as: Int32.self) != nil,
            reader.readInteger(as: UInt32.self) != nil
        else { throw PostgresRowCellError("an array is shorter than its header") }
        guard dimensions <= 1 else { throw PostgresRowCellError("an array has \(dimensions) dimensions") }
        guard dimensions == 1 else { return }
        guard let length = reader.readInteger(as: Int32.self), reader.readInteger(as: Int32.self) != nil, length >= 0 else {
            throw PostgresRowCellError("an array's dimension is malformed")
        }
        elements.reserveCapacity(Int(length))
        for _ in 0..<length {
            guard let size = reader.readInteger(as: Int32.self) else { throw PostgresRowCellError("an array ends early") }
            if size < 0 {
                elements.append(nil)
                continue
            }
            let start = reader.readerIndex
            guard reader.readableBytes >= Int(size) else { throw PostgresRowCellError("an array element overruns the array") }
            reader.moveReaderIndex(forwardBy: Int(size))
            elements.append(start..<start + Int(size))
        }
    }

    /// How many elements the array has.
    var count: Int { elements.count }

    /// Element `index` as an integer (`int2`, `int4` or `int8`).
    func int(_ index: Int) throws(PostgresRowCellError) -> Int {
        guard let range = elements[index] else { throw PostgresRowCellError("array element \(index) is NULL") }
        switch range.count {
        case 8: return Int(buffer.getInteger(at: range.lowerBound, as: Int64.self)!)
        case 4: return Int(buffer.getInteger(at: range.lowerBound, as: Int32.self)!)
        case 2: return Int(buffer.getInteger(at: range.lowerBound, as: Int16.self)!)
        default: throw PostgresRowCellError("array element \(index) is not an integer (\(range.count) bytes)")
        }
    }

    /// Element `index` as a boolean.
    func bool(_ index: Int) throws(PostgresRowCellError) -> Bool {
        guard let range = elements[index], range.count == 1 else { throw PostgresRowCellError("array element \(index) is not a boolean") }
        return buffer.getInteger(at: range.lowerBound, as: UInt8.self)! != 0
    }

    /// Element `index` as text (its UTF-8 bytes), `nil` for NULL.
    func string(_ index: Int) -> String? {
        elements[index].map { buffer.getString(at: $0.lowerBound, length: $0.count)! }
    }

    /// Element `index` as a buffer sharing this array's storage, `nil` for NULL.
    func bytes(_ index: Int) -> ByteBuffer? {
        elements[index].map { buffer.getSlice(at: $0.lowerBound, length: $0.count)! }
    }

    /// Calls `body` with element `index`'s bytes (empty for NULL), without copying them.
    func withBytes<T>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        guard let range = elements[index] else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return try buffer.withUnsafeReadableBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[(range.lowerBound - buffer.readerIndex)..<(range.upperBound - buffer.readerIndex)]))
        }
    }
}
