import JSONModel

/// A part of a JSON Schema carrying inline tags (`confluent:tags`): an object schema (a
/// record) or a property (a field), at Confluent's entity path.
public struct JSONSchemaTaggedEntity: Hashable, Sendable {
    /// Whether the tags sit on an object schema or on one of its properties.
    public enum Kind: Hashable, Sendable {
        case record, field
    }

    /// Confluent's path: `object`, `object.address`, `object.items.array.object`,
    /// `anyof.1.object`, `object.definitions.Address.object`.
    public var path: String
    public var kind: Kind
    /// The tags, in the schema's order, without duplicates.
    public var tags: [String]

    /// Creates an entity.
    public init(path: String, kind: Kind, tags: [String]) {
        self.path = path
        self.kind = kind
        self.tags = tags
    }
}

/// Finds the tagged records and fields of a JSON Schema as Confluent's
/// `JsonSchema.inlineTaggedEntities()` names them, for `?findTags=`.
///
/// Paths follow everit's object model, not the JSON: a schema with several kinds of keywords is
/// a synthetic `allOf`, `"type": [..]` an `anyOf`, and the subschemas of a combined schema are
/// numbered in Confluent's comparator order (kind, title, description, default, then per kind),
/// not as written, so that reordering them does not move a tag. `$ref`s are not followed;
/// `definitions` are read as schemas of their own, and `$defs` too in 2019-09 and 2020-12
/// (Confluent's translation keeps them as schemas).
public enum JSONSchemaTagFinder {
    /// The tagged entities of `root`, in walk order; a path found twice keeps its first
    /// position and its last tags, as Confluent's `LinkedHashMap` does.
    ///
    /// - Parameter resolver: supplies documents that `$ref`s name (schema references), which
    ///   the comparator may need to order subschemas.
    public static func taggedEntities(
        in root: JSONValue, resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }
    ) throws(JSONSchemaCompatibilityError) -> [JSONSchemaTaggedEntity] {
        let loader = CompatSchemaLoader(root: root, resolver: resolver)
        var walk = TagWalk(modern: JSONSchemaDraft(detectingIn: root).isModern)
        let node = try loader.loadRoot()
        if walk.modern, var source = node.source, let definitions = source["definitions"]?.objectValue {
            // Confluent bridges top-level `definitions` into `$defs` before translating.
            var defs = source["$defs"]?.objectValue ?? JSONObject()
            for member in definitions where defs[member.key] == nil { defs[member.key] = member.value }
            source["$defs"] = .object(defs)
            node.source = source
        }
        try walk.visit(node, scope: "", inField: false, loader: loader)
        return walk.entities
    }
}

/// The state of one walk: entities found so far and the object paths already visited.
private struct TagWalk {
    let modern: Bool
    var entities: [JSONSchemaTaggedEntity] = []
    private var positions: [String: Int] = [:]
    private var visited: Set<String> = []

    init(modern: Bool) { self.modern = modern }

    mutating func visit(_ node: CompatNode, scope: String, inField: Bool, loader: CompatSchemaLoader) throws(JSONSchemaCompatibilityError) {
        switch node.kind {
        case .combined(let criterion, let subschemas):
            let scoped = scope + criterion.rawValue.lowercased()
            for (i, sub) in CompatOrder.sorted(subschemas).enumerated() {
                try visit(sub, scope: "\(scoped).\(i).", inField: false, loader: loader)
            }
        case .array(let array):
            if let items = array.allItemSchema { try visit(items, scope: scope + "array.", inField: false, loader: loader) }
        case .object(let object):
            let scoped = scope + "object"
            guard visited.insert(scoped).inserted else { return }
            if !inField { record(scoped, .record, Self.tags(of: node)) }
            for property in JavaHashMapOrder.sorted(object.properties, key: \.name) {
                let path = scoped + "." + property.name
                record(path, .field, Self.tags(of: property.schema))
                try visit(property.schema, scope: path + ".", inField: true, loader: loader)
            }
            try visitDefinitions(of: node, scope: scoped + ".", loader: loader)
        case .conditional(let conditional):
            let scoped = scope + "conditional"
            if let s = conditional.ifSchema { try visit(s, scope: scoped + ".if.", inField: false, loader: loader) }
            if let s = conditional.thenSchema { try visit(s, scope: scoped + ".then.", inField: false, loader: loader) }
            if let s = conditional.elseSchema { try visit(s, scope: scoped + ".else.", inField: false, loader: loader) }
        case .not(let negated):
            try visit(negated, scope: scope + "not.", inField: false, loader: loader)
        default:
            break
        }
    }

