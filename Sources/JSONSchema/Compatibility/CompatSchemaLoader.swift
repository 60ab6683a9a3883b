import JSONModel

/// Supplies the JSON document an external `$ref` names (the part before `#`, for example
/// `address.json` or `https://example.com/schemas/address.json`), or `nil` if unknown.
///
/// A closure rather than a type so that the registry can later pass its shared resolver (schema
/// references by name, subject and version) without this module knowing about subjects.
public typealias JSONSchemaDocumentResolver = (String) -> JSONValue?

/// Builds everit-shaped `CompatNode`s from raw JSON, the way Confluent's loaders do.
///
/// everit runs extractors in order (`enum`, `allOf`/`anyOf`/`oneOf`, `not`, `const`, `type`, then
/// keyword sniffing); each consumes its keywords. One result is the schema; several become a
/// synthetic `allOf`, which is why `{"type":"string","enum":[...]}` diffs as a product type.
final class CompatSchemaLoader {
    private let resolveDocument: JSONSchemaDocumentResolver
    private var documents: [String: (json: JSONValue, draft: JSONSchemaDraft)] = [:]
    private var references: [String: CompatReference] = [:]
    private let rootDraft: JSONSchemaDraft
    private let rootID: String?
    /// Whether nodes get `identityDigest`s: only models compared many times (the registry's)
    /// repay hashing every schema object.
    private let digests: Bool

    init(root: JSONValue, resolver: @escaping JSONSchemaDocumentResolver, digests: Bool = false) {
        self.digests = digests
        resolveDocument = resolver
        rootDraft = JSONSchemaDraft(detectingIn: root)
        rootID = root.objectValue?["$id"]?.stringValue ?? root.objectValue?["id"]?.stringValue
        documents[""] = (root, rootDraft)
    }

    /// The model of the root document.
    func loadRoot() throws(JSONSchemaCompatibilityError) -> CompatNode {
        guard let root = documents[""] else { throw .invalidSchema(path: "#", reason: "no root") }
        return try build(root.json, document: "", path: "#")
    }

    // MARK: - Nodes

    /// The digest of a schema object's JSON, when this loader keeps digests.
    private func digest(_ json: JSONValue) -> CompatIdentityDigest? {
        digests ? CompatIdentityDigest(json) : nil
    }

    private func draft(of document: String) -> JSONSchemaDraft {
        documents[document]?.draft ?? rootDraft
    }

    func build(_ json: JSONValue, document: String, path: String) throws(JSONSchemaCompatibilityError) -> CompatNode {
        switch json {
        case .bool(let b):
            return CompatNode(kind: b ? .trueSchema : .falseSchema, identity: json, digest: digest(json))
        case .object(let o):
            return try buildObject(o, json: json, document: document, path: path)
        default:
            throw .invalidSchema(path: path, reason: "a schema must be an object or a boolean, not \(json.kindDescription)")
        }
    }

