/// Turns the tree an `Encodable` produced into the ``AvroValue`` a schema describes.
///
/// The schema drives the walk, so every check (range, field set, symbol, size, union branch)
/// happens where the schema says what is allowed, and each failure carries the path of the
/// offending value.
struct AvroValueBuilder {
    let schema: AvroSchema

    func value(_ node: CodableTree, _ type: AvroType, _ path: inout AvroCodablePath) throws(AvroCodableError) -> AvroValue {
        switch type {
        case .primitive(let p):
            return try primitive(node, p, type, &path)
        case .array(let itemType, _):
            let items: [CodableTree]
            switch node {
            case .array(let a): items = a
            case .bytes(let b): items = b.map { .signed(Int64($0)) }
            default: throw mismatch(node, type, path)
            }
            var values: [AvroValue] = []
            values.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                path.push(.index(i))
                values.append(try value(item, itemType, &path))
                path.pop()
            }
            return .array(values)
        case .map(let valueType, _):
            guard case .object(let entries) = node else { throw mismatch(node, type, path) }
            var result: [AvroMapEntry] = []
            result.reserveCapacity(entries.count)
            for entry in entries {
                path.push(.key(entry.key))
                result.append(AvroMapEntry(key: entry.key, value: try value(entry.value, valueType, &path)))
                path.pop()
            }
            return .map(result)
        case .union(let branches):
            return try union(node, branches, type, &path)
        case .named(let name):
            switch schema.types[name] {
            case .record(let record)?:
                return try self.record(node, record, type, &path)
            case .enumeration(let e)?:
                guard case .string(let symbol) = node else { throw mismatch(node, type, path) }
                guard let index = e.symbols.firstIndex(of: symbol), let index32 = Int32(exactly: index) else {
                    let allowed = e.symbols.joined(separator: ", ")
                    throw failure(path, "unknown symbol '\(symbol)' for enum \(name); allowed: \(allowed)")
                }
                return .enumeration(symbol: symbol, index: index32)
            case .fixed(let f)?:
                let bytes = try self.bytes(node, type, &path)
                guard bytes.count == f.size else {
                    throw failure(path, "fixed \(name) holds exactly \(f.size) bytes, found \(bytes.count)")
                }
                return .fixed(bytes)
            case nil:
                throw failure(path, "the schema does not define \(name)")
            }
        }
    }

    // MARK: - Primitives

    private func primitive(
        _ node: CodableTree, _ p: AvroPrimitiveType, _ type: AvroType, _ path: inout AvroCodablePath
    ) throws(AvroCodableError) -> AvroValue {
        switch (p.kind, node) {
        case (.null, .null):
            return .null
        case (.boolean, .bool(let b)):
            return .boolean(b)
        case (.int, .signed(let v)):
            guard let i = Int32(exactly: v) else { throw outOfRange(String(v), type, path) }
            return .int(i)
        case (.int, .unsigned(let v)):
            throw outOfRange(String(v), type, path)
        case (.long, .signed(let v)):
            return .long(v)
        case (.long, .unsigned(let v)):
            throw outOfRange(String(v), type, path)
        case (.float, .signed(let v)):
            return .float(Float(v))
        case (.float, .unsigned(let v)):
            return .float(Float(v))
        case (.float, .floating(let d)):
            let f = Float(d)
            if d.isFinite && !f.isFinite { throw outOfRange(String(d), type, path) }
            return .float(f)
        case (.double, .signed(let v)):
            return .double(Double(v))
        case (.double, .unsigned(let v)):
            return .double(Double(v))
        case (.double, .floating(let d)):
            return .double(d)
        case (.bytes, _):
            return .bytes(try bytes(node, type, &path))
        case (.string, .string(let s)):
            return .string(s)
        default:
            throw mismatch(node, type, path)
        }
    }

    /// The bytes of a `[UInt8]`, or of any unkeyed container of integers in 0...255 (how
    /// Foundation's `Data` and hand-written encoders present bytes).
    private func bytes(
        _ node: CodableTree, _ type: AvroType, _ path: inout AvroCodablePath
    ) throws(AvroCodableError) -> [UInt8] {
        switch node {
        case .bytes(let b):
            return b
        case .array(let items):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard case .signed(let v) = item, let byte = UInt8(exactly: v) else {
                    path.push(.index(i))
                    defer { path.pop() }
                    throw failure(path, "expected a byte (0...255), found \(describe(item))")
                }
                bytes.append(byte)
            }
            return bytes
        default:
            throw mismatch(node, type, path)
        }
    }

    // MARK: - Records

    private func record(
        _ node: CodableTree, _ record: AvroRecord, _ type: AvroType, _ path: inout AvroCodablePath
    ) throws(AvroCodableError) -> AvroValue {
        guard case .object(let entries) = node else { throw mismatch(node, type, path) }
        // Unknown keys first: a misspelt optional field would otherwise vanish into its default.
        var provided: [String: Int] = [:]
        provided.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            guard record.fieldIndex(named: entry.key) != nil else {
                path.push(.key(entry.key))
                defer { path.pop() }
                let fields = record.fields.map(\.name).joined(separator: ", ")
                throw failure(path, "unknown field '\(entry.key)'; record \(record.name.fullName) has fields \(fields)")
            }
            provided[entry.key] = i
        }
        var values: [AvroValue] = []
        values.reserveCapacity(record.fields.count)
        for field in record.fields {
            path.push(.key(field.name))
            if let i = provided[field.name] {
                values.append(try value(entries[i].value, field.type, &path))
            } else {
                values.append(try absent(field, path))
            }
            path.pop()
        }
        return .record(values)
    }

    /// The value of a field the Swift value did not encode: its default, else null when the
    /// type admits it (an Optional left out by `encodeIfPresent`), else an error.
    func absent(_ field: AvroField, _ path: AvroCodablePath) throws(AvroCodableError) -> AvroValue {
        if let json = field.defaultValue {
            do {
                return try AvroJSONCodec.defaultValue(json, for: field.type, in: schema)
            } catch {
                throw failure(path, "the default of field '\(field.name)' is invalid: \(error.message)")
            }
        }
        switch field.type {
        case .primitive(let p) where p.kind == .null:
            return .null
        case .union(let branches):
            if let i = branches.firstIndex(where: Self.isNull) { return .union(branch: i, value: .null) }
        default:
            break
        }
        throw failure(path, "missing field '\(field.name)' of type \(describe(field.type)), which has no default")
    }

    // MARK: - Unions

    /// How well a tree's kind fits a branch: `exact` branches are tried first, `loose` ones
    /// (a string for an enum, an integer for a float) after them, others never.
    private enum Fit {
        case exact, loose, none
    }

    private func union(
        _ node: CodableTree, _ branches: [AvroType], _ type: AvroType, _ path: inout AvroCodablePath
    ) throws(AvroCodableError) -> AvroValue {
        if node.isNull {
            guard let i = branches.firstIndex(where: Self.isNull) else {
                throw failure(path, "null is not allowed: \(describe(type)) has no null branch")
            }
            return .union(branch: i, value: .null)
        }
        let fits = branches.map { fit(node, $0) }
        let candidates = fits.indices.filter { fits[$0] == .exact } + fits.indices.filter { fits[$0] == .loose }
        guard let firstCandidate = candidates.first else {
            throw failure(path, "no branch of \(describe(type)) accepts \(node.kindDescription)")
        }
        var firstError: AvroCodableError?
        let unionPath = path
        for i in candidates {
            do {
                return .union(branch: i, value: try value(node, branches[i], &path))
            } catch {
                if firstError == nil { firstError = error }
                path = unionPath  // a failed trial may leave components pushed
            }
        }
        let error = firstError ?? failure(path, "no branch accepts the value")
        // One plausible branch: its own error is the most precise explanation.
        if candidates.count == 1 { throw error }
        throw failure(
            path, "no branch of \(describe(type)) accepts the value; as \(describe(branches[firstCandidate])): \(error)"
        )
    }

    private func fit(_ node: CodableTree, _ branch: AvroType) -> Fit {
        switch (node, branch) {
        case (_, .union):
            return .none
        case (.object, .map), (.array, .array):
            return .exact
        case (.bytes, .array):
            return .loose
        case (_, .primitive(let p)):
            switch (node, p.kind) {
            case (.bool, .boolean), (.signed, .int), (.signed, .long), (.unsigned, .int), (.unsigned, .long),
                (.floating, .float), (.floating, .double), (.string, .string), (.bytes, .bytes):
                return .exact
            case (.signed, .float), (.signed, .double), (.unsigned, .float), (.unsigned, .double), (.array, .bytes):
                return .loose
            default:
                return .none
            }
        case (_, .named(let name)):
            switch (node, schema.types[name]) {
            case (.object, .record?), (.bytes, .fixed?):
                return .exact
            case (.string, .enumeration?), (.array, .fixed?):
                return .loose
            default:
                return .none
            }
        default:
            return .none
        }
    }

    static func isNull(_ type: AvroType) -> Bool {
        if case .primitive(let p) = type, p.kind == .null { return true }
        return false
    }

    // MARK: - Errors

    private func failure(_ path: AvroCodablePath, _ message: String) -> AvroCodableError {
        AvroCodableError(path: path.rendered, message: message)
    }

    private func describe(_ type: AvroType) -> String {
        schema.codableDescription(of: type)
    }

    private func mismatch(_ node: CodableTree, _ type: AvroType, _ path: AvroCodablePath) -> AvroCodableError {
        failure(path, "expected \(describe(type)), found \(node.kindDescription)")
    }

    func outOfRange(_ number: String, _ type: AvroType, _ path: AvroCodablePath) -> AvroCodableError {
        let range: String
        switch type {
        case .primitive(let p) where p.kind == .int: range = " (\(Int32.min)...\(Int32.max))"
        case .primitive(let p) where p.kind == .long: range = " (\(Int64.min)...\(Int64.max))"
        default: range = ""
        }
        return failure(path, "\(number) is out of range for \(describe(type))\(range)")
    }

    private func describe(_ node: CodableTree) -> String {
        switch node {
        case .signed(let v): return String(v)
        case .unsigned(let v): return String(v)
        default: return node.kindDescription
        }
    }
}
