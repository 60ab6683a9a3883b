/// Turns an ``AvroValue`` into the tree a `Decodable` reads, naming record fields and enum
/// symbols from the schema (the datum stores only positions and indices).
///
/// The datum is checked against the schema on the way, so a hand-built value that does not
/// match fails here with a path rather than confusing `init(from:)`.
struct CodableTreeBuilder {
    let schema: AvroSchema

    func tree(_ value: AvroValue, _ type: AvroType, _ path: inout AvroCodablePath) throws(AvroCodableError) -> CodableTree {
        switch type {
        case .primitive(let p):
            switch (p.kind, value) {
            case (.null, .null): return .null
            case (.boolean, .boolean(let b)): return .bool(b)
            case (.int, .int(let i)): return .signed(Int64(i))
            case (.long, .long(let l)): return .signed(l)
            case (.float, .float(let f)): return .floating(Double(f))
            case (.double, .double(let d)): return .floating(d)
            case (.bytes, .bytes(let b)): return .bytes(b)
            case (.string, .string(let s)): return .string(s)
            default: throw mismatch(value, type, path)
            }
        case .array(let itemType, _):
            guard case .array(let items) = value else { throw mismatch(value, type, path) }
            var trees: [CodableTree] = []
            trees.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                path.push(.index(i))
                trees.append(try tree(item, itemType, &path))
                path.pop()
            }
            return .array(trees)
        case .map(let valueType, _):
            guard case .map(let entries) = value else { throw mismatch(value, type, path) }
            var trees: [(key: String, value: CodableTree)] = []
            trees.reserveCapacity(entries.count)
            for entry in entries {
                path.push(.key(entry.key))
                trees.append((entry.key, try tree(entry.value, valueType, &path)))
                path.pop()
            }
            return .object(trees)
        case .union(let branches):
            guard case .union(let branch, let inner) = value else { throw mismatch(value, type, path) }
            guard branches.indices.contains(branch) else {
                let union = schema.codableDescription(of: type)
                throw failure(path, "union branch \(branch) does not exist in \(union)")
            }
            return try tree(inner, branches[branch], &path)
        case .named(let name):
            switch (schema.types[name], value) {
            case (.record(let record)?, .record(let values)):
                guard values.count == record.fields.count else {
                    throw failure(path, "record \(name) has \(record.fields.count) fields, the value has \(values.count)")
                }
                var trees: [(key: String, value: CodableTree)] = []
                trees.reserveCapacity(values.count)
                for (field, fieldValue) in zip(record.fields, values) {
                    path.push(.key(field.name))
                    trees.append((field.name, try tree(fieldValue, field.type, &path)))
                    path.pop()
                }
                return .object(trees)
            case (.enumeration(let e)?, .enumeration(_, let index)):
                // The index is what Avro encodes, so it decides; the stored symbol is a convenience.
                guard index >= 0, Int(index) < e.symbols.count else {
                    throw failure(path, "enum \(name) has no symbol at index \(index)")
                }
                return .string(e.symbols[Int(index)])
            case (.fixed(let f)?, .fixed(let bytes)):
                guard bytes.count == f.size else {
                    throw failure(path, "fixed \(name) holds exactly \(f.size) bytes, found \(bytes.count)")
                }
                return .bytes(bytes)
            case (nil, _):
                throw failure(path, "the schema does not define \(name)")
            default:
                throw mismatch(value, type, path)
            }
        }
    }

    private func failure(_ path: AvroCodablePath, _ message: String) -> AvroCodableError {
        AvroCodableError(path: path.rendered, message: message)
    }

    private func mismatch(_ value: AvroValue, _ type: AvroType, _ path: AvroCodablePath) -> AvroCodableError {
        failure(path, "expected \(schema.codableDescription(of: type)), found \(value.kindName)")
    }
}
