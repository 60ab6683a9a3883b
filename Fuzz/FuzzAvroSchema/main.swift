import Avro

/// libFuzzer entry point for the Avro schema parser: any text either fails with
/// `AvroSchemaError` or gives a schema whose canonical text parses again to the same canonical
/// text, and whose Parsing Canonical Form can be computed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAvroSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for options in [AvroParsingOptions.newSchema, .existingSchema] {
        guard let schema = try? AvroSchema(parsing: text, options: options) else { continue }
        let canonical = schema.canonicalText
        _ = schema.parsingCanonicalForm
        guard let again = try? AvroSchema(parsing: canonical, options: options) else { fatalError("canonical text does not parse: \(canonical)") }
        precondition(again.canonicalText == canonical, "canonical text is not stable: \(canonical)")
    }
    return 0
}
