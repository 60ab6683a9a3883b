import Foundation
import JSONModel

/// Per-class rules for strings, numbers, enums, `not` and combined schemas
/// (Confluent's `StringSchemaDiff`, `NumberSchemaDiff`, `EnumSchemaDiff`, `NotSchemaDiff`,
/// `CombinedSchemaDiff`).
extension CompatContext {
    /// Adds the ADDED / REMOVED / INCREASED / DECREASED difference for one numeric limit.
    func compareLimit<T: Comparable>(
        _ attribute: String, _ o: T?, _ u: T?,
        added: JSONSchemaDifferenceType, removed: JSONSchemaDifferenceType,
        increased: JSONSchemaDifferenceType, decreased: JSONSchemaDifferenceType
    ) {
        switch (o, u) {
        case (nil, .some): add(added, at: attribute)
        case (.some, nil): add(removed, at: attribute)
        case (let a?, let b?) where a < b: add(increased, at: attribute)
        case (let a?, let b?) where a > b: add(decreased, at: attribute)
        default: break
        }
    }

    func compareString(_ o: CompatString, _ u: CompatString) {
        compareLimit("maxLength", o.maxLength, u.maxLength, added: .maxLengthAdded, removed: .maxLengthRemoved,
                     increased: .maxLengthIncreased, decreased: .maxLengthDecreased)
        compareLimit("minLength", o.minLength, u.minLength, added: .minLengthAdded, removed: .minLengthRemoved,
                     increased: .minLengthIncreased, decreased: .minLengthDecreased)
        switch (o.pattern, u.pattern) {
        case (nil, .some): add(.patternAdded, at: "pattern")
        case (.some, nil): add(.patternRemoved, at: "pattern")
        case (let a?, let b?) where a != b: add(.patternChanged, at: "pattern")
        default: break
        }
    }

    func compareNumber(_ o: CompatNumber, _ u: CompatNumber) throws(JSONSchemaCompatibilityError) {
        compareLimit("maximum", o.maximum, u.maximum, added: .maximumAdded, removed: .maximumRemoved,
                     increased: .maximumIncreased, decreased: .maximumDecreased)
        compareLimit("minimum", o.minimum, u.minimum, added: .minimumAdded, removed: .minimumRemoved,
                     increased: .minimumIncreased, decreased: .minimumDecreased)
        // Confluent's "exclusiveMaximum decreased" branch compares with the update's plain
        // `maximum` (a copy-paste slip): with no `maximum` Java throws a NullPointerException,
        // otherwise the verdict follows `maximum`. Reproduced, the exception as a typed error.
        switch (o.exclusiveMaximum, u.exclusiveMaximum) {
        case (nil, .some): add(.exclusiveMaximumAdded, at: "exclusiveMaximum")
        case (.some, nil): add(.exclusiveMaximumRemoved, at: "exclusiveMaximum")
        case (let a?, let b?) where a < b: add(.exclusiveMaximumIncreased, at: "exclusiveMaximum")
        case (let a?, let b?) where a != b:
            guard let max = u.maximum else {
                throw .confluentFailure(path: "#/" + (path + ["exclusiveMaximum"]).joined(separator: "/"),
                                        reason: "Confluent compares a lowered exclusiveMaximum with the missing maximum")
            }
            if a > max { add(.exclusiveMaximumDecreased, at: "exclusiveMaximum") }
        default: break
        }
        compareLimit("exclusiveMinimum", o.exclusiveMinimum, u.exclusiveMinimum,
                     added: .exclusiveMinimumAdded, removed: .exclusiveMinimumRemoved,
                     increased: .exclusiveMinimumIncreased, decreased: .exclusiveMinimumDecreased)
        compareMultipleOf(o.multipleOf.flatMap(Self.decimal), u.multipleOf.flatMap(Self.decimal))
        if o.requiresInteger != u.requiresInteger {
            add(o.requiresInteger ? .typeExtended : .typeNarrowed)
        }
    }

    /// Exact decimal comparison (`0.5` equals `0.50`), as Confluent's `BigDecimal` code, with the
    /// zero guards added in 2026-07 (DGS-24886).
    private func compareMultipleOf(_ o: Decimal?, _ u: Decimal?) {
        switch (o, u) {
        case (nil, nil): return
        case (nil, .some): add(.multipleOfAdded, at: "multipleOf")
        case (.some, nil): add(.multipleOfRemoved, at: "multipleOf")
        case (let a?, let b?):
            if a == b { return }
            if !a.isZero, Self.isMultiple(b, of: a) {
                add(.multipleOfExpanded, at: "multipleOf")
            } else if !b.isZero, Self.isMultiple(a, of: b) {
                add(.multipleOfReduced, at: "multipleOf")
            } else {
                add(.multipleOfChanged, at: "multipleOf")
            }
        }
    }

