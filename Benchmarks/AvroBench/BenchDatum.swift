import Avro
import JSONModel

/// Turns one benchmark JSON line into a datum, following the harness conventions (README):
/// nullable unions as plain values, bytes as ISO-8859-1 code points, maps in line order,
/// integers exact. Different from the spec's JSON encoding (which wraps union values), hence a
/// bench-only converter.
struct BenchDatumBuilder {
    let schema: AvroSchema

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func datum(_ json: JSONValue, _ type: AvroType) throws(Failure) -> AvroValue {
        switch type {
        case .primitive(let p):
            switch (p.kind, json) {
            case (.null, .null): return .null
            case (.boolean, .bool(let b)): return .boolean(b)
            case (.int, .integer(let i)):
                guard let v = Int32(exactly: i) else { throw Failure(description: "int out of range: \(i)") }
                return .int(v)
            case (.long, .integer(let l)): return .long(l)
            case (.float, .integer(let i)): return .float(Float(Double(i)))
            case (.float, .double(let d)): return .float(Float(d))
            case (.double, .integer(let i)): return .double(Double(i))
            case (.double, .double(let d)): return .double(d)
            case (.string, .string(let s)): return .string(s)
            case (.bytes, .string(let s)):
                var out: [UInt8] = []
                out.reserveCapacity(s.utf8.count)
                for scalar in s.unicodeScalars {
                    guard scalar.value <= 0xFF else { throw Failure(description: "bytes code point > 255") }
                    out.append(UInt8(scalar.value))
                }
                return .bytes(out)
            default: throw Failure(description: "expected \(p.kind.rawValue), found \(json.kindDescription)")
            }
        case .array(let items, _):
            guard case .array(let values) = json else { throw Failure(description: "expected array") }
            var out: [AvroValue] = []
            out.reserveCapacity(values.count)
            for v in values { out.append(try datum(v, items)) }
            return .array(out)
        case .map(let valueType, _):
            guard case .object(let object) = json else { throw Failure(description: "expected object") }
            var out: [AvroMapEntry] = []
            out.reserveCapacity(object.count)
            for m in object { out.append(AvroMapEntry(key: m.key, value: try datum(m.value, valueType))) }
            return .map(out)
        case .union(let branches):
            for (i, b) in branches.enumerated() {
                let isNullBranch: Bool
                if case .primitive(let p) = b, p.kind == .null { isNullBranch = true } else { isNullBranch = false }
                if isNullBranch == json.isNull { return .union(branch: i, value: try datum(json, b)) }
            }
            throw Failure(description: "no union branch for value")
        case .named(let name):
            switch schema.types[name] {
            case .record(let r)?:
                guard case .object(let object) = json else { throw Failure(description: "expected object for \(name)") }
                var fields: [AvroValue] = []
                fields.reserveCapacity(r.fields.count)
                for f in r.fields {
                    guard let v = object[f.name] else { throw Failure(description: "missing field \(f.name)") }
                    fields.append(try datum(v, f.type))
                }
                return .record(fields)
            case .enumeration(let e)?:
                guard case .string(let s) = json, let i = e.symbols.firstIndex(of: s) else {
                    throw Failure(description: "bad enum value for \(name)")
                }
                return .enumeration(symbol: s, index: Int32(i))
            default:
                throw Failure(description: "unsupported type \(name)")
            }
        }
    }
}
