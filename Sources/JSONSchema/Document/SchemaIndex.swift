import JSONModel

/// Every schema location of a document and its references, with identifiers, anchors and
/// `$ref`s resolved once.
///
/// Building the index is where a schema is checked (the keyword checks live in
/// `SchemaIndex+Keywords.swift`); validation then only follows the resolved locations, so a
/// reference never costs a URI resolution per instance and cycles are plain graph edges.
struct SchemaIndex: Sendable {
    /// Which keyword a pending reference came from.
    enum ReferenceKeyword: String, Sendable {
        case ref = "$ref"
        case recursiveRef = "$recursiveRef"
        case dynamicRef = "$dynamicRef"
    }

    /// A reference seen while walking, resolved after every identifier is known.
    struct PendingReference: Sendable {
        var keyword: ReferenceKeyword
        var location: SchemaLocation
        var reference: String
        var base: String
    }

    /// The documents: the one parsed first, then the referenced ones.
    private(set) var documents: [IndexedDocument] = []
    /// Every schema location walked so far.
    private(set) var nodes: [SchemaLocation: SchemaNode] = [:]
    /// Schema resources by absolute URI without fragment.
    private(set) var resources: [String: SchemaLocation] = [:]
    /// Plain-name anchors (`$anchor`, draft ≤7 `$id: "#name"`, `$dynamicAnchor`) by `uri#name`.
    private(set) var anchors: [String: SchemaLocation] = [:]
    /// `$dynamicAnchor`s by `uri#name` (2020-12).
    private(set) var dynamicAnchors: [String: SchemaLocation] = [:]
    /// Resolved `$ref`s, keyed by the schema that holds the keyword.
    private(set) var references: [SchemaLocation: SchemaLocation] = [:]
    /// Resolved `$recursiveRef`s (their static targets), keyed by the holding schema.
    private(set) var recursiveReferences: [SchemaLocation: SchemaLocation] = [:]
    /// Resolved `$dynamicRef`s (their static targets), keyed by the holding schema.
    private(set) var dynamicReferences: [SchemaLocation: SchemaLocation] = [:]
    /// The fragment name of each `$dynamicRef`, keyed by the holding schema.
    private(set) var dynamicReferenceNames: [SchemaLocation: String] = [:]
    /// Compiled regular expressions by source text.
    var patterns: [String: ECMAPattern] = [:]
    /// The one node every location shares when the schema is plain: a single document, no
    /// references of any kind, one base URI and one draft throughout, no `$recursiveAnchor`.
    /// Evaluating such a schema can never loop, never consults the dynamic scope and never
    /// needs a node lookup, so the evaluator skips all three.
    private(set) var plainNode: SchemaNode?
    /// Whether any schema uses `unevaluatedProperties` or `unevaluatedItems` (2019-09 on), the
    /// only readers of the evaluated-members annotations; without them the evaluator does not
    /// collect those. Noted by the walk, which visits every schema evaluation can reach.
    private(set) var usesUnevaluated = false
    private var documentsByName: [String: Int] = [:]
    private var pending: [PendingReference] = []

    /// Indexes `root` together with the documents it may reference.
    ///
    /// - Parameters:
    ///   - root: the schema being parsed.
    ///   - references: each referenced document under the `$ref` URL the schemas use for it;
    ///     a document without `$schema` and without a known draft takes the root's draft.
    static func build(
        root: JSONValue, references: [(name: String, json: JSONValue, draft: JSONSchemaDraft?)]
    ) throws(JSONSchemaError) -> SchemaIndex {
        var index = SchemaIndex()
        let rootDraft = JSONSchemaDraft(detectingIn: root)
        index.documents.append(IndexedDocument(name: nil, json: root, draft: rootDraft, retrievalURI: ""))
        let rootBase = Self.declaredBase(of: root, draft: rootDraft)
        for reference in references.sorted(by: { $0.name < $1.name }) {
            let name = URIReference(reference.name).withoutFragment
            guard index.documentsByName[name] == nil else { continue }
            let draft =
                reference.draft
                ?? (reference.json.objectValue?["$schema"] != nil ? JSONSchemaDraft(detectingIn: reference.json) : rootDraft)
            let uri = URIReference(URIReference.resolve(name, against: rootBase)).withoutFragment
            index.documentsByName[name] = index.documents.count
            index.documents.append(IndexedDocument(name: reference.name, json: reference.json, draft: draft, retrievalURI: uri))
        }
        for (i, document) in index.documents.enumerated() {
            let location = SchemaLocation(document: i, pointer: "")
            switch document.json {
            case .bool, .object: break
            default:
                throw index.error(at: location, reason: .notASchema(found: document.json.kindDescription, expected: "an object or a boolean"))
            }
            if index.resources[document.retrievalURI] == nil { index.resources[document.retrievalURI] = location }
            try index.walk(document.json, at: location, base: document.retrievalURI, draft: document.draft)
        }
        try index.resolvePending()
        index.plainNode = index.uniformNode()
        return index
    }