    /// `definitions` (each read on its own, its `$ref`s made local, as Confluent re-parses
    /// them) and, in 2019-09/2020-12, `$defs`.
    private mutating func visitDefinitions(of node: CompatNode, scope: String, loader: CompatSchemaLoader) throws(JSONSchemaCompatibilityError) {
        guard let source = node.source else { return }
        if let definitions = source["definitions"]?.objectValue {
            for member in JavaHashMapOrder.sorted(definitions.members, key: \.key)
            where member.value.objectValue != nil || member.value.arrayValue != nil {
                let standalone = Self.localizingReferences(member.value)
                let definitionLoader = CompatSchemaLoader(root: standalone, resolver: { _ in nil })
                guard let root = try? definitionLoader.loadRoot() else { continue }
                try visit(root, scope: scope + "definitions." + member.key + ".", inField: false, loader: definitionLoader)
            }
        }
        if modern, let defs = source["$defs"]?.objectValue {
            for member in JavaHashMapOrder.sorted(defs.members, key: \.key) {
                let definition = try loader.build(member.value, document: "", path: "#/$defs/\(member.key)")
                try visit(definition, scope: scope + "$defs." + member.key + ".", inField: false, loader: loader)
            }
        }
    }

    private mutating func record(_ path: String, _ kind: JSONSchemaTaggedEntity.Kind, _ tags: [String]) {
        guard !tags.isEmpty else { return }
        let entity = JSONSchemaTaggedEntity(path: path, kind: kind, tags: tags)
        if let p = positions[path] {
            entities[p] = entity
        } else {
            positions[path] = entities.count
            entities.append(entity)
        }
    }

    /// A node's `confluent:tags`, as Java's `toString()` of each element.
    private static func tags(of node: CompatNode) -> [String] {
        guard let values = node.source?["confluent:tags"]?.arrayValue else { return [] }
        var seen: Set<String> = []
        return values.map(CompatOrder.javaString).filter { seen.insert($0).inserted }
    }

    /// Every `$ref` replaced by `#`: Confluent does this before parsing a definition alone.
    private static func localizingReferences(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var o):
            for member in o { o[member.key] = member.key == "$ref" ? .string("#") : localizingReferences(member.value) }
            return .object(o)
        case .array(let a):
            return .array(a.map(localizingReferences))
        default:
            return value
        }
    }
}

/// Confluent's `JsonSchemaComparator`, which orders the subschemas of a combined schema.
enum CompatOrder {
    /// `nodes` in comparator order; equal ones keep their order (Java's sort is stable).
    static func sorted(_ nodes: [CompatNode]) -> [CompatNode] {
        sortedIndices(nodes).map { nodes[$0] }
    }

    /// The positions of `nodes` in comparator order (a `nil`, a schema that could not be
    /// modelled, sorts first, as Java's `null`); equal ones keep their order.
    static func sortedIndices(_ nodes: [CompatNode?]) -> [Int] {
        nodes.indices.sorted { a, b in
            let c = compare(nodes[a], nodes[b], depth: 0)
            return c != 0 ? c < 0 : a < b
        }
    }

    /// everit's class names in alphabetical order (Confluent's `SchemaType` enum).
    private static func rank(_ c: CompatClass) -> Int {
        switch c {
        case .array: return 0
        case .boolean: return 1
        case .combined: return 2
        case .conditional: return 3
        case .const: return 4
        case .empty: return 5
        case .enumeration: return 6
        case .falseSchema: return 7
        case .not: return 8
        case .null: return 9
        case .number: return 10
        case .object: return 11
        case .reference: return 12
        case .string: return 13
        case .trueSchema: return 14
        }
    }

    /// Recursion through `$ref`s stops here, where Java would overflow its stack.
    private static let depthLimit = 64

    static func compare(_ a: CompatNode?, _ b: CompatNode?, depth: Int) -> Int {
        guard let a, let b else { return a == nil ? (b == nil ? 0 : -1) : 1 }
        if a === b || depth > depthLimit { return 0 }
        var c = rank(a.schemaClass) - rank(b.schemaClass)
        if c != 0 { return c }
        c = compare(a.title, b.title)
        if c != 0 { return c }
        c = compare(a.description, b.description)
        if c != 0 { return c }
        c = compare(a.defaultValue.map(javaString), b.defaultValue.map(javaString))
        if c != 0 { return c }
        switch (a.kind, b.kind) {
        case (.const(let x), .const(let y)):
            return compare(javaString(x), javaString(y))
        case (.enumeration(let x), .enumeration(let y)):
            return compare(x.map(javaString), y.map(javaString))
        case (.combined(let cx, let sx), .combined(let cy, let sy)):
            c = compare(cx.rawValue.lowercased(), cy.rawValue.lowercased())
            if c != 0 { return c }
            c = sx.count - sy.count
            if c != 0 { return c }
            for (x, y) in zip(sorted(sx), sorted(sy)) {
                c = compare(x, y, depth: depth + 1)
                if c != 0 { return c }
            }
            return 0
        case (.not(let x), .not(let y)):
            return compare(x, y, depth: depth + 1)
        case (.conditional(let x), .conditional(let y)):
            // A missing branch compares as the empty schema.
            let empty = CompatNode(kind: .empty, identity: .object(JSONObject()))
            for (p, q) in [(x.ifSchema, y.ifSchema), (x.thenSchema, y.thenSchema), (x.elseSchema, y.elseSchema)] {
                c = compare(p ?? empty, q ?? empty, depth: depth + 1)
                if c != 0 { return c }
            }
            return 0
        case (.object(let x), .object(let y)):
            c = compare(x.properties.map(\.name), y.properties.map(\.name))
            if c != 0 { return c }
            return compare(x.required, y.required)
        case (.array(let x), .array(let y)):
            return compare(x.allItemSchema, y.allItemSchema, depth: depth + 1)
        case (.reference(let x), .reference(let y)):
            return compare(x.target, y.target, depth: depth + 1)
        default:
            return 0
        }
    }

