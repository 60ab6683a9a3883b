import Avro

/// libFuzzer entry point for the Avro binary decoder, which reads whatever a producer put in a
/// message: the first byte picks one of a few schemas covering every type, the rest is decoded
/// as a datum of it. Any bytes either decode or fail with `AvroDecodingError`, within the
/// decoder's depth and size bounds.
let schemas: [AvroDatumReader] = [
    #""string""#, #""long""#, #""double""#, #"{"type":"bytes","logicalType":"decimal","precision":20,"scale":4}"#,
    #"{"type":"array","items":["null","string",{"type":"map","values":"int"}]}"#,
    #"{"type":"record","name":"Node","fields":[{"name":"value","type":"int"},{"name":"next","type":["null","Node"]}]}"#,
    #"""
    {"type":"record","name":"Event","namespace":"fuzz","fields":[
      {"name":"id","type":{"type":"fixed","name":"Id","size":16}},
      {"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B","C"]}},
      {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
      {"name":"tags","type":{"type":"map","values":{"type":"array","items":"string"}}},
      {"name":"score","type":["null","float","double","boolean"]},
      {"name":"payload","type":"bytes"},
      {"name":"uuid","type":{"type":"string","logicalType":"uuid"}}]}
    """#,
].map { AvroDatumReader(schema: try! AvroSchema(parsing: $0)) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAvroBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let reader = schemas[Int(data[0]) % schemas.count]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    _ = try? reader.decode(body)
    _ = try? reader.decode(body, allowingTrailingBytes: true)
    return 0
}