    private static func decimal(_ value: JSONValue) -> Decimal? {
        switch value {
        case .integer(let i): return Decimal(i)
        case .double(let d): return Decimal(string: "\(d)")
        default: return nil
        }
    }

    private static func isMultiple(_ value: Decimal, of divisor: Decimal) -> Bool {
        var quotient = value / divisor
        var truncated = Decimal()
        NSDecimalRound(&truncated, &quotient, 0, .down)
        return truncated == quotient
    }

    func compareEnum(_ o: Set<JSONValue>, _ u: Set<JSONValue>) {
        guard o != u else { return }
        if u.isSuperset(of: o) {
            add(.enumArrayExtended, at: "enum")
        } else if o.isSuperset(of: u) {
            add(.enumArrayNarrowed, at: "enum")
        } else {
            add(.enumArrayChanged, at: "enum")
        }
    }

    /// The negated schemas are compared reversed; the inner differences are dropped and an
    /// unchanged `not` still yields NOT_TYPE_NARROWED, as in Confluent.
    func compareNot(_ o: CompatNode, _ u: CompatNode) throws(JSONSchemaCompatibilityError) {
        try within("not") { () throws(JSONSchemaCompatibilityError) in
            let sub = subcontext()
            try sub.compare(u, o)
            add(sub.isCompatible ? .notTypeNarrowed : .notTypeExtended)
        }
    }

    func compareCombined(
        _ oc: CompatCriterion, _ oSubs: [CompatNode], _ uc: CompatCriterion, _ uSubs: [CompatNode]
    ) throws(JSONSchemaCompatibilityError) {
        if oc != uc {
            if uc == .anyOf || (oSubs.count == 1 && uSubs.count == 1) || (oSubs.count == 1 && uc == .oneOf)
                || (uSubs.count == 1 && oc == .allOf) {
                add(.combinedTypeExtended)
            } else {
                add(.combinedTypeChanged)
                return
            }
        }
        // Structurally equal subschemas collapse, as in Confluent's LinkedHashSet of JsonSchema.
        let originals = Self.deduplicated(oSubs)
        let updates = Self.deduplicated(uSubs)
        if originals.count < updates.count {
            add(uc == .allOf ? .productTypeExtended : .sumTypeExtended)
        } else if originals.count > updates.count {
            add(oc == .anyOf || oc == .oneOf ? .sumTypeNarrowed : .productTypeNarrowed)
        }
        var edges: [[(update: Int, diffs: [JSONSchemaDifference])]] = []
        for (i, original) in originals.enumerated() {
            var row: [(update: Int, diffs: [JSONSchemaDifference])] = []
            try within("\(oc.rawValue)/\(i)") { () throws(JSONSchemaCompatibilityError) in
                for (j, update) in updates.enumerated() {
                    let sub = subcontext()
                    try sub.compare(original, update)
                    if sub.isCompatible { row.append((j, sub.differences)) }
                }
            }
            edges.append(row)
        }
        let matching = Self.maximumMatching(edges, updateCount: updates.count)
        for (i, row) in edges.enumerated() {
            if let j = matching[i], let edge = row.first(where: { $0.update == j }) { add(edge.diffs) }
        }
        if matching.compactMap({ $0 }).count < min(originals.count, updates.count) {
            add(.combinedTypeSubschemasChanged)
        }
    }

    private static func deduplicated(_ nodes: [CompatNode]) -> [CompatNode] {
        var seen: Set<JSONValue> = []
        return nodes.filter { seen.insert($0.identity).inserted }
    }

    /// A maximum-cardinality bipartite matching by augmenting paths, trying originals and their
    /// edges in order. Confluent uses JGraphT's matcher, whose choice among equally large
    /// matchings can differ; the verdict and the size are the same.
    private static func maximumMatching(
        _ edges: [[(update: Int, diffs: [JSONSchemaDifference])]], updateCount: Int
    ) -> [Int?] {
        var matchOfUpdate = [Int?](repeating: nil, count: updateCount)
        func augment(_ i: Int, _ visited: inout [Bool]) -> Bool {
            for edge in edges[i] where !visited[edge.update] {
                visited[edge.update] = true
                if matchOfUpdate[edge.update] == nil || augment(matchOfUpdate[edge.update]!, &visited) {
                    matchOfUpdate[edge.update] = i
                    return true
                }
            }
            return false
        }
        for i in edges.indices {
            var visited = [Bool](repeating: false, count: updateCount)
            _ = augment(i, &visited)
        }
        var matchOfOriginal = [Int?](repeating: nil, count: edges.count)
        for (j, i) in matchOfUpdate.enumerated() { if let i { matchOfOriginal[i] = j } }
        return matchOfOriginal
    }
}