    /// Java's natural string order (UTF-16 code units), `nil` first.
    private static func compare(_ a: String?, _ b: String?) -> Int {
        guard let a, let b else { return a == nil ? (b == nil ? 0 : -1) : 1 }
        var x = a.utf16.makeIterator()
        var y = b.utf16.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?) where p != q: return Int(p) - Int(q)
            default: continue
            }
        }
    }

    /// Confluent's `compareCollections`: size first, then the sorted string forms.
    private static func compare(_ a: [String], _ b: [String]) -> Int {
        if a.count != b.count { return a.count - b.count }
        let x = a.sorted { compare($0, $1) < 0 }
        let y = b.sorted { compare($0, $1) < 0 }
        for (p, q) in zip(x, y) {
            let c = compare(p, q)
            if c != 0 { return c }
        }
        return 0
    }

    /// A value as Java's `toString()` writes it: strings bare, everything else as JSON.
    static func javaString(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.string(value)
    }
}

extension JSONSchemaTagFinder {
    /// Where Confluent's `JsonSchemaUtils.findMatchingEntity` finds the object of an entity
    /// path in a schema's JSON (the object schema of a record, the property schema of a
    /// field), or `nil`.
    ///
    /// This is Confluent's own walk over the raw JSON, not the model's: `object.` steps into
    /// `properties` (or `definitions`/`$defs`), joining path words with dots until a property
    /// of that name exists; a combined schema's index counts its members in comparator order,
    /// each member loaded on its own.
    public static func location(of path: String, isRecord: Bool, in root: JSONValue) -> [JSONPathStep]? {
        var words = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...]
        return locate(root, at: [], words: &words, isRecord: isRecord)
    }

    private static func locate(_ node: JSONValue?, at location: [JSONPathStep], words: inout ArraySlice<String>, isRecord: Bool) -> [JSONPathStep]? {
        guard let node, let word = words.popFirst() else { return nil }
        let o = node.objectValue
        switch word {
        case "object":
            if isRecord && words.isEmpty { return location }
            guard let next = words.first else { return nil }
            var container = "properties"
            if next == "definitions" || next == "$defs" {
                container = next
                words.removeFirst()
            }
            guard let (member, found) = member(of: o?[container], words: &words) else { return nil }
            let memberLocation = location + [.key(container), .key(member)]
            return words.isEmpty ? memberLocation : locate(found, at: memberLocation, words: &words, isRecord: isRecord)
        case "array":
            return locate(o?["items"], at: location + [.key("items")], words: &words, isRecord: isRecord)
        case "anyof":
            if o?["anyOf"] != nil { return member(ofCombined: "anyOf", node, at: location, words: &words, isRecord: isRecord) }
            _ = words.popFirst()  // `"type": [..]`: the index is not used
            return locate(node, at: location, words: &words, isRecord: isRecord)
        case "allof":
            if o?["allOf"] != nil { return member(ofCombined: "allOf", node, at: location, words: &words, isRecord: isRecord) }
            _ = words.popFirst()
            if words.first == "conditional" {
                words.removeFirst()
                guard let branch = words.popFirst() else { return nil }
                return locate(o?[branch], at: location + [.key(branch)], words: &words, isRecord: isRecord)
            }
            return locate(node, at: location, words: &words, isRecord: isRecord)
        case "oneof":
            return member(ofCombined: "oneOf", node, at: location, words: &words, isRecord: isRecord)
        case "not":
            return locate(o?["not"], at: location + [.key("not")], words: &words, isRecord: isRecord)
        default:
            return nil
        }
    }

    /// Confluent's `findNodeFromNameBuilder`: the first words, joined by dots until a member of
    /// that name exists in `container`.
    private static func member(of container: JSONValue?, words: inout ArraySlice<String>) -> (String, JSONValue)? {
        guard let o = container?.objectValue, var name = words.popFirst() else { return nil }
        while o[name] == nil, let word = words.popFirst() { name += "." + word }
        return o[name].map { (name, $0) }
    }

    private static func member(
        ofCombined keyword: String, _ node: JSONValue, at location: [JSONPathStep], words: inout ArraySlice<String>, isRecord: Bool
    ) -> [JSONPathStep]? {
        guard let index = words.popFirst().flatMap({ Int($0) }), let members = node.objectValue?[keyword]?.arrayValue else { return nil }
        // Confluent's `JsonNodeComparator` loads each member on its own before comparing.
        let order = CompatOrder.sortedIndices(members.map { try? CompatSchemaLoader(root: $0, resolver: { _ in nil }).loadRoot() })
        guard order.indices.contains(index) else { return nil }
        let chosen = order[index]
        return locate(members[chosen], at: location + [.key(keyword), .index(chosen)], words: &words, isRecord: isRecord)
    }
}
