import Avro
import Testing

/// The primitive promotion matrix of the Avro specification, cell by cell.
@Suite("Avro compatibility: primitive promotions")
struct AvroPromotionCompatibilityTests {
    /// Writer type -> reader types that can read it (besides itself). Written out from the
    /// specification rather than derived from the implementation.
    static let readableBy: [AvroPrimitive: Set<AvroPrimitive>] = [
        .int: [.long, .float, .double],
        .long: [.float, .double],
        .float: [.double],
        .string: [.bytes],
        .bytes: [.string],
    ]

    static let pairs: [(AvroPrimitive, AvroPrimitive)] = AvroPrimitive.allCases.flatMap { reader in
        AvroPrimitive.allCases.map { writer in (reader, writer) }
    }

    @Test("a reader primitive reads a writer primitive only when equal or promotable", arguments: pairs)
    func promotion(reader: AvroPrimitive, writer: AvroPrimitive) throws {
        let found = try incompatibilities(reader: "\"\(reader.rawValue)\"", writer: "\"\(writer.rawValue)\"")
        let allowed = reader == writer || Self.readableBy[writer, default: []].contains(reader)
        if allowed {
            #expect(found == [])
        } else {
            let r = reader.rawValue.uppercased()
            let w = writer.rawValue.uppercased()
            #expect(found == [Found(.typeMismatch, "/", "reader type: \(r) not compatible with writer type: \(w)")])
        }
    }

    @Test("promotions are one-way: a long writer is not readable by an int reader")
    func promotionIsOneWay() throws {
        #expect(try incompatibilities(reader: "\"long\"", writer: "\"int\"") == [])
        #expect(
            try incompatibilities(reader: "\"int\"", writer: "\"long\"")
                == [Found(.typeMismatch, "/", "reader type: INT not compatible with writer type: LONG")])
    }

    @Test("logical types are invisible: decimals of different scale are compatible")
    func logicalTypesIgnored() throws {
        let reader = #"{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}"#
        let writer = #"{"type":"bytes","logicalType":"decimal","precision":4,"scale":0}"#
        #expect(try incompatibilities(reader: reader, writer: writer) == [])
        #expect(try incompatibilities(reader: #"{"type":"long","logicalType":"timestamp-micros"}"#,
                                      writer: #"{"type":"int","logicalType":"date"}"#) == [])
    }

    @Test("complex types never promote")
    func complexTypesMismatch() throws {
        #expect(
            try incompatibilities(reader: #"{"type":"array","items":"int"}"#, writer: #"{"type":"map","values":"int"}"#)
                == [Found(.typeMismatch, "/", "reader type: ARRAY not compatible with writer type: MAP")])
        #expect(
            try incompatibilities(reader: record("R"), writer: "\"string\"")
                == [Found(.typeMismatch, "/", "reader type: RECORD not compatible with writer type: STRING")])
    }

    @Test("array items and map values are checked at /items and /values")
    func containers() throws {
        #expect(try incompatibilities(reader: #"{"type":"array","items":"long"}"#, writer: #"{"type":"array","items":"int"}"#) == [])
        #expect(
            try incompatibilities(reader: #"{"type":"array","items":"int"}"#, writer: #"{"type":"array","items":"long"}"#)
                == [Found(.typeMismatch, "/items", "reader type: INT not compatible with writer type: LONG")])
        #expect(
            try incompatibilities(reader: #"{"type":"map","values":"bytes"}"#, writer: #"{"type":"map","values":"int"}"#)
                == [Found(.typeMismatch, "/values", "reader type: BYTES not compatible with writer type: INT")])
    }
}
