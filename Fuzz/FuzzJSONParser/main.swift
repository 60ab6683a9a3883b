import JSONModel

/// libFuzzer entry point for the JSON parser that every schema format and request body goes
/// through: any bytes either fail with `JSONParseError` or parse to a value that writes out
/// and parses back to itself. Numbers beyond a double's range parse to infinities, which the
/// writer spells as Java does (`Infinity`, not JSON), so those values are not written back.
/// Built by scripts/fuzz (`swift build --sanitize=fuzzer`); a plain build makes a program that
/// does nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONParser().parse(utf8: bytes), isFinite(value) else { return 0 }
    let written = JSONWriter.string(value)
    guard let again = try? JSONParser().parse(written) else { fatalError("written JSON does not parse: \(written)") }
    precondition(again == value, "JSON changed on a round trip: \(written)")
    return 0
}

func isFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .double(let d): d.isFinite
    case .array(let items): items.allSatisfy(isFinite)
    case .object(let object): object.members.allSatisfy { isFinite($0.value) }
    case .null, .bool, .integer, .string: true
    }
}
