import JSONModel

/// Per-class rules for objects and arrays (Confluent's `ObjectSchemaDiff`, `ArraySchemaDiff`),
/// including the open / closed / partially open content models that decide whether adding or
/// removing a property or tuple item is compatible.
extension CompatContext {
    // MARK: - Objects

    func compareObject(_ o: CompatObject, _ u: CompatObject) throws(JSONSchemaCompatibilityError) {
        let common = Self.sharedPrefix(o, u)
        compareRequired(o, u, sharedPrefix: common)
        try compareProperties(o, u, sharedPrefix: common)
        try compareDependencies(o, u)
        try compareAdditionalProperties(o, u)
        try compareUnevaluated(o.unevaluatedProperties, u.unevaluatedProperties, token: "unevaluatedProperties",
                               added: .unevaluatedPropertiesAdded, removed: .unevaluatedPropertiesRemoved,
                               extended: .unevaluatedPropertiesExtended, narrowed: .unevaluatedPropertiesNarrowed)
        compareLimit("maxProperties", o.maxProperties, u.maxProperties, added: .maxPropertiesAdded,
                     removed: .maxPropertiesRemoved, increased: .maxPropertiesIncreased, decreased: .maxPropertiesDecreased)
        compareLimit("minProperties", o.minProperties, u.minProperties, added: .minPropertiesAdded,
                     removed: .minPropertiesRemoved, increased: .minPropertiesIncreased, decreased: .minPropertiesDecreased)
    }

    /// Only properties defined in both schemas are looked at; a property that becomes required
    /// while its schema has a `default` is compatible.
    private func compareRequired(_ o: CompatObject, _ u: CompatObject, sharedPrefix common: Int?) {
        for i in o.properties.indices {
            let name = o.properties[i].name
            let found = common.map { i < $0 ? u.properties[i].schema : nil } ?? u.property(name)
            guard let updated = found else { continue }
            let wasRequired = o.required.contains(name)
            let isRequired = u.required.contains(name)
            if wasRequired && !isRequired {
                add(.requiredAttributeRemoved, at: "required/\(name)")
            } else if !wasRequired && isRequired {
                add(updated.defaultValue != nil ? .requiredAttributeWithDefaultAdded : .requiredAttributeAdded,
                    at: "required/\(name)")
            }
        }
    }

    /// Java iterates a `HashSet` of names here; we use the original's order, then new names.
    private static func union(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set(a)
        return a + b.filter { seen.insert($0).inserted }
    }

    /// How many leading properties the two objects share by position (the shorter list's
    /// length) when neither repeats a name and every shared position has the same name; `nil`
    /// otherwise. Versions that add or drop properties at the end keep the rest in order, so
    /// the two lists can be walked side by side instead of by a lookup per name.
    static func sharedPrefix(_ o: CompatObject, _ u: CompatObject) -> Int? {
        guard o.propertyIndex.count == o.properties.count, u.propertyIndex.count == u.properties.count else { return nil }
        let common = min(o.properties.count, u.properties.count)
        for i in 0..<common where o.properties[i].name != u.properties[i].name { return nil }
        return common
    }

    private func compareProperties(_ o: CompatObject, _ u: CompatObject, sharedPrefix: Int?) throws(JSONSchemaCompatibilityError) {
        if let common = sharedPrefix {
            // The names `union` would give, in its order: the original's, then the update's new ones.
            for i in o.properties.indices {
                try compareProperty(o.properties[i].name, o.properties[i].schema, i < common ? u.properties[i].schema : nil, o, u)
            }
            for i in common..<u.properties.count {
                try compareProperty(u.properties[i].name, nil, u.properties[i].schema, o, u)
            }
            return
        }
        for name in Self.union(o.properties.map(\.name), u.properties.map(\.name)) {
            try compareProperty(name, o.property(name), u.property(name), o, u)
        }
    }

