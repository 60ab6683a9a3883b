@testable import Avro
import JSONModel

/// Shared helpers so each test states a schema, a datum and the bytes the specification demands.
func schema(_ text: String) throws -> AvroSchema {
    try AvroSchema(parsing: text)
}

func encoded(_ schemaText: String, _ value: AvroValue) throws -> [UInt8] {
    try AvroDatumWriter(schema: schema(schemaText)).encode(value)
}

func decoded(_ schemaText: String, _ bytes: [UInt8]) throws -> AvroValue {
    try AvroDatumReader(schema: schema(schemaText)).decode(bytes)
}

/// The decoding error for `bytes`, or `nil` if they decode.
func decodingError(_ reader: AvroDatumReader, _ bytes: [UInt8]) -> AvroDecodingError? {
    do {
        _ = try reader.decode(bytes)
        return nil
    } catch {
        return error
    }
}

/// The case name of an error (`truncated`, `invalidVarint`, ...), so tests can ignore offsets.
func caseName(_ error: AvroDecodingError?) -> String? {
    error.map { String(String(describing: $0).prefix { $0 != "(" }) }
}

/// Reads data written with `writerText` as `readerText`.
func resolved(writer writerText: String, reader readerText: String, _ value: AvroValue) throws -> AvroValue {
    let w = try schema(writerText)
    let bytes = try AvroDatumWriter(schema: w).encode(value)
    return try AvroDatumReader(writer: w, reader: schema(readerText)).decode(bytes)
}

let linkedListSchema = """
{"type":"record","name":"LongList","fields":[
  {"name":"value","type":"long"},
  {"name":"next","type":["null","LongList"]}]}
"""

/// A linked list of `values` as LongList datums.
func linkedList(_ values: [Int64]) -> AvroValue {
    var tail = AvroValue.union(branch: 0, value: .null)
    for v in values.reversed() {
        tail = .union(branch: 1, value: .record([.long(v), tail]))
    }
    return tail.unwrappedUnion
}