    /// The node shared by every location of a plain schema (see `plainNode`), or `nil`.
    private func uniformNode() -> SchemaNode? {
        guard documents.count == 1, references.isEmpty, recursiveReferences.isEmpty, dynamicReferences.isEmpty,
            let first = nodes.first?.value, !first.recursiveAnchor
        else { return nil }
        for node in nodes.values where node.baseURI != first.baseURI || node.draft != first.draft || node.recursiveAnchor {
            return nil
        }
        return first
    }

    /// The base URI a root's own identifier sets, for resolving reference names against it.
    private static func declaredBase(of root: JSONValue, draft: JSONSchemaDraft) -> String {
        guard let object = root.objectValue, let id = object[draft == .draft4 ? "id" : "$id"]?.stringValue else { return "" }
        if draft <= .draft7 && object["$ref"] != nil { return "" }
        return URIReference(id).withoutFragment
    }

    /// The node at `location`; every location reachable from the root was indexed at build time.
    func node(_ location: SchemaLocation) -> SchemaNode {
        nodes[location] ?? SchemaNode(baseURI: "", draft: documents[location.document].draft, recursiveAnchor: false)
    }

    /// The schema value at `location`.
    func schema(at location: SchemaLocation) -> JSONValue {
        JSONPointer.value(in: documents[location.document].json, at: location.pointer) ?? .bool(true)
    }

    /// The resource registered under an absolute URI, for dynamic scope look-ups.
    func resource(_ uri: String) -> SchemaLocation? { resources[uri] }

    /// The dynamic anchor `name` of the resource `uri`, if it declares one.
    func dynamicAnchor(_ name: String, in uri: String) -> SchemaLocation? { dynamicAnchors[uri + "#" + name] }

    /// Replaces the root document's JSON by an equivalent one with the same pointers (sorted keys).
    mutating func replaceRootJSON(_ json: JSONValue) {
        documents[0].json = json
    }

    /// An error at `location` (optionally at one of its keywords), naming the document.
    func error(at location: SchemaLocation, keyword: String? = nil, reason: JSONSchemaError.Reason) -> JSONSchemaError {
        var path = location.pointer
        if let keyword { path = JSONPointer.appending(path, keyword) }
        return JSONSchemaError(path: path, document: documents[location.document].name, reason: reason)
    }

    // MARK: Walking

    /// Indexes the schema at `location` and everything below it.
    mutating func walk(
        _ schema: JSONValue, at location: SchemaLocation, base: String, draft: JSONSchemaDraft, booleanAllowed: Bool = false
    ) throws(JSONSchemaError) {
        if nodes[location] != nil { return }
        switch schema {
        case .bool:
            if draft == .draft4 && !booleanAllowed && !location.pointer.isEmpty {
                throw error(at: location, reason: .notASchema(found: "a boolean", expected: "a schema object (draft-04 has no boolean schemas)"))
            }
            nodes[location] = SchemaNode(baseURI: base, draft: draft, recursiveAnchor: false)
        case .object(let object):
            try walkObject(object, at: location, base: base, draft: draft)
        default:
            let expected = draft == .draft4 ? "a schema object" : "a schema (an object or a boolean)"
            throw error(at: location, reason: .notASchema(found: schema.kindDescription, expected: expected))
        }
    }

