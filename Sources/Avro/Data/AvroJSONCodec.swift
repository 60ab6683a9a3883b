import JSONModel

/// The Avro specification's JSON encoding of data, in both directions, for one schema.
///
/// Used for human-facing paths (REST payloads, debugging, field defaults), not for the hot
/// path, so it favours clarity over speed. Conventions, per the specification:
/// - unions are `null` for a null branch and `{"<type name>": value}` otherwise, the name
///   being the full name of a named type or the primitive / `array` / `map` name;
/// - `bytes` and `fixed` are strings whose code points U+0000...U+00FF are the byte values
///   (ISO-8859-1), as Java's `JsonEncoder` writes them;
/// - enums are their symbol strings; records are objects in field order.
///
/// JSON has no NaN or infinities; a `float`/`double` NaN, +Infinity or -Infinity is written as the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"` (Jackson's spelling) and those strings are
/// accepted back, so a round trip is lossless.
public struct AvroJSONCodec: Sendable {
    /// The schema data is encoded with.
    public let schema: AvroSchema

    /// Creates a codec for `schema`.
    public init(schema: AvroSchema) {
        self.schema = schema
    }

    /// Why JSON and a datum do not fit the schema, with a JSON Pointer–style path.
    public struct Error: Swift.Error, Hashable, Sendable, CustomStringConvertible {
        /// Where, e.g. `/meta/attrs/2`.
        public let path: String
        /// What is wrong.
        public let message: String

        /// Creates an error.
        public init(path: String, message: String) {
            self.path = path.isEmpty ? "/" : path
            self.message = message
        }

        public var description: String { "\(path): \(message)" }
    }

    /// The JSON encoding of `value` for the schema's root type.
    public func json(from value: AvroValue) throws(Error) -> JSONValue {
        try AvroJSONCodec.json(value, schema.root, schema, "")
    }

    /// The datum a JSON-encoded value of the schema's root type denotes.
    public func value(from json: JSONValue) throws(Error) -> AvroValue {
        try AvroJSONCodec.value(json, schema.root, schema, "", unionsWrapped: true)
    }

    /// Converts a field default to a datum. Defaults differ from the JSON encoding in one point:
    /// a union default is written unwrapped and denotes the first branch it is a value of.
    public static func defaultValue(_ json: JSONValue, for type: AvroType, in schema: AvroSchema) throws(Error) -> AvroValue {
        try value(json, type, schema, "", unionsWrapped: false)
    }

    // MARK: - Datum to JSON

    static func json(_ value: AvroValue, _ type: AvroType, _ schema: AvroSchema, _ path: String) throws(Error) -> JSONValue {
        func mismatch() -> Error { Error(path: path, message: "expected \(describe(type, schema)), found \(value.kindName)") }
        switch type {
        case .primitive(let p):
            switch (p.kind, value) {
            case (.null, .null): return .null
            case (.boolean, .boolean(let b)): return .bool(b)
            case (.int, .int(let i)): return .integer(Int64(i))
            case (.long, .long(let l)): return .integer(l)
            case (.float, .float(let f)): return number(Double(f))
            case (.double, .double(let d)): return number(d)
            case (.bytes, .bytes(let b)): return .string(latin1(b))
            case (.string, .string(let s)): return .string(s)
            default: throw mismatch()
            }
        case .array(let items, _):
            guard case .array(let values) = value else { throw mismatch() }
            var out: [JSONValue] = []
            out.reserveCapacity(values.count)
            for (i, v) in values.enumerated() { out.append(try json(v, items, schema, path + "/\(i)")) }
            return .array(out)
        case .map(let valueType, _):
            guard case .map(let entries) = value else { throw mismatch() }
            var object = JSONObject()
            for e in entries { object[e.key] = try json(e.value, valueType, schema, path + "/" + e.key) }
            return .object(object)
        case .union(let branches):
            guard case .union(let b, let inner) = value, b >= 0, b < branches.count else { throw mismatch() }
            let branch = branches[b]
            if case .primitive(let p) = branch, p.kind == .null { return .null }
            let name = typeName(branch)
            var object = JSONObject()
            object.appendUnchecked(name, try json(inner, branch, schema, path + "/" + name))
            return .object(object)
        case .named(let name):
            switch schema.types[name] {
            case .record(let r)?:
                guard case .record(let fields) = value, fields.count == r.fields.count else { throw mismatch() }
                var object = JSONObject()
                for (f, v) in zip(r.fields, fields) {
                    object.appendUnchecked(f.name, try json(v, f.type, schema, path + "/" + f.name))
                }
                return .object(object)
            case .enumeration(let e)?:
                guard case .enumeration(_, let i) = value, i >= 0, Int(i) < e.symbols.count else { throw mismatch() }
                return .string(e.symbols[Int(i)])
            case .fixed(let f)?:
                guard case .fixed(let b) = value, b.count == f.size else { throw mismatch() }
                return .string(latin1(b))
            case nil:
                throw Error(path: path, message: "undefined type \(name)")
            }
        }
    }

    static func number(_ d: Double) -> JSONValue {
        if d.isNaN { return .string("NaN") }
        if d.isInfinite { return .string(d < 0 ? "-Infinity" : "Infinity") }
        return .double(d)
    }

