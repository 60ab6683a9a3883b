import NIOCore
import PostgresNIO

/// The cells of one result row read in order as raw bytes, for the loader's bulk reads.
///
/// postgres-nio's typed `decode` of a tuple goes through generic metadata, parameter packs
/// and type checks for every cell: at two million rows that was most of a node's start-up.
/// The loader reads each chunk as one row of arrays in binary format
/// (`PostgresBinaryArray`), so it only needs each cell's bytes.
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
}

/// A result row whose cells are not what the loader expects: a database changed by hand
/// or by a newer version.
struct PostgresRowCellError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = "unexpected result row: " + description
    }
}