    private func compareProperty(
        _ name: String, _ original: CompatNode?, _ updated: CompatNode?, _ o: CompatObject, _ u: CompatObject
    ) throws(JSONSchemaCompatibilityError) {
        // An unchanged property reports nothing (see `memoized`): skip it before building its path.
        if run.skipsEqualSubschemas, let original, let updated, original.hasSameIdentity(as: updated) {
            return
        }
        try within("properties/\(name)") { () throws(JSONSchemaCompatibilityError) in
            if let original, updated == nil {
                try propertyRemoved(original, name: name, update: u)
            } else if let updated, original == nil {
                try propertyAdded(updated, name: name, original: o, update: u)
            } else {
                try compare(original, updated)
            }
        }
    }

    /// A removed property is judged by the update's content model: only an open (or covering)
    /// update still accepts old documents that carry it.
    private func propertyRemoved(_ original: CompatNode, name: String, update u: CompatObject) throws(JSONSchemaCompatibilityError) {
        if Self.isOpen(u) {
            add(.propertyRemovedFromOpenContentModel)
        } else if let partial = Self.partialSchema(u, for: name) {
            let sub = subcontext()
            try sub.compare(original, partial)
            add(sub.differences)
            add(sub.isCompatible ? .propertyRemovedIsCoveredByPartiallyOpenContentModel
                                 : .propertyRemovedNotCoveredByPartiallyOpenContentModel)
        } else {
            add(original.isFalse ? .propertyWithFalseRemovedFromClosedContentModel : .propertyRemovedFromClosedContentModel)
        }
    }

    /// An added property is judged by the original's content model: under an open original, old
    /// documents may already carry that name with any value.
    private func propertyAdded(
        _ updated: CompatNode, name: String, original o: CompatObject, update u: CompatObject
    ) throws(JSONSchemaCompatibilityError) {
        let required = u.required.contains(name)
        if Self.isOpen(o) {
            if updated.isEmptyOrTrue {
                add(.propertyWithEmptySchemaAddedToOpenContentModel)
            } else if required {
                add(updated.defaultValue != nil ? .requiredPropertyWithDefaultAddedToOpenContentModel
                                                : .requiredPropertyAddedToOpenContentModel)
            } else {
                add(.optionalPropertyAddedToOpenContentModel)
            }
            return
        }
        if let partial = Self.partialSchema(o, for: name) {
            let sub = subcontext()
            try sub.compare(partial, updated)
            add(sub.differences)
            add(sub.isCompatible ? .propertyAddedIsCoveredByPartiallyOpenContentModel
                                 : .propertyAddedNotCoveredByPartiallyOpenContentModel)
        }
        // Both closed and partially open originals also get the required/optional verdict.
        if required {
            add(updated.defaultValue != nil ? .requiredPropertyWithDefaultAddedToUnopenContentModel
                                            : .requiredPropertyAddedToUnopenContentModel)
        } else {
            add(.optionalPropertyAddedToUnopenContentModel)
        }
    }

    /// Open: nothing restricts unknown properties (no `additionalProperties` schema or `false`,
    /// no `patternProperties`, `unevaluatedProperties` absent or `true`).
    static func isOpen(_ s: CompatObject) -> Bool {
        guard s.permitsAdditionalProperties, s.additionalPropertiesSchema == nil, s.patternProperties.isEmpty else {
            return false
        }
        return s.unevaluatedProperties.map(\.isEmptyOrTrue) ?? true
    }

    /// The schema unknown property `name` must satisfy: the first pattern found anywhere in the
    /// name (Java `find`), else the `additionalProperties` schema, else a non-boolean
    /// `unevaluatedProperties`. `nil` means closed for that name — even with `patternProperties`
    /// and default `additionalProperties`, a Confluent quirk kept on purpose.
    static func partialSchema(_ s: CompatObject, for name: String) -> CompatNode? {
        for (pattern, schema) in s.patternProperties where CompatRegex.find(pattern, in: name) {
            return schema
        }
        if let schema = s.additionalPropertiesSchema { return schema }
        if s.permitsAdditionalProperties, let u = s.unevaluatedProperties, !u.isFalse, !u.isEmptyOrTrue {
            return u
        }
        return nil
    }

