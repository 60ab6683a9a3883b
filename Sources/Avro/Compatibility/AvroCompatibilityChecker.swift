/// Decides whether data written with one Avro schema can be read with another, and why not.
///
/// This reproduces Java Avro's `SchemaCompatibility` (the engine Confluent Schema Registry uses)
/// result for result: every incompatibility is reported, in Java's traversal order, with Java's
/// locations and messages, because registry clients and operators compare those strings.
///
/// Java memoizes reader/writer pairs by object identity. Our schema model is made of values, so a
/// node's identity stands for the full name of a named type (Java parses each named type into
/// exactly one object) and, for an anonymous type, the named type (or document root) that owns
/// it plus the path inside that owner (Java creates a fresh object for every anonymous occurrence).
/// That gives Java's observable behaviour, including its quirk that a pair met a second time
/// reports the incompatibilities stored on the first visit, with the first visit's locations.
public enum AvroCompatibilityChecker {
    /// Every reason why `reader` cannot read all data written with `writer`; empty when it can.
    ///
    /// - Parameters:
    ///   - reader: the schema that decodes (for BACKWARD checks, the new schema).
    ///   - writer: the schema the data was encoded with (for BACKWARD checks, the old schema).
    ///   - locations: which Avro release's union-branch locations to report; `.avro1_11`
    ///     matches Confluent.
    /// - Throws: `AvroCompatibilityError` where Java Avro throws instead of answering (a reader
    ///   field matching several writer fields through its aliases).
    ///   - readerShapes: `AvroSchemaShapes(reader)`, when the caller keeps it across checks:
    ///     unchanged fields are then recognised in constant time instead of by a walk.
    ///   - writerShapes: `AvroSchemaShapes(writer)`, likewise.
    public static func incompatibilities(
        reader: AvroSchema, writer: AvroSchema, locations: AvroLocationStyle = .avro1_11,
        readerShapes: AvroSchemaShapes? = nil, writerShapes: AvroSchemaShapes? = nil
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        var walk = CompatibilityWalk(reader: reader, writer: writer, style: locations)
        walk.readerShapes = readerShapes
        walk.writerShapes = writerShapes
        let document = AvroNode(type: .null, id: 0)
        let readerRoot = walk.child(of: document, reader.root, .root)
        let writerRoot = walk.child(of: document, writer.root, .root)
        return try walk.compatibility(token: nil, readerRoot, writerRoot)
    }

    /// Whether `reader` can read all data written with `writer`.
    ///
    /// A schema that cannot even be checked (see `AvroCompatibilityError`) counts as unable to
    /// read, as it does in Confluent.
    public static func canRead(reader: AvroSchema, writer: AvroSchema) -> Bool {
        (try? incompatibilities(reader: reader, writer: writer).isEmpty) ?? false
    }
}

/// A type occurrence together with the identity Java's memo table would give its object.
///
/// The identity is a small integer handed out by `CompatibilityWalk.child`, one per named type
/// and one per (owner, step) path, so memo keys hash two integers rather than two paths.
struct AvroNode {
    var type: AvroType
    var id: Int
}

/// One step from a node to a node inside it, as an integer for the identity table.
enum AvroNodeStep {
    case root
    case items
    case values
    case branch(Int)
    case field(Int)

    var code: Int {
        switch self {
        case .root: return 0
        case .items: return 1
        case .values: return 2
        case .branch(let i): return 3 + 2 * i
        case .field(let i): return 4 + 2 * i
        }
    }
}

/// The shape of a node once named references are resolved, the way Java's `Schema.getType()`
/// sees it.
enum AvroNodeKind {
    case primitive(AvroPrimitive)
    case array(AvroType)
    case map(AvroType)
    case union([AvroType])
    case record(AvroRecord)
    case enumeration(AvroEnum)
    case fixed(AvroFixed)

    /// Java's upper-case `Schema.Type` name, as printed in messages.
    var javaName: String {
        switch self {
        case .primitive(let p): return p.rawValue.uppercased()
        case .array: return "ARRAY"
        case .map: return "MAP"
        case .union: return "UNION"
        case .record: return "RECORD"
        case .enumeration: return "ENUM"
        case .fixed: return "FIXED"
        }
    }