    private func buildObject(
        _ o: JSONObject, json: JSONValue, document: String, path: String
    ) throws(JSONSchemaCompatibilityError) -> CompatNode {
        let draft = draft(of: document)
        let node: CompatNode
        let digest = digest(json)
        if let ref = o["$ref"] {
            // everit ignores every sibling of `$ref` except the common annotations.
            guard let value = ref.stringValue else { throw .invalidSchema(path: path, reason: "$ref must be a string") }
            node = CompatNode(kind: .reference(try reference(value, from: document)), identity: json, digest: digest)
        } else {
            var parts: [CompatNode] = []
            var consumed: Set<String> = []
            func part(_ kind: CompatNode.Kind, _ tag: String) -> CompatNode {
                CompatNode(kind: kind, identity: .array([.string(tag), json]), digest: digest.map { CompatIdentityDigest(tag: tag, $0) })
            }
            if let values = o["enum"] {
                guard let array = values.arrayValue else { throw .invalidSchema(path: path, reason: "enum must be an array") }
                parts.append(part(.enumeration(Set(array)), "enum"))
            }
            for criterion in [CompatCriterion.allOf, .anyOf, .oneOf] {
                guard let value = o[criterion.rawValue] else { continue }
                guard let array = value.arrayValue else {
                    throw .invalidSchema(path: path, reason: "\(criterion.rawValue) must be an array")
                }
                var subschemas: [CompatNode] = []
                for (i, sub) in array.enumerated() {
                    subschemas.append(try build(sub, document: document, path: "\(path)/\(criterion.rawValue)/\(i)"))
                }
                parts.append(part(.combined(criterion, subschemas), criterion.rawValue))
            }
            if let not = o["not"] {
                parts.append(part(.not(try build(not, document: document, path: "\(path)/not")), "not"))
            }
            if draft != .draft4, let value = o["const"] {
                parts.append(part(.const(value), "const"))
            }
            if let type = o["type"] {
                switch type {
                case .string(let name):
                    parts.append(try typed(name, o, json: json, digest: digest, document: document, path: path, consumed: &consumed))
                case .array(let names):
                    var subschemas: [CompatNode] = []
                    for name in names {
                        guard let name = name.stringValue else { throw .invalidSchema(path: path, reason: "type must name types") }
                        subschemas.append(try typed(name, o, json: json, digest: digest, document: document, path: path, consumed: &consumed))
                    }
                    parts.append(part(.combined(.anyOf, subschemas), "type"))
                default:
                    throw .invalidSchema(path: path, reason: "type must be a string or an array")
                }
            }
            // Keyword sniffing: keywords of a class not named by `type` still make a schema of it.
            func present(_ keywords: [String]) -> Bool {
                keywords.contains { o[$0] != nil && !consumed.contains($0) }
            }
            if present(Self.arrayKeywords(draft)) {
                parts.append(part(.array(try array(o, document: document, path: path)), "array"))
            }
            if present(Self.objectKeywords(draft)) {
                parts.append(part(.object(try object(o, document: document, path: path)), "object"))
            }
            if present(Self.numberKeywords) {
                parts.append(part(.number(number(o, draft: draft)), "number"))
            }
            if present(Self.stringKeywords) {
                parts.append(part(.string(string(o)), "string"))
            }
            if draft != .draft4, draft != .draft6, o["if"] != nil || o["then"] != nil || o["else"] != nil {
                func branch(_ keyword: String) throws(JSONSchemaCompatibilityError) -> CompatNode? {
                    guard let value = o[keyword] else { return nil }
                    return try build(value, document: document, path: "\(path)/\(keyword)")
                }
                let conditional = CompatConditional(ifSchema: try branch("if"), thenSchema: try branch("then"), elseSchema: try branch("else"))
                parts.append(part(.conditional(conditional), "conditional"))
            }
            switch parts.count {
            case 0: node = CompatNode(kind: .empty, identity: json, digest: digest)
            case 1: node = parts[0]; node.setIdentity(json, digest: digest)
            default: node = CompatNode(kind: .combined(.allOf, parts), identity: json, digest: digest)
            }
        }
        if draft == .draft4 {
            node.id = o["id"]?.stringValue
        } else if !draft.isModern {
            // The 2019-09/2020-12 translation drops `$id` (Confluent's corpus expects no ID_CHANGED).
            node.id = o["$id"]?.stringValue
        }
        node.title = o["title"]?.stringValue
        node.description = o["description"]?.stringValue
        node.defaultValue = o["default"]
        node.connectType = o["connect.type"]?.stringValue
        node.source = o
        return node
    }

    private func typed(
        _ name: String, _ o: JSONObject, json: JSONValue, digest: CompatIdentityDigest?, document: String, path: String,
        consumed: inout Set<String>
    ) throws(JSONSchemaCompatibilityError) -> CompatNode {
        let draft = draft(of: document)
        let kind: CompatNode.Kind
        switch name {
        case "string":
            consumed.formUnion(Self.stringKeywords)
            kind = .string(string(o))
        case "integer", "number":
            consumed.formUnion(Self.numberKeywords)
            var n = number(o, draft: draft)
            n.requiresInteger = name == "integer"
            kind = .number(n)
        case "boolean": kind = .boolean
        case "null": kind = .null
        case "array":
            consumed.formUnion(Self.arrayKeywords(draft))
            kind = .array(try array(o, document: document, path: path))
        case "object":
            consumed.formUnion(Self.objectKeywords(draft))
            kind = .object(try object(o, document: document, path: path))
        default:
            throw .invalidSchema(path: path, reason: "unknown type: [\(name)]")
        }
        return CompatNode(kind: kind, identity: .array([.string(name), json]), digest: digest.map { CompatIdentityDigest(tag: name, $0) })
    }

    // MARK: - Keyword groups (everit's SpecificationVersion lists)

