import JSONModel
import JSONSchema

/// libFuzzer entry point for the JSON Schema loader: any text either fails with
/// `JSONSchemaError` or loads into a document whose canonical text loads again, and whose
/// validator can check instances (the schema itself, and a few fixed ones) without crashing,
/// however its keywords nest or refer to each other.
let instances: [JSONValue] = [
    .null, .bool(true), .string("x"), .array([.integer(1), .string("a")]),
    try! JSONParser().parse(#"{"a":1,"b":[true,{"c":null}],"d":"2026-12-03T00:00:00Z"}"#),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSchema(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let document = try? JSONSchemaDocument(parsing: text) else { return 0 }
    guard (try? JSONSchemaDocument(parsing: document.canonicalText)) != nil else {
        fatalError("canonical text does not load: \(document.canonicalText)")
    }
    let validator = JSONSchemaValidator(document, assertsFormats: true)
    for instance in instances + [document.json] { _ = validator.validate(instance) }
    return 0
}