    /// The named type's name, for the name check.
    var namedType: AvroNamedType? {
        switch self {
        case .record(let r): return .record(r)
        case .enumeration(let e): return .enumeration(e)
        case .fixed(let f): return .fixed(f)
        case .primitive, .array, .map, .union: return nil
        }
    }
}

/// One run of the checker: the memo table and the location stack Java keeps per top-level call.
struct CompatibilityWalk {
    /// A memo table entry: Java's `RECURSION_IN_PROGRESS` marker or the stored result.
    enum Memo {
        case inProgress
        case done([AvroIncompatibility])
    }

    /// A reader/writer node identity pair.
    struct Pair: Hashable {
        var reader: Int
        var writer: Int
    }

    /// An anonymous node's identity key: its owner's identity and the step to it.
    struct Step: Hashable {
        var owner: Int
        var step: Int
    }

    let reader: AvroSchema
    let writer: AvroSchema
    let style: AvroLocationStyle
    /// Digests of both schemas' types, when the caller has them.
    var readerShapes: AvroSchemaShapes?
    var writerShapes: AvroSchemaShapes?
    var memo: [Pair: Memo] = [:]
    /// Named types (the same full name on both sides) found structurally identical, or not.
    var identicalNames: [String: Bool] = [:]
    /// Named types whose identity is being decided (assumed identical when met again inside).
    var decidingNames: Set<String> = []
    /// Writer record field positions by record full name.
    var fieldIndexes: [String: [String: Int]] = [:]
    /// The location tokens below the root of the current (possibly fresh) location.
    var path: [String] = []
    /// Identities handed out so far: named types by full name (Java parses each into exactly
    /// one object), anonymous types by owner and step (Java makes a fresh object for each
    /// occurrence). Identity 0 is the document the roots hang from.
    var namedIDs: [String: Int] = [:]
    var stepIDs: [Step: Int] = [:]
    var nextID = 1

    init(reader: AvroSchema, writer: AvroSchema, style: AvroLocationStyle) {
        self.reader = reader
        self.writer = writer
        self.style = style
    }

    /// The node for `type`, reached from `owner` through `step`.
    mutating func child(of owner: AvroNode, _ type: AvroType, _ step: AvroNodeStep) -> AvroNode {
        let id: Int
        if case .named(let name) = type {
            id = Self.intern(name, in: &namedIDs, next: &nextID)
        } else {
            id = Self.intern(Step(owner: owner.id, step: step.code), in: &stepIDs, next: &nextID)
        }
        return AvroNode(type: type, id: id)
    }

    private static func intern<Key: Hashable>(_ key: Key, in table: inout [Key: Int], next: inout Int) -> Int {
        if let id = table[key] { return id }
        let id = next
        next += 1
        table[key] = id
        return id
    }

    var location: String {
        "/" + path.map { $0.replacingOccurrences("~", "~0").replacingOccurrences("/", "~1") }
            .joined(separator: "/")
    }

    func incompatibility(_ type: AvroIncompatibilityType, _ message: String) -> [AvroIncompatibility] {
        [AvroIncompatibility(type: type, location: location, message: message)]
    }

    func kind(_ type: AvroType, in schema: AvroSchema) throws(AvroCompatibilityError) -> AvroNodeKind {
        switch type {
        case .primitive(let p): return .primitive(p.kind)
        case .array(let items, _): return .array(items)
        case .map(let values, _): return .map(values)
        case .union(let branches): return .union(branches)
        case .named(let name):
            switch schema.types[name] {
            case .record(let r)?: return .record(r)
            case .enumeration(let e)?: return .enumeration(e)
            case .fixed(let f)?: return .fixed(f)
            case nil: throw AvroCompatibilityError(.undefinedName(name))
            }
        }
    }