    private mutating func walkObject(
        _ object: JSONObject, at location: SchemaLocation, base: String, draft: JSONSchemaDraft
    ) throws(JSONSchemaError) {
        var base = base
        let legacyRef = draft <= .draft7 && object["$ref"] != nil
        let idKeyword = draft == .draft4 ? "id" : "$id"
        if !legacyRef, let idValue = object[idKeyword] {
            guard let id = idValue.stringValue else {
                throw error(at: location, keyword: idKeyword, reason: .invalidKeyword(idKeyword, expected: "a URI reference string"))
            }
            let resolved = URIReference(URIReference.resolve(id, against: base))
            let fragment = resolved.fragment ?? ""
            if !id.hasPrefix("#") {
                base = resolved.withoutFragment
                if resources[base] == nil { resources[base] = location }
            }
            if draft <= .draft7, !fragment.isEmpty, !fragment.hasPrefix("/") {
                anchors[base + "#" + fragment] = location
            }
        }
        var recursiveAnchor = false
        if draft >= .draft2019_09 {
            if let value = object["$anchor"] {
                guard let name = value.stringValue, Self.isAnchorName(name) else {
                    throw error(at: location, keyword: "$anchor", reason: .invalidKeyword("$anchor", expected: "a plain name (a letter or _, then letters, digits, -, _ or .)"))
                }
                anchors[base + "#" + name] = location
            }
            if draft == .draft2019_09, let value = object["$recursiveAnchor"] {
                guard case .bool(let flag) = value else {
                    throw error(at: location, keyword: "$recursiveAnchor", reason: .invalidKeyword("$recursiveAnchor", expected: "a boolean"))
                }
                recursiveAnchor = flag
            }
            if draft == .draft2020_12, let value = object["$dynamicAnchor"] {
                guard let name = value.stringValue, Self.isAnchorName(name) else {
                    throw error(at: location, keyword: "$dynamicAnchor", reason: .invalidKeyword("$dynamicAnchor", expected: "a plain name (a letter or _, then letters, digits, -, _ or .)"))
                }
                anchors[base + "#" + name] = location
                dynamicAnchors[base + "#" + name] = location
            }
        }
        nodes[location] = SchemaNode(baseURI: base, draft: draft, recursiveAnchor: recursiveAnchor)
        if draft >= .draft2019_09, object["unevaluatedProperties"] != nil || object["unevaluatedItems"] != nil {
            usesUnevaluated = true
        }
        if legacyRef {
            // Up to draft-07 `$ref` replaces the whole schema; only `definitions` are still indexed,
            // since the common `{"$ref": "#/definitions/a", "definitions": {...}}` relies on them.
            try checkReference(object, keyword: .ref, at: location, base: base)
            if let definitions = object["definitions"] {
                try walkSchemaMap(definitions, keyword: "definitions", at: location, base: base, draft: draft)
            }
            return
        }
        try checkKeywords(object, at: location, base: base, draft: draft)
    }

    /// Records a reference keyword for resolution once every identifier is known.
    mutating func checkReference(
        _ object: JSONObject, keyword: ReferenceKeyword, at location: SchemaLocation, base: String
    ) throws(JSONSchemaError) {
        guard let value = object[keyword.rawValue] else { return }
        guard let reference = value.stringValue else {
            throw error(at: location, keyword: keyword.rawValue, reason: .invalidKeyword(keyword.rawValue, expected: "a URI reference string"))
        }
        pending.append(PendingReference(keyword: keyword, location: location, reference: reference, base: base))
    }

    private static func isAnchorName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetterOrUnderscore else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy {
            $0.isASCIILetterOrUnderscore || ("0"..."9").contains($0) || $0 == "-" || $0 == "." || $0 == ":"
        }
    }

    // MARK: Resolution

    private mutating func resolvePending() throws(JSONSchemaError) {
        while let reference = pending.popLast() {
            guard let target = try locate(reference.reference, base: reference.base) else {
                throw error(at: reference.location, keyword: reference.keyword.rawValue, reason: .unresolvedReference(reference.reference))
            }
            switch reference.keyword {
            case .ref: references[reference.location] = target
            case .recursiveRef: recursiveReferences[reference.location] = target
            case .dynamicRef:
                dynamicReferences[reference.location] = target
                if let fragment = URIReference(reference.reference).fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                    dynamicReferenceNames[reference.location] = JSONPointer.percentDecoded(fragment) ?? fragment
                }
            }
        }
    }

    /// The schema a reference designates, indexing it first if it lies outside the walked
    /// keywords (a pointer into an unknown keyword, say).
    private mutating func locate(_ reference: String, base: String) throws(JSONSchemaError) -> SchemaLocation? {
        let absolute = URIReference(URIReference.resolve(reference, against: base))
        let uri = absolute.withoutFragment
        let fragment = absolute.fragment ?? ""
        var resource = resources[uri]
        if resource == nil, let document = documentsByName[URIReference(reference).withoutFragment] {
            resource = SchemaLocation(document: document, pointer: "")
        }
        guard let resource else { return nil }
        guard let decoded = JSONPointer.percentDecoded(fragment) else { return nil }
        if decoded.isEmpty { return resource }
        guard decoded.hasPrefix("/") else { return anchors[uri + "#" + decoded] ?? anchors[resolvedURI(of: resource) + "#" + decoded] }
        let target = SchemaLocation(document: resource.document, pointer: resource.pointer + decoded)
        if nodes[target] == nil {
            guard let value = JSONPointer.value(in: documents[target.document].json, at: target.pointer) else { return nil }
            let owner = node(resource)
            try walk(value, at: target, base: owner.baseURI, draft: owner.draft, booleanAllowed: true)
        }
        return target
    }

    private func resolvedURI(of resource: SchemaLocation) -> String {
        nodes[resource]?.baseURI ?? ""
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetterOrUnderscore: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_"
    }
}