    static let numberKeywords = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]
    static let stringKeywords = ["minLength", "maxLength", "pattern", "format"]

    static func objectKeywords(_ draft: JSONSchemaDraft) -> [String] {
        var k = ["properties", "required", "minProperties", "maxProperties", "dependencies",
                 "patternProperties", "additionalProperties"]
        if draft != .draft4 { k.append("propertyNames") }
        if draft.isModern { k += ["unevaluatedProperties", "dependentRequired", "dependentSchemas"] }
        return k
    }

    static func arrayKeywords(_ draft: JSONSchemaDraft) -> [String] {
        var k = ["items", "additionalItems", "minItems", "maxItems", "uniqueItems"]
        if draft != .draft4 { k.append("contains") }
        if draft.isModern { k += ["prefixItems", "unevaluatedItems", "minContains", "maxContains"] }
        return k
    }

    // MARK: - Per-class keywords

    private func string(_ o: JSONObject) -> CompatString {
        CompatString(minLength: Self.int(o["minLength"]), maxLength: Self.int(o["maxLength"]), pattern: o["pattern"]?.stringValue)
    }

    private func number(_ o: JSONObject, draft: JSONSchemaDraft) -> CompatNumber {
        var n = CompatNumber()
        n.minimum = o["minimum"]?.numberValue
        n.maximum = o["maximum"]?.numberValue
        if draft != .draft4 {
            // Draft-04's boolean flags are not compared at all by Confluent.
            n.exclusiveMinimum = o["exclusiveMinimum"]?.numberValue
            n.exclusiveMaximum = o["exclusiveMaximum"]?.numberValue
        }
        if let m = o["multipleOf"], m.numberValue != nil { n.multipleOf = m }
        return n
    }

    private func object(_ o: JSONObject, document: String, path: String) throws(JSONSchemaCompatibilityError) -> CompatObject {
        let draft = draft(of: document)
        var r = CompatObject()
        r.minProperties = Self.int(o["minProperties"])
        r.maxProperties = Self.int(o["maxProperties"])
        if let props = o["properties"]?.objectValue {
            for m in props {
                r.addProperty(m.key, try build(m.value, document: document, path: "\(path)/properties/\(m.key)"))
            }
        }
        switch o["additionalProperties"] {
        case .bool(let b)?: r.permitsAdditionalProperties = b
        case let s? where s.objectValue != nil:
            r.additionalPropertiesSchema = try build(s, document: document, path: "\(path)/additionalProperties")
        default: break
        }
        r.required = o["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let patterns = o["patternProperties"]?.objectValue {
            for m in patterns {
                r.patternProperties.append((m.key, try build(m.value, document: document, path: "\(path)/patternProperties/\(m.key)")))
            }
        }
        var dependencyMembers: [JSONObject.Member] = o["dependencies"]?.objectValue.map { Array($0) } ?? []
        if draft.isModern {
            dependencyMembers += o["dependentRequired"]?.objectValue.map { Array($0) } ?? []
            dependencyMembers += o["dependentSchemas"]?.objectValue.map { Array($0) } ?? []
        }
        for m in dependencyMembers {
            if let names = m.value.arrayValue {
                r.propertyDependencies.append((m.key, Set(names.compactMap(\.stringValue))))
            } else {
                r.schemaDependencies.append((m.key, try build(m.value, document: document, path: "\(path)/dependencies/\(m.key)")))
            }
        }
        if draft.isModern, let u = o["unevaluatedProperties"] {
            r.unevaluatedProperties = try build(u, document: document, path: "\(path)/unevaluatedProperties")
        }
        return r
    }

    private func array(_ o: JSONObject, document: String, path: String) throws(JSONSchemaCompatibilityError) -> CompatArray {
        let draft = draft(of: document)
        var r = CompatArray()
        r.minItems = Self.int(o["minItems"])
        r.maxItems = Self.int(o["maxItems"])
        if case .bool(let b)? = o["uniqueItems"] { r.uniqueItems = b }
        r.minContains = Self.int(o["minContains"])
        if draft.isModern, o["contains"] != nil, r.minContains == nil {
            // The json-sKema translation always records `minContains` (default 1) with `contains`.
            r.minContains = 1
        }
        r.maxContains = Self.int(o["maxContains"])
        func tuple(_ items: [JSONValue], _ keyword: String) throws(JSONSchemaCompatibilityError) -> [CompatNode] {
            var nodes: [CompatNode] = []
            for (i, item) in items.enumerated() {
                nodes.append(try build(item, document: document, path: "\(path)/\(keyword)/\(i)"))
            }
            return nodes
        }
        if draft == .draft2020_12 {
            // json-sKema translation: `prefixItems` is the tuple; `items` then plays additionalItems.
            if let prefix = o["prefixItems"]?.arrayValue { r.itemSchemas = try tuple(prefix, "prefixItems") }
            switch o["items"] {
            case .bool(false)?: r.permitsAdditionalItems = false
            case .bool(true)?, nil: break
            case let s?:
                let node = try build(s, document: document, path: "\(path)/items")
                if r.itemSchemas?.isEmpty == false { r.additionalItemsSchema = node } else { r.allItemSchema = node }
            }
        } else {
            switch o["additionalItems"] {
            case .bool(let b)?: r.permitsAdditionalItems = b
            case let s? where s.objectValue != nil:
                r.additionalItemsSchema = try build(s, document: document, path: "\(path)/additionalItems")
            default: break
            }
            switch o["items"] {
            case .array(let items)?: r.itemSchemas = try tuple(items, "items")
            case let s?: r.allItemSchema = try build(s, document: document, path: "\(path)/items")
            case nil: break
            }
        }
        if draft.isModern, let u = o["unevaluatedItems"] {
            r.unevaluatedItems = try build(u, document: document, path: "\(path)/unevaluatedItems")
        }
        return r
    }

    private static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .integer(let i)?: return Int(exactly: i)
        case .double(let d)? where d.rounded() == d && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    // MARK: - References

    /// The node a `$ref` points to, one per target location so that recursion meets itself.
    private func reference(_ ref: String, from document: String) throws(JSONSchemaCompatibilityError) -> CompatReference {
        let hash = ref.firstIndex(of: "#")
        let documentPart = String(hash.map { ref[..<$0] } ?? ref[...])
        let fragment = hash.map { String(ref[ref.index(after: $0)...]) } ?? ""
        let key = try loadDocument(documentPart, from: document, ref: ref)
        guard let doc = documents[key] else { throw .unresolvedReference(ref) }
        guard fragment.isEmpty || fragment.hasPrefix("/") else { throw .unresolvedReference(ref) }
        var tokens = fragment.isEmpty ? [] : fragment.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            .map { Self.unescape(String($0)) }
        // Confluent bridges top-level `definitions` into `$defs` (existing `$defs` entries win).
        if tokens.count >= 2, tokens[0] == "$defs", let root = doc.json.objectValue,
           root["$defs"]?.objectValue?[tokens[1]] == nil, root["definitions"]?.objectValue?[tokens[1]] != nil {
            tokens[0] = "definitions"
        }
        let cacheKey = key + "#/" + tokens.joined(separator: "/")
        if let cached = references[cacheKey] { return cached }
        let reference = CompatReference(value: ref)
        references[cacheKey] = reference
        var target = doc.json
        for token in tokens {
            switch target {
            case .object(let o) where o[token] != nil: target = o[token]!
            case .array(let a) where Int(token).map({ a.indices.contains($0) }) == true: target = a[Int(token)!]
            default: throw .unresolvedReference(ref)
            }
        }
        reference.target = try build(target, document: key, path: "#/" + tokens.joined(separator: "/"))
        return reference
    }

    /// The key of the document `documentPart` names, asking the resolver the first time.
    private func loadDocument(_ documentPart: String, from document: String, ref: String) throws(JSONSchemaCompatibilityError) -> String {
        if documentPart.isEmpty { return document }
        if documents[documentPart] != nil { return documentPart }
        if let id = rootID, id == documentPart || id.hasSuffix("/" + documentPart) { return "" }
        guard let json = resolveDocument(documentPart) ?? resolveDocument(ref) else { throw .unresolvedReference(ref) }
        let declared = json.objectValue?["$schema"] != nil ? JSONSchemaDraft(detectingIn: json) : draft(of: document)
        documents[documentPart] = (json, declared)
        return documentPart
    }

    private static func unescape(_ token: String) -> String {
        let decoded = token.removingPercentEncodingIfPossible
        return decoded.replacingOccurrences("~1", with: "/").replacingOccurrences("~0", with: "~")
    }
}

extension String {
    /// `%xx` sequences decoded as UTF-8; the string unchanged if they are malformed.
    fileprivate var removingPercentEncodingIfPossible: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var it = utf8.makeIterator()
        while let b = it.next() {
            if b == UInt8(ascii: "%") {
                guard let h = it.next(), let l = it.next(), let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) else {
                    return self
                }
                bytes.append(v)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }

    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