    /// Java's `getCompatibility(token, reader, writer, location)`: memoized, with `token` pushed
    /// on the location for the duration (`nil` for a root token, which locations omit).
    mutating func compatibility(
        token: String?, _ r: AvroNode, _ w: AvroNode
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        if let token { path.append(token) }
        defer { if token != nil { path.removeLast() } }
        // Two primitives never recurse, and a primitive node is never met twice (its identity
        // is its path), so the memo table cannot change their result: skip it.
        if case .primitive(let rp) = r.type, case .primitive(let wp) = w.type {
            return primitiveCompatibility(rp.kind, wp.kind)
        }
        // The same type on both sides reads itself whichever way round: nothing to report, and
        // no need to walk it. Most of a new version is its predecessor's types unchanged, so
        // this keeps a transitive check over many versions of a wide record linear in the
        // changed part rather than in the whole record each time.
        if identical(r.type, w.type) { return [] }
        let pair = Pair(reader: r.id, writer: w.id)
        switch memo[pair] {
        case .inProgress?:
            return []
        case .done(let stored)?:
            return stored
        case nil:
            memo[pair] = .inProgress
            let result = try calculate(r, w)
            memo[pair] = .done(result)
            return result
        }
    }

    /// Whether `r` (in the reader) and `w` (in the writer) are the same type: the same kinds,
    /// names, field names in order, symbols and sizes, all the way down. Docs, defaults,
    /// aliases and logical types may differ: none of them changes what Java's check reports for
    /// two such types (nothing). A recursive reference met while its type is being decided
    /// counts as identical; only verdicts reached outside any such assumption are kept.
    mutating func identical(_ r: AvroType, _ w: AvroType) -> Bool {
        switch (r, w) {
        case (.primitive(let a), .primitive(let b)): return a.kind == b.kind
        case (.array(let a, _), .array(let b, _)): return identical(a, b)
        case (.map(let a, _), .map(let b, _)): return identical(a, b)
        case (.union(let a), .union(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !identical(x, y) { return false }
            return true
        case (.named(let a), .named(let b)):
            guard a == b else { return false }
            // Digests of both definitions, when the caller has them, decide it at once.
            if let x = readerShapes?.named[a], let y = writerShapes?.named[a] { return x == y }
            if let known = identicalNames[a] { return known }
            if decidingNames.contains(a) { return true }
            decidingNames.insert(a)
            let result: Bool
            switch (reader.types[a], writer.types[a]) {
            case (.record(let x)?, .record(let y)?):
                var same = x.fields.count == y.fields.count
                if same {
                    for (f, g) in zip(x.fields, y.fields) where f.name != g.name || !identical(f.type, g.type) {
                        same = false
                        break
                    }
                }
                result = same
            case (.enumeration(let x)?, .enumeration(let y)?): result = x.symbols == y.symbols
            case (.fixed(let x)?, .fixed(let y)?): result = x.size == y.size
            default: result = false
            }
            decidingNames.remove(a)
            if !result || decidingNames.isEmpty { identicalNames[a] = result }
            return result
        default:
            return false
        }
    }

    /// Java's two-argument `getCompatibility`: a check with a fresh location (so nested
    /// locations are relative to `r`/`w`) that still shares the memo table.
    mutating func freshCompatibility(
        _ r: AvroNode, _ w: AvroNode
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        let saved = path
        path = []
        defer { path = saved }
        return try compatibility(token: nil, r, w)
    }

    mutating func calculate(_ r: AvroNode, _ w: AvroNode) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        let rk = try kind(r.type, in: reader)
        let wk = try kind(w.type, in: writer)
        switch (rk, wk) {
        case (.primitive(let rp), .primitive(let wp)) where rp == wp:
            return []
        case (.array(let ri), .array(let wi)):
            return try compatibility(token: "items", child(of: r, ri, .items), child(of: w, wi, .items))
        case (.map(let rv), .map(let wv)):
            return try compatibility(token: "values", child(of: r, rv, .values), child(of: w, wv, .values))
        case (.fixed(let rf), .fixed(let wf)):
            return checkNames(.fixed(rf), .fixed(wf)) + checkSize(rf, wf)
        case (.enumeration(let re), .enumeration(let we)):
            return checkNames(.enumeration(re), .enumeration(we)) + checkSymbols(re, we)
        case (.record(let rr), .record(let wr)):
            return try checkNames(.record(rr), .record(wr)) + checkFields(r, rr, w, wr)
        case (.union, .union(let writerBranches)):
            return try checkEveryWriterBranchHasReaderBranch(r, w, writerBranches)
        case (_, .union(let writerBranches)):
            return try checkReaderReadsEveryWriterBranch(r, w, writerBranches)
        case (.union(let readerBranches), _):
            for (i, branch) in readerBranches.enumerated() {
                // The first readable branch settles it; later branches are never visited.
                if try freshCompatibility(child(of: r, branch, .branch(i)), w).isEmpty { return [] }
            }
            return incompatibility(.missingUnionBranch, "reader union lacking writer type: \(wk.javaName)")
        case (.primitive(let rp), .primitive(let wp)) where Self.promotes(wp, to: rp):
            return []
        default:
            return incompatibility(
                .typeMismatch, "reader type: \(rk.javaName) not compatible with writer type: \(wk.javaName)")
        }
    }

    /// The result `calculate` gives two primitives: equal or promotable is fine, anything else
    /// a type mismatch at the current location.
    func primitiveCompatibility(_ reader: AvroPrimitive, _ writer: AvroPrimitive) -> [AvroIncompatibility] {
        if reader == writer || Self.promotes(writer, to: reader) { return [] }
        return incompatibility(
            .typeMismatch,
            "reader type: \(reader.rawValue.uppercased()) not compatible with writer type: \(writer.rawValue.uppercased())")
    }

    /// Avro's primitive promotions (the specification's "may be promoted" list).
    static func promotes(_ writer: AvroPrimitive, to reader: AvroPrimitive) -> Bool {
        switch (writer, reader) {
        case (.int, .long), (.int, .float), (.int, .double),
            (.long, .float), (.long, .double),
            (.float, .double),
            (.string, .bytes), (.bytes, .string):
            return true
        default:
            return false
        }
    }

    /// Case A: both unions. Each writer branch is checked against the whole reader union with a
    /// fresh location; a failure is reported as a missing branch at `<here>/<j>` and its nested
    /// cause is dropped, as in Java.
    mutating func checkEveryWriterBranchHasReaderBranch(
        _ r: AvroNode, _ w: AvroNode, _ writerBranches: [AvroType]
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        var result: [AvroIncompatibility] = []
        for (j, branch) in writerBranches.enumerated() {
            path.append(String(j))
            defer { path.removeLast() }
            if try !freshCompatibility(r, child(of: w, branch, .branch(j))).isEmpty {
                let name = try kind(branch, in: writer).javaName
                result += incompatibility(.missingUnionBranch, "reader union lacking writer type: \(name)")
            }
        }
        return result
    }

    /// Case C: writer union, reader not. The reader must read every branch; all failures are
    /// kept, located per `style`.
    mutating func checkReaderReadsEveryWriterBranch(
        _ r: AvroNode, _ w: AvroNode, _ writerBranches: [AvroType]
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        var result: [AvroIncompatibility] = []
        for (j, branch) in writerBranches.enumerated() {
            let branchNode = child(of: w, branch, .branch(j))
            switch style {
            case .avro1_11: result += try freshCompatibility(r, branchNode)
            case .avro1_12: result += try compatibility(token: String(j), r, branchNode)
            }
        }
        return result
    }

    /// Named types match on unqualified names, or when a reader alias is the writer's full name.
    mutating func checkNames(_ r: AvroNamedType, _ w: AvroNamedType) -> [AvroIncompatibility] {
        if r.name.name == w.name.name || r.aliases.contains(w.name.fullName) { return [] }
        path.append("name")
        defer { path.removeLast() }
        return incompatibility(.nameMismatch, "expected: \(w.name.fullName)")
    }

    mutating func checkSize(_ r: AvroFixed, _ w: AvroFixed) -> [AvroIncompatibility] {
        if r.size == w.size { return [] }
        path.append("size")
        defer { path.removeLast() }
        return incompatibility(.fixedSizeMismatch, "expected: \(w.size), found: \(r.size)")
    }

    /// Writer symbols must all be reader symbols, unless the reader has an enum default to map
    /// unknown symbols to.
    mutating func checkSymbols(_ r: AvroEnum, _ w: AvroEnum) -> [AvroIncompatibility] {
        let missing = Set(w.symbols).subtracting(r.symbols).sorted()
        if missing.isEmpty { return [] }
        if let symbol = r.defaultSymbol, r.symbols.contains(symbol) { return [] }
        path.append("symbols")
        defer { path.removeLast() }
        return incompatibility(.missingEnumSymbols, "[" + missing.joined(separator: ", ") + "]")
    }

    /// Every reader field, in reader order, must be fed by a writer field or have a default.
    mutating func checkFields(
        _ r: AvroNode, _ rr: AvroRecord, _ w: AvroNode, _ wr: AvroRecord
    ) throws(AvroCompatibilityError) -> [AvroIncompatibility] {
        var result: [AvroIncompatibility] = []
        path.append("fields")
        defer { path.removeLast() }
        var writerIndex: [String: Int]?
        let readerDigests = readerShapes?.fieldDigests(of: rr)
        let writerDigests = writerShapes?.fieldDigests(of: wr)
        // How many leading reader fields found their writer field at the same position.
        var samePositions = 0
        for i in rr.fields.indices {
            // Read the field's parts in place: copying the whole field (name, type, doc,
            // default, aliases, properties) per field per check was most of a wide record's cost.
            let hasAliases = !rr.fields[i].aliases.isEmpty
            let match: Int?
            if !hasAliases, i < wr.fields.count, wr.fields[i].name == rr.fields[i].name {
                // The writer has the field at the same position (versions that append fields):
                // names are unique in a record, so that is the match, without the name table.
                match = i
                if samePositions == i { samePositions += 1 }
            } else if !hasAliases, samePositions == wr.fields.count {
                // Every writer field was matched by position to an earlier reader field, whose
                // names this one cannot repeat: the writer has no field of this name.
                match = nil
            } else {
                if writerIndex == nil { writerIndex = writerFieldIndexes(wr) }
                match = try writerFieldIndex(for: rr.fields[i], position: i, in: wr, index: writerIndex!)
            }
            // An unchanged field (the same type on both sides) has nothing to report: skip its
            // location and nodes, the bulk of a check between two versions of a wide record.
            if let j = match {
                if let a = readerDigests?[i], let b = writerDigests?[j] {
                    if a == b { continue }
                } else if identical(rr.fields[i].type, wr.fields[j].type) {
                    continue
                }
            }
            let field = rr.fields[i]
            path.append(String(i))
            defer { path.removeLast() }
            if let j = match {
                if case .primitive(let rp) = field.type, case .primitive(let wp) = wr.fields[j].type {
                    path.append("type")
                    result += primitiveCompatibility(rp.kind, wp.kind)
                    path.removeLast()
                    continue
                }
                let fieldNode = child(of: r, field.type, .field(i))
                let writerFieldNode = child(of: w, wr.fields[j].type, .field(j))
                result += try compatibility(token: "type", fieldNode, writerFieldNode)
            } else if field.defaultValue == nil {
                if case .enumeration(let e) = try kind(field.type, in: reader), e.defaultSymbol != nil {
                    let fieldNode = child(of: r, field.type, .field(i))
                    // Java compares the enum with the writer RECORD here (AVRO-2512), which can
                    // only ever be a type mismatch; reproduced for parity.
                    result += try compatibility(token: "type", fieldNode, w)
                } else {
                    result += incompatibility(.readerFieldMissingDefaultValue, field.name)
                }
            }
        }
        return result
    }

    /// A writer record's field positions by name, built once per record per check (a linear
    /// search per reader field made wide records quadratic).
    mutating func writerFieldIndexes(_ record: AvroRecord) -> [String: Int] {
        if let cached = fieldIndexes[record.name.fullName] { return cached }
        var index: [String: Int] = [:]
        index.reserveCapacity(record.fields.count)
        for (i, f) in record.fields.enumerated() where index[f.name] == nil { index[f.name] = i }
        fieldIndexes[record.name.fullName] = index
        return index
    }

    /// Java's `lookupWriterField`: by name, then by each reader alias; more than one hit throws.
    func writerFieldIndex(
        for field: AvroField, position: Int, in record: AvroRecord, index: [String: Int]
    ) throws(AvroCompatibilityError) -> Int? {
        var found = index[field.name]
        var matches = found == nil ? 0 : 1
        for alias in field.aliases {
            if let i = index[alias] {
                found = i
                matches += 1
            }
        }
        guard matches <= 1 else {
            let typeName = (try? kind(field.type, in: reader).javaName) ?? "NAMED"
            throw AvroCompatibilityError(
                .ambiguousField(
                    field: field.name, fieldType: typeName, position: position,
                    writerRecord: AvroSchema(root: .named(record.name.fullName), types: writer.types).canonicalText))
        }
        return found
    }
}

extension String {
    /// Literal substring replacement without Foundation.
    fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}
