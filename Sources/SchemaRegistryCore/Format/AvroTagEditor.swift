import JSONModel

/// Finds Avro records and fields by Confluent's entity path in a schema's JSON and rewrites
/// their `confluent:tags`, as Confluent's `AvroSchemaUtils.findMatchingEntity` and
/// `AvroSchema.modifySchemaTags` do.
///
/// The search is Confluent's breadth-first walk, quirks included: a record matches by its
/// `name` as written, and the namespace part of the path must be empty or equal the **root's**
/// namespace (nested records' own namespaces are not tracked).
enum AvroTagEditor {
    /// One step from a JSON value to a member or element.
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// `json` (a schema's canonical JSON) with `edits` applied.
    static func apply(_ edits: SchemaTagEdits, to json: JSONValue) throws(SchemaParseFailure) -> JSONValue {
        var json = json
        for entity in edits.entities {
            guard let location = find(entity, in: json) else { throw SchemaTagEdits.noMatchingPath(entity.path) }
            var failure: SchemaParseFailure?
            modify(&json, at: location[...]) { node in
                guard case .object(var o) = node else { failure = SchemaTagEdits.noMatchingPath(entity.path); return }
                let existing = (o["confluent:tags"]?.arrayValue ?? []).map { $0.stringValue ?? JSONWriter.string($0) }
                var unique: [String] = []
                for tag in existing where !unique.contains(tag) { unique.append(tag) }
                let tags = edits.tags(of: entity, existing: unique)
                if tags.isEmpty {
                    o["confluent:tags"] = nil
                } else {
                    o["confluent:tags"] = .array(tags.map(JSONValue.string))
                }
                node = .object(o)
            }
            if let failure { throw failure }
        }
        return json
    }

    private static func find(_ entity: SchemaTagEdits.Entity, in root: JSONValue) -> [Step]? {
        var identifiers = entity.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let fieldName = entity.kind == .field ? identifiers.popLast() : nil
        guard let recordName = identifiers.popLast() else { return nil }
        let namespace = identifiers.joined(separator: ".")
        let rootNamespace = root.objectValue?["namespace"].map(text)

        var queue: [[Step]] = [[]]
        var next = 0
        while next < queue.count {
            let path = queue[next]
            next += 1
            guard let node = value(in: root, at: path) else { continue }
            guard case .object(let o) = node, let type = o["type"] else {
                // A union (or anything without a type): its elements, in order.
                switch node {
                case .array(let items): queue += items.indices.map { path + [.index($0)] }
                case .object(let o): queue += o.map { path + [.key($0.key)] }
                default: break
                }
                continue
            }
            switch text(type) {
            case "record":
                if namespace.isEmpty || namespace == rootNamespace, o["name"].map(text) == recordName {
                    guard let fieldName else { return path }
                    let fields = o["fields"]?.arrayValue ?? []
                    return fields.firstIndex { $0.objectValue?["name"].map(text) == fieldName }.map { path + [.key("fields"), .index($0)] }
                }
                queue += (o["fields"]?.arrayValue ?? []).indices.map { path + [.key("fields"), .index($0)] }
            case "array": queue.append(path + [.key("items")])
            case "map": queue.append(path + [.key("values")])
            default: queue.append(path + [.key("type")])
            }
        }
        return nil
    }

    /// Jackson's `asText()`: a string's value, a number's or boolean's text, `""` otherwise.
    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .object, .array, .null: return value.isNull ? "null" : ""
        default: return JSONWriter.string(value)
        }
    }

    private static func value(in root: JSONValue, at path: [Step]) -> JSONValue? {
        var current = root
        for step in path {
            switch (step, current) {
            case (.key(let k), .object(let o)): guard let v = o[k] else { return nil }; current = v
            case (.index(let i), .array(let a)) where a.indices.contains(i): current = a[i]
            default: return nil
            }
        }
        return current
    }

    private static func modify(_ value: inout JSONValue, at path: ArraySlice<Step>, _ change: (inout JSONValue) -> Void) {
        guard let step = path.first else { return change(&value) }
        switch (step, value) {
        case (.key(let k), .object(var o)):
            guard var child = o[k] else { return }
            modify(&child, at: path.dropFirst(), change)
            o[k] = child
            value = .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            modify(&a[i], at: path.dropFirst(), change)
            value = .array(a)
        default:
            return
        }
    }
}

extension ParsedAvroSchema {
    /// The canonical text with `confluent:tags` edited at Confluent's entity paths.
    public func retaggedText(_ edits: SchemaTagEdits) throws(SchemaParseFailure) -> String {
        guard !edits.isEmpty else { return canonicalText }
        let json: JSONValue
        do {
            json = try JSONParser().parse(canonicalText)
        } catch {
            throw SchemaParseFailure(error.description)
        }
        return JSONWriter.string(try AvroTagEditor.apply(edits, to: json))
    }
}
