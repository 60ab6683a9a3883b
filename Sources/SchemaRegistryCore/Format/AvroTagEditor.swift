import JSONModel

/// Finds Avro records and fields by Confluent's entity path in a schema's JSON and rewrites
/// their `confluent:tags`, as Confluent's `AvroSchemaUtils.findMatchingEntity` and
/// `AvroSchema.modifySchemaTags` do.
///
/// The search is Confluent's breadth-first walk, quirks included: a record matches by its
/// `name` as written, and the namespace part of the path must be empty or equal the **root's**
/// namespace (nested records' own namespaces are not tracked).
enum AvroTagEditor {
    /// Where Confluent's `findMatchingEntity` finds `entity` in a schema's JSON, or `nil`.
    static func find(_ entity: SchemaTagEdits.Entity, in root: JSONValue) -> [JSONPathStep]? {
        var identifiers = entity.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let fieldName = entity.kind == .field ? identifiers.popLast() : nil
        guard let recordName = identifiers.popLast() else { return nil }
        let namespace = identifiers.joined(separator: ".")
        let rootNamespace = root.objectValue?["namespace"].map(text)

        var queue: [[JSONPathStep]] = [[]]
        var next = 0
        while next < queue.count {
            let path = queue[next]
            next += 1
            guard let node = root.value(at: path) else { continue }
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
        return JSONWriter.string(try edits.apply(to: json, locate: AvroTagEditor.find))
    }
}
