import Protobuf

/// libFuzzer entry point for the `.proto` parser: any text either fails with `ProtoError` or
/// parses into a file whose canonical rendering parses again and renders the same, and whose
/// descriptor can be built or refused with an error. A default is printed as written, and a
/// `bytes` field's unquoted, as Confluent prints them; the registry refuses a default that does
/// not fit its field (as protoc does), so files with such defaults are left out of the round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtoParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let file = try? ProtoParser.parse(text) else { return 0 }
    let canonical = ProtoCanonicalText.render(file)
    _ = ProtoCanonicalText.render(file, normalized: true)
    _ = try? ProtoDescriptorBuilder.serializedDescriptor(of: file, name: "fuzz.proto")
    if canonical.contains("default =") && (canonical.contains("bytes ") || (try? ProtoDescriptorBuilder.validate(file)) == nil) { return 0 }
    guard let again = try? ProtoParser.parse(canonical) else { fatalError("canonical text does not parse:\n\(canonical)") }
    precondition(ProtoCanonicalText.render(again) == canonical, "canonical text is not stable:\n\(canonical)")
    return 0
}
