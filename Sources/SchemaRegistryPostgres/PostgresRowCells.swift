import NIOCore
import PostgresNIO

/// The cells of one result row read in order as raw bytes, for the loader's bulk reads.
///
/// postgres-nio's typed `decode` of a tuple goes through generic metadata, parameter packs
/// and type checks for every cell: at two million rows that was most of a node's start-up.
/// Results come in binary format, so the few column types the loader reads (integers,
/// booleans, text and bytes) are taken straight from the cell's bytes.
struct PostgresRowCells {
    private var iterator: PostgresRow.Iterator
    private var index = 0

    init(_ row: PostgresRow) {
        iterator = row.makeIterator()
    }

    /// The next cell's bytes, `nil` for SQL NULL.
    mutating func bytes() throws(PostgresRowCellError) -> ByteBuffer? {
        guard let cell = iterator.next() else { throw PostgresRowCellError("row has no column \(index)") }
        index += 1
        guard cell.format == .binary || cell.bytes == nil else {
            throw PostgresRowCellError("column \(cell.columnName) is not in binary format")
        }
        return cell.bytes
    }

    /// The next cell's bytes; NULL is an error.
    mutating func nonNullBytes() throws(PostgresRowCellError) -> ByteBuffer {
        guard let value = try bytes() else { throw PostgresRowCellError("column \(index - 1) is NULL") }
        return value
    }

    /// The next cell as an integer: `int2`, `int4` or `int8` (binary: big-endian, of the
    /// column's width).
    mutating func int() throws(PostgresRowCellError) -> Int {
        let value = try nonNullBytes()
        switch value.readableBytes {
        case 8: return Int(value.getInteger(at: value.readerIndex, as: Int64.self)!)
        case 4: return Int(value.getInteger(at: value.readerIndex, as: Int32.self)!)
        case 2: return Int(value.getInteger(at: value.readerIndex, as: Int16.self)!)
        default: throw PostgresRowCellError("column \(index - 1) is not an integer (\(value.readableBytes) bytes)")
        }
    }

    /// The next cell as a boolean (one byte, non-zero for true).
    mutating func bool() throws(PostgresRowCellError) -> Bool {
        let value = try nonNullBytes()
        guard value.readableBytes == 1 else { throw PostgresRowCellError("column \(index - 1) is not a boolean") }
        return value.getInteger(at: value.readerIndex, as: UInt8.self)! != 0
    }

    /// The next cell as text, `nil` for NULL (binary text is its UTF-8 bytes).
    mutating func optionalString() throws(PostgresRowCellError) -> String? {
        try bytes().map { String(buffer: $0) }
    }

    /// The next cell as text; NULL is an error.
    mutating func string() throws(PostgresRowCellError) -> String {
        String(buffer: try nonNullBytes())
    }
}

/// A result row whose cells are not what the loader expects: a database changed by hand
/// or by a newer version.
struct PostgresRowCellError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = "unexpected result row: " + description
    }
}