    static func latin1(_ bytes: [UInt8]) -> String {
        var s = String()
        s.unicodeScalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return s
    }

    /// The union-branch key: full name for named types, otherwise the type's name.
    static func typeName(_ type: AvroType) -> String {
        switch type {
        case .primitive(let p): return p.kind.rawValue
        case .array: return "array"
        case .map: return "map"
        case .union: return "union"
        case .named(let n): return n
        }
    }

    static func describe(_ type: AvroType, _ schema: AvroSchema) -> String {
        if case .named(let n) = type { return type.typeName(in: schema).lowercased() + " " + n }
        return typeName(type)
    }

    // MARK: - JSON to datum

    static func value(
        _ json: JSONValue, _ type: AvroType, _ schema: AvroSchema, _ path: String, unionsWrapped: Bool
    ) throws(Error) -> AvroValue {
        func mismatch() -> Error { Error(path: path, message: "expected \(describe(type, schema)), found \(json.kindDescription)") }
        switch type {
        case .primitive(let p):
            switch (p.kind, json) {
            case (.null, .null): return .null
            case (.boolean, .bool(let b)): return .boolean(b)
            case (.int, .integer(let i)):
                guard let v = Int32(exactly: i) else { throw Error(path: path, message: "\(i) does not fit an int") }
                return .int(v)
            case (.long, .integer(let l)): return .long(l)
            case (.float, _):
                guard let d = real(json) else { throw mismatch() }
                return .float(Float(d))
            case (.double, _):
                guard let d = real(json) else { throw mismatch() }
                return .double(d)
            case (.bytes, .string(let s)):
                return .bytes(try bytes(s, path))
            case (.string, .string(let s)): return .string(s)
            default: throw mismatch()
            }
        case .array(let items, _):
            guard case .array(let values) = json else { throw mismatch() }
            var out: [AvroValue] = []
            out.reserveCapacity(values.count)
            for (i, v) in values.enumerated() {
                out.append(try value(v, items, schema, path + "/\(i)", unionsWrapped: unionsWrapped))
            }
            return .array(out)
        case .map(let valueType, _):
            guard case .object(let object) = json else { throw mismatch() }
            var entries: [AvroMapEntry] = []
            entries.reserveCapacity(object.count)
            for m in object {
                entries.append(AvroMapEntry(
                    key: m.key, value: try value(m.value, valueType, schema, path + "/" + m.key, unionsWrapped: unionsWrapped)))
            }
            return .map(entries)
        case .union(let branches):
            if !unionsWrapped {
                // A default denotes the first branch it is a value of (Avro 1.12 lets it match
                // any branch; before, only the first was allowed, which this also covers).
                var firstFailure: Error? = nil
                for (i, branch) in branches.enumerated() {
                    do {
                        return .union(branch: i, value: try value(json, branch, schema, path, unionsWrapped: false))
                    } catch {
                        if firstFailure == nil { firstFailure = error }
                    }
                }
                throw firstFailure ?? mismatch()
            }
            if let i = branches.firstIndex(where: { if case .primitive(let p) = $0 { return p.kind == .null } else { return false } }),
               case .null = json {
                return .union(branch: i, value: .null)
            }
            guard case .object(let object) = json, object.count == 1 else { throw mismatch() }
            let member = object[0]
            guard let i = branches.firstIndex(where: { typeName($0) == member.key }) else {
                throw Error(path: path, message: "the union has no branch \(member.key)")
            }
            return .union(branch: i, value: try value(member.value, branches[i], schema, path + "/" + member.key, unionsWrapped: true))
        case .named(let name):
            switch schema.types[name] {
            case .record(let r)?:
                guard case .object(let object) = json else { throw mismatch() }
                var fields: [AvroValue] = []
                fields.reserveCapacity(r.fields.count)
                for f in r.fields {
                    if let v = object[f.name] {
                        fields.append(try value(v, f.type, schema, path + "/" + f.name, unionsWrapped: unionsWrapped))
                    } else if let d = f.defaultValue {
                        fields.append(try value(d, f.type, schema, path + "/" + f.name, unionsWrapped: false))
                    } else {
                        throw Error(path: path + "/" + f.name, message: "missing field \(f.name) without default")
                    }
                }
                return .record(fields)
            case .enumeration(let e)?:
                guard case .string(let s) = json else { throw mismatch() }
                guard let i = e.symbols.firstIndex(of: s) else { throw Error(path: path, message: "\(s) is not a symbol of \(name)") }
                return .enumeration(symbol: s, index: Int32(i))
            case .fixed(let f)?:
                guard case .string(let s) = json else { throw mismatch() }
                let b = try bytes(s, path)
                guard b.count == f.size else { throw Error(path: path, message: "fixed \(name) needs \(f.size) bytes, found \(b.count)") }
                return .fixed(b)
            case nil:
                throw Error(path: path, message: "undefined type \(name)")
            }
        }
    }

    static func real(_ json: JSONValue) -> Double? {
        switch json {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: return nil
        }
    }

    static func bytes(_ s: String, _ path: String) throws(Error) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            guard scalar.value <= 0xFF else {
                throw Error(path: path, message: "bytes must be code points up to U+00FF, found U+\(String(scalar.value, radix: 16, uppercase: true))")
            }
            out.append(UInt8(scalar.value))
        }
        return out
    }
}
