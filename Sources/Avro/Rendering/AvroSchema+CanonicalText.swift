import JSONModel

extension AvroSchema {
    /// The text Confluent Schema Registry stores and returns for this schema.
    ///
    /// Confluent replaces the text a client registers with Java Avro's `Schema.toString()`:
    /// compact JSON, Avro's key order, namespaces written only where they differ from the
    /// enclosing one, a named type in full at its first occurrence and by name afterwards, and
    /// doc, defaults, aliases, `order` and custom properties kept. Clients compare and cache
    /// this text, and Confluent derives schema identity from it, so it must match byte for byte.
    /// Types that came from schema references are written by name only.
    public var canonicalText: String {
        var writer = AvroJavaStyleWriter(schema: self, inliningReferences: false)
        writer.write(root)
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// The same text with the types taken from schema references written in full at their
    /// first use (Java Avro's plain `Schema.toString()`): a self-contained schema, what
    /// Confluent returns for `?format=resolved`.
    public var resolvedText: String {
        var writer = AvroJavaStyleWriter(schema: self, inliningReferences: true)
        writer.write(root)
        return String(decoding: writer.out, as: UTF8.self)
    }
}

/// Walks a schema the way Java Avro's `Schema.toJson` does.
struct AvroJavaStyleWriter {
    let schema: AvroSchema
    var out: [UInt8] = []
    /// Named types already written in full (references count as written).
    var written: Set<String>
    /// The namespace that short names are relative to at this point of the walk.
    var space: String? = nil

    init(schema: AvroSchema, inliningReferences: Bool) {
        self.schema = schema
        self.written = inliningReferences ? [] : schema.referencedTypeNames
        out.reserveCapacity(256)
    }

    mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

    mutating func key(_ k: String) {
        JSONWriter.writeString(k, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    mutating func stringMember(_ k: String, _ v: String) {
        out.append(UInt8(ascii: ","))
        key(k)
        JSONWriter.writeString(v, to: &out)
    }

    mutating func props(_ properties: JSONObject) {
        for member in properties {
            out.append(UInt8(ascii: ","))
            key(member.key)
            JSONWriter.write(member.value, to: &out)
        }
    }

    mutating func write(_ type: AvroType) {
        switch type {
        case .primitive(let p):
            if p.properties.isEmpty {
                JSONWriter.writeString(p.kind.rawValue, to: &out)
            } else {
                raw("{\"type\":")
                JSONWriter.writeString(p.kind.rawValue, to: &out)
                props(p.properties)
                raw("}")
            }
        case .array(let items, let properties):
            raw("{\"type\":\"array\",\"items\":")
            write(items)
            props(properties)
            raw("}")
        case .map(let values, let properties):
            raw("{\"type\":\"map\",\"values\":")
            write(values)
            props(properties)
            raw("}")
        case .union(let branches):
            raw("[")
            for (i, b) in branches.enumerated() {
                if i > 0 { raw(",") }
                write(b)
            }
            raw("]")
        case .named(let fullName):
            writeNamed(schema.definition(of: fullName))
        }
    }

    /// Java's `Name.getQualified`: short only when the namespaces agree and the short name
    /// could not be mistaken for a type name.
    func qualified(_ name: AvroName, relativeTo enclosing: String?) -> String {
        if let ns = name.namespace, ns == enclosing, !Self.typeNames.contains(name.name) { return name.name }
        return name.fullName
    }

    static let typeNames: Set<String> = [
        "record", "enum", "array", "map", "union", "fixed", "string", "bytes", "int", "long", "float", "double",
        "boolean", "null",
    ]

    mutating func nameMembers(_ name: AvroName) {
        stringMember("name", name.name)
        if let ns = name.namespace {
            if ns != space { stringMember("namespace", ns) }
        } else if space != nil {
            stringMember("namespace", "")
        }
    }

    mutating func aliases(_ aliases: [String], of name: AvroName) {
        guard !aliases.isEmpty else { return }
        raw(",\"aliases\":[")
        for (i, alias) in aliases.enumerated() {
            if i > 0 { raw(",") }
            JSONWriter.writeString(qualified(AvroName(resolving: alias, in: nil), relativeTo: name.namespace), to: &out)
        }
        raw("]")
    }

    mutating func writeNamed(_ type: AvroNamedType) {
        let name = type.name
        if written.contains(name.fullName) {
            JSONWriter.writeString(qualified(name, relativeTo: space), to: &out)
            return
        }
        written.insert(name.fullName)
        switch type {
        case .record(let record):
            let saved = space
            raw(record.isError ? "{\"type\":\"error\"" : "{\"type\":\"record\"")
            nameMembers(name)
            space = name.namespace
            if let doc = record.doc { stringMember("doc", doc) }
            raw(",\"fields\":[")
            for (i, field) in record.fields.enumerated() {
                if i > 0 { raw(",") }
                writeField(field)
            }
            raw("]")
            props(record.properties)
            aliases(record.aliases, of: name)
            raw("}")
            space = saved
        case .enumeration(let e):
            raw("{\"type\":\"enum\"")
            nameMembers(name)
            if let doc = e.doc { stringMember("doc", doc) }
            raw(",\"symbols\":[")
            for (i, symbol) in e.symbols.enumerated() {
                if i > 0 { raw(",") }
                JSONWriter.writeString(symbol, to: &out)
            }
            raw("]")
            if let d = e.defaultSymbol { stringMember("default", d) }
            props(e.properties)
            aliases(e.aliases, of: name)
            raw("}")
        case .fixed(let f):
            raw("{\"type\":\"fixed\"")
            nameMembers(name)
            if let doc = f.doc { stringMember("doc", doc) }
            raw(",\"size\":")
            raw(String(f.size))
            props(f.properties)
            aliases(f.aliases, of: name)
            raw("}")
        }
    }

    mutating func writeField(_ field: AvroField) {
        raw("{\"name\":")
        JSONWriter.writeString(field.name, to: &out)
        raw(",\"type\":")
        write(field.type)
        if let doc = field.doc { stringMember("doc", doc) }
        if let d = field.defaultValue {
            raw(",\"default\":")
            JSONWriter.write(d, to: &out)
        }
        if field.order != .ascending { stringMember("order", field.order.rawValue) }
        if !field.aliases.isEmpty {
            raw(",\"aliases\":[")
            for (i, alias) in field.aliases.enumerated() {
                if i > 0 { raw(",") }
                JSONWriter.writeString(alias, to: &out)
            }
            raw("]")
        }
        props(field.properties)
        raw("}")
    }
}