    private func compareDependencies(_ o: CompatObject, _ u: CompatObject) throws(JSONSchemaCompatibilityError) {
        try within("dependencies") { () throws(JSONSchemaCompatibilityError) in
            for name in Self.union(o.propertyDependencies.map(\.name), u.propertyDependencies.map(\.name)) {
                let before = o.dependency(name)
                let after = u.dependency(name)
                let type: JSONSchemaDifferenceType?
                if after == nil {
                    type = .dependencyArrayRemoved
                } else if let before, let after {
                    if before == after {
                        type = nil
                    } else if after.isSuperset(of: before) {
                        type = .dependencyArrayExtended
                    } else if before.isSuperset(of: after) {
                        type = .dependencyArrayNarrowed
                    } else {
                        type = .dependencyArrayChanged
                    }
                } else {
                    type = .dependencyArrayAdded
                }
                if let type { add(type, at: name) }
            }
            for name in Self.union(o.schemaDependencies.map(\.name), u.schemaDependencies.map(\.name)) {
                try within(name) { () throws(JSONSchemaCompatibilityError) in
                    let before = o.schemaDependency(name)
                    let after = u.schemaDependency(name)
                    if after == nil {
                        add(.dependencySchemaRemoved)
                    } else if before == nil {
                        add(.dependencySchemaAdded)
                    } else {
                        try compare(before, after)
                    }
                }
            }
        }
    }

    private func compareAdditionalProperties(_ o: CompatObject, _ u: CompatObject) throws(JSONSchemaCompatibilityError) {
        try within("additionalProperties") { () throws(JSONSchemaCompatibilityError) in
            if o.permitsAdditionalProperties != u.permitsAdditionalProperties {
                add(u.permitsAdditionalProperties ? .additionalPropertiesAdded : .additionalPropertiesRemoved)
            } else if o.additionalPropertiesSchema == nil, u.additionalPropertiesSchema != nil {
                add(.additionalPropertiesNarrowed)
            } else if o.additionalPropertiesSchema != nil, u.additionalPropertiesSchema == nil {
                add(.additionalPropertiesExtended)
            } else {
                try compare(o.additionalPropertiesSchema, u.additionalPropertiesSchema)
            }
        }
    }

    /// The shared table for `unevaluatedProperties` and `unevaluatedItems`.
    private func compareUnevaluated(
        _ o: CompatNode?, _ u: CompatNode?, token: String,
        added: JSONSchemaDifferenceType, removed: JSONSchemaDifferenceType,
        extended: JSONSchemaDifferenceType, narrowed: JSONSchemaDifferenceType
    ) throws(JSONSchemaCompatibilityError) {
        if o == nil && u == nil { return }
        try within(token) { () throws(JSONSchemaCompatibilityError) in
            guard let o else { add(u!.isFalse ? removed : narrowed); return }
            guard let u else { add(o.isFalse ? added : extended); return }
            if o.isFalse && !u.isFalse {
                add(added)
            } else if !o.isFalse && u.isFalse {
                add(removed)
            } else if o.isEmptyOrTrue && !u.isEmptyOrTrue {
                add(narrowed)
            } else if !o.isEmptyOrTrue && u.isEmptyOrTrue {
                add(extended)
            } else {
                try compare(o, u)
            }
        }
    }

    // MARK: - Arrays

