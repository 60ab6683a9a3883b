import JSONModel

extension AvroSchema {
    /// The schema as Confluent rewrites it for `normalize=true`.
    ///
    /// Normalisation makes texts that differ only in presentation register as one schema:
    /// property keys are sorted (a valid logical type's keys first), aliases sorted, empty docs
    /// dropped, defaults given the field type's number kind, and `error` becomes `record`, as
    /// Confluent's `AvroSchemaUtils.toNormalizedString` followed by a re-parse does. Read
    /// `canonicalText` of the result for the stored text.
    public func normalized() -> AvroSchema {
        var types: [String: AvroNamedType] = [:]
        for (name, type) in self.types {
            if referencedTypeNames.contains(name) {
                types[name] = type
                continue
            }
            switch type {
            case .record(var r):
                r.isError = false
                r.doc = r.doc.flatMap { $0.isEmpty ? nil : $0 }
                r.aliases = r.aliases.sorted(by: Self.codePointOrder)
                r.properties = Self.sortedProperties(r.properties, logicalType: nil)
                r.fields = r.fields.map { f in
                    var f = f
                    f.type = normalized(f.type)
                    f.aliases = f.aliases.sorted(by: Self.codePointOrder)
                    f.properties = Self.sortedProperties(f.properties, logicalType: nil)
                    f.defaultValue = f.defaultValue.map { normalizedDefault($0, for: f.type) }
                    return f
                }
                types[name] = .record(r)
            case .enumeration(var e):
                e.doc = e.doc.flatMap { $0.isEmpty ? nil : $0 }
                e.aliases = e.aliases.sorted(by: Self.codePointOrder)
                e.properties = Self.sortedProperties(e.properties, logicalType: nil)
                types[name] = .enumeration(e)
            case .fixed(var f):
                f.doc = f.doc.flatMap { $0.isEmpty ? nil : $0 }
                f.aliases = f.aliases.sorted(by: Self.codePointOrder)
                f.properties = Self.sortedProperties(f.properties, logicalType: f.logicalType)
                types[name] = .fixed(f)
            }
        }
        return AvroSchema(root: normalized(root), types: types, referencedTypeNames: referencedTypeNames)
    }

    private func normalized(_ type: AvroType) -> AvroType {
        switch type {
        case .primitive(var p):
            p.properties = Self.sortedProperties(p.properties, logicalType: p.logicalType)
            return .primitive(p)
        case .array(let items, let props):
            return .array(items: normalized(items), properties: Self.sortedProperties(props, logicalType: nil))
        case .map(let values, let props):
            return .map(values: normalized(values), properties: Self.sortedProperties(props, logicalType: nil))
        case .union(let branches):
            return .union(branches.map { normalized($0) })
        case .named:
            return type
        }
    }

    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        // Java's TreeSet orders by UTF-16 code units; for the BMP that is code-point order.
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// Sorted properties; a valid logical type's keys (`logicalType`, `precision`, and `scale`
    /// when non-zero) come first because Confluent writes them before the sorted rest.
    static func sortedProperties(_ props: JSONObject, logicalType: AvroLogicalType?) -> JSONObject {
        var result = JSONObject()
        if let logicalType {
            result.appendUnchecked("logicalType", props["logicalType"] ?? .string(logicalType.name))
            if case .decimal(let precision, let scale) = logicalType {
                result.appendUnchecked("precision", props["precision"] ?? .integer(Int64(precision)))
                if scale != 0 { result.appendUnchecked("scale", props["scale"] ?? .integer(Int64(scale))) }
            }
        }
        let leading = Set(result.keys)
        for m in props.members.sorted(by: { codePointOrder($0.key, $1.key) }) where !leading.contains(m.key) {
            result.appendUnchecked(m.key, m.value)
        }
        return result
    }

    /// A default as Confluent re-serialises it: numbers take the kind of the type they
    /// default (a float field's `1` becomes `1.0`), following a union's first branch.
    func normalizedDefault(_ value: JSONValue, for type: AvroType) -> JSONValue {
        switch (type, value) {
        case (.union(let branches), _):
            guard let first = branches.first else { return value }
            return normalizedDefault(value, for: first)
        case (.primitive(let p), .integer(let i)) where p.kind == .float:
            return .double(Self.floatAsDouble(Float(i)))
        case (.primitive(let p), .double(let d)) where p.kind == .float:
            return .double(Self.floatAsDouble(Float(d)))
        case (.primitive(let p), .integer(let i)) where p.kind == .double:
            return .double(Double(i))
        case (.array(let items, _), .array(let elements)):
            return .array(elements.map { normalizedDefault($0, for: items) })
        case (.map(let values, _), .object(let object)):
            return .object(JSONObject(object.members.map { .init(key: $0.key, value: normalizedDefault($0.value, for: values)) }))
        case (.named(let name), .object(let object)):
            guard case .record(let record)? = types[name] else { return value }
            return .object(
                JSONObject(
                    object.members.map { m in
                        guard let field = record.fields.first(where: { $0.name == m.key }) else { return m }
                        return .init(key: m.key, value: normalizedDefault(m.value, for: field.type))
                    }))
        default:
            return value
        }
    }

    /// The double whose Java `toString` shows the float's shortest digits (`1.1f` → `1.1`).
    static func floatAsDouble(_ f: Float) -> Double {
        Double(f.description) ?? Double(f)
    }
}