    func compareArray(_ o: CompatArray, _ u: CompatArray) throws(JSONSchemaCompatibilityError) {
        try within("items") { () throws(JSONSchemaCompatibilityError) in try compare(o.allItemSchema, u.allItemSchema) }
        try compareTuple(o, u)
        try within("additionalItems") { () throws(JSONSchemaCompatibilityError) in
            if o.permitsAdditionalItems != u.permitsAdditionalItems {
                add(o.permitsAdditionalItems ? .additionalItemsRemoved : .additionalItemsAdded)
            } else if o.additionalItemsSchema == nil, u.additionalItemsSchema != nil {
                add(.additionalItemsNarrowed)
            } else if o.additionalItemsSchema != nil, u.additionalItemsSchema == nil {
                add(.additionalItemsExtended)
            } else {
                try compare(o.additionalItemsSchema, u.additionalItemsSchema)
            }
        }
        try compareUnevaluated(o.unevaluatedItems, u.unevaluatedItems, token: "unevaluatedItems",
                               added: .unevaluatedItemsAdded, removed: .unevaluatedItemsRemoved,
                               extended: .unevaluatedItemsExtended, narrowed: .unevaluatedItemsNarrowed)
        compareLimit("maxItems", o.maxItems, u.maxItems, added: .maxItemsAdded, removed: .maxItemsRemoved,
                     increased: .maxItemsIncreased, decreased: .maxItemsDecreased)
        compareLimit("minItems", o.minItems, u.minItems, added: .minItemsAdded, removed: .minItemsRemoved,
                     increased: .minItemsIncreased, decreased: .minItemsDecreased)
        if o.uniqueItems != u.uniqueItems {
            add(o.uniqueItems ? .uniqueItemsRemoved : .uniqueItemsAdded, at: "uniqueItems")
        }
        compareLimit("maxContains", o.maxContains, u.maxContains, added: .maxContainsAdded, removed: .maxContainsRemoved,
                     increased: .maxContainsIncreased, decreased: .maxContainsDecreased)
        compareLimit("minContains", o.minContains, u.minContains, added: .minContainsAdded, removed: .minContainsRemoved,
                     increased: .minContainsIncreased, decreased: .minContainsDecreased)
    }

    /// Tuple items: the common prefix is compared position by position; extra items are judged
    /// like properties, against the other side's content model.
    private func compareTuple(_ o: CompatArray, _ u: CompatArray) throws(JSONSchemaCompatibilityError) {
        let originals = o.itemSchemas ?? []
        let updates = u.itemSchemas ?? []
        for index in 0..<max(originals.count, updates.count) {
            try within("items/\(index)") { () throws(JSONSchemaCompatibilityError) in
                if index < originals.count, index < updates.count {
                    try compare(originals[index], updates[index])
                } else if index < originals.count {
                    let original = originals[index]
                    if Self.isOpen(u) {
                        add(.itemRemovedFromOpenContentModel)
                    } else if let partial = Self.partialSchema(u) {
                        let sub = subcontext()
                        try sub.compare(original, partial)
                        add(sub.differences)
                        add(sub.isCompatible ? .itemRemovedIsCoveredByPartiallyOpenContentModel
                                             : .itemRemovedNotCoveredByPartiallyOpenContentModel)
                    } else {
                        add(original.isFalse ? .itemWithFalseRemovedFromClosedContentModel : .itemRemovedFromClosedContentModel)
                    }
                } else {
                    let updated = updates[index]
                    if Self.isOpen(o) {
                        add(updated.isEmptyOrTrue ? .itemWithEmptySchemaAddedToOpenContentModel : .itemAddedToOpenContentModel)
                    } else if let partial = Self.partialSchema(o) {
                        let sub = subcontext()
                        try sub.compare(partial, updated)
                        add(sub.differences)
                        add(sub.isCompatible ? .itemAddedIsCoveredByPartiallyOpenContentModel
                                             : .itemAddedNotCoveredByPartiallyOpenContentModel)
                    } else {
                        add(.itemAddedToClosedContentModel)
                    }
                }
            }
        }
    }

    static func isOpen(_ s: CompatArray) -> Bool {
        guard s.permitsAdditionalItems, s.additionalItemsSchema == nil else { return false }
        return s.unevaluatedItems.map(\.isEmptyOrTrue) ?? true
    }

    static func partialSchema(_ s: CompatArray) -> CompatNode? {
        if let schema = s.additionalItemsSchema { return schema }
        if s.permitsAdditionalItems, let u = s.unevaluatedItems, !u.isFalse, !u.isEmptyOrTrue { return u }
        return nil
    }
}

/// `patternProperties` matching as Java's `Matcher.find`: unanchored, anywhere in the name.
enum CompatRegex {
    static func find(_ pattern: String, in text: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.firstMatch(in: text)) != nil
    }
}
