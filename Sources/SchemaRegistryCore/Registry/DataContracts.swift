import JSONModel

/// Validation and merging of schema `metadata` and `ruleSet` (Confluent's data contracts).
///
/// Confluent's community edition drops rule sets; we keep them, as its enterprise edition
/// does, because data-contract clients need them, and validate them with its messages (42210).
enum DataContracts {
    /// The rule lists of a rule set, in Confluent's order.
    static let ruleKinds = ["migrationRules", "domainRules", "encodingRules"]

    /// Checks a rule set the way Confluent's `RuleSet.validate` does.
    static func validate(ruleSet: JSONValue) throws(RegistryError) {
        guard case .object(let object) = ruleSet else { throw .invalidRuleSet("ruleSet must be an object") }
        var names: Set<String> = []
        let kinds: [(String, Set<String>, String)] = [
            ("migrationRules", ["UPGRADE", "DOWNGRADE", "UPDOWN"], "Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN"),
            ("domainRules", ["WRITE", "READ", "WRITEREAD"], "Domain rules can only be WRITE, READ, WRITEREAD"),
            ("encodingRules", ["WRITE", "READ", "WRITEREAD"], "Encoding rules can only be WRITE, READ, WRITEREAD"),
        ]
        for (key, modes, modeMessage) in kinds {
            guard let value = object[key], !value.isNull else { continue }
            guard case .array(let rules) = value else { throw .invalidRuleSet("\(key) must be an array") }
            for ruleValue in rules {
                guard case .object(let rule) = ruleValue else { throw .invalidRuleSet("a rule must be an object") }
                guard let nameValue = rule["name"], !nameValue.isNull else { throw .invalidRuleSet("Missing rule name") }
                guard case .string(let name) = nameValue else { throw .invalidRuleSet("Missing rule name") }
                try validate(ruleName: name)
                guard names.insert(name).inserted else { throw .invalidRuleSet("Found rule with duplicate name '\(name)'") }
                guard case .string(let type)? = rule["type"], !type.isEmpty else { throw .invalidRuleSet("Missing rule type") }
                let mode = rule["mode"]?.stringValue ?? (key == "migrationRules" ? "UPGRADE" : "WRITEREAD")
                guard modes.contains(mode) else { throw .invalidRuleSet(modeMessage) }
                for action in ["onSuccess", "onFailure"] {
                    if let text = rule[action]?.stringValue, text.contains(","), mode != "WRITEREAD", mode != "UPDOWN" {
                        throw .invalidRuleSet("Multiple actions only valid with WRITEREAD and UPDOWN")
                    }
                }
            }
        }
    }

    static func validate(ruleName name: String) throws(RegistryError) {
        guard !name.isEmpty else { throw .invalidRuleSet("Empty rule name") }
        guard name.count <= 256 else { throw .invalidRuleSet("Rule name too long") }
        var first = true
        for c in name.unicodeScalars {
            let letter = ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
            let other = ("0"..."9").contains(c) || c == "-"
            if first {
                guard letter else { throw .invalidRuleSet("Illegal initial character in rule name: \(name)") }
            } else {
                guard letter || other else { throw .invalidRuleSet("Illegal character in rule name: \(name)") }
            }
            first = false
        }
    }

    /// Metadata with its maps and sets sorted, the form Confluent stores (so equal metadata
    /// hashes equally whatever the order it was sent in).
    static func normalized(metadata: JSONValue) -> JSONValue {
        guard case .object(var o) = metadata.sortedRecursively() else { return metadata }
        if case .array(let items)? = o["sensitive"] {
            o["sensitive"] = .array(sortedUnique(items))
        }
        if case .object(let tags)? = o["tags"] {
            o["tags"] = .object(JSONObject(tags.members.map { m in
                if case .array(let items) = m.value { return .init(key: m.key, value: .array(sortedUnique(items))) }
                return m
            }))
        }
        return .object(o)
    }

    private static func sortedUnique(_ items: [JSONValue]) -> [JSONValue] {
        var seen: Set<JSONValue> = []
        return items.filter { seen.insert($0).inserted }.sorted { JSONWriter.string($0) < JSONWriter.string($1) }
    }

    /// `override` merged over `base`: properties and tags by key, sensitive as a union.
    static func merge(metadata base: JSONValue?, _ override: JSONValue?) -> JSONValue? {
        guard case .object(let b)? = base else { return override }
        guard case .object(let o)? = override else { return base }
        var result = b
        for m in o {
            switch (m.key, result[m.key], m.value) {
            case ("sensitive", .array(let x)?, .array(let y)): result[m.key] = .array(x + y)
            case (_, .object(var x)?, .object(let y)):
                for inner in y { x[inner.key] = inner.value }
                result[m.key] = .object(x)
            default: result[m.key] = m.value
            }
        }
        return normalized(metadata: .object(result))
    }

    /// `override` merged over `base`: each rule list by rule name, later rules replacing earlier ones.
    static func merge(ruleSet base: JSONValue?, _ override: JSONValue?) -> JSONValue? {
        guard case .object(let b)? = base else { return override }
        guard case .object(let o)? = override else { return base }
        var result = b
        for m in o {
            guard case .array(let newRules) = m.value, case .array(let oldRules)? = result[m.key] else {
                result[m.key] = m.value
                continue
            }
            let newNames = Set(newRules.compactMap { $0.objectValue?["name"]?.stringValue })
            let kept = oldRules.filter { !newNames.contains($0.objectValue?["name"]?.stringValue ?? "") }
            result[m.key] = .array(kept + newRules)
        }
        return .object(result)
    }

    /// `ruleSet` without the rules named in `names`, in every list (Confluent's `rulesToRemove`).
    static func removing(rulesNamed names: Set<String>, from ruleSet: JSONValue?) -> JSONValue? {
        guard case .object(var o)? = ruleSet else { return ruleSet }
        for kind in ruleKinds {
            guard case .array(let rules)? = o[kind] else { continue }
            o[kind] = .array(rules.filter { !names.contains($0.objectValue?["name"]?.stringValue ?? "") })
        }
        return .object(o)
    }

    /// The metadata property in which Confluent records the version a schema was registered
    /// as, when the registration named a version or the metadata already carried one.
    static let confluentVersionKey = "confluent:version"

    /// The `confluent:version` property of `metadata`, if any.
    static func confluentVersion(in metadata: JSONValue?) -> String? {
        metadata?.objectValue?["properties"]?.objectValue?[confluentVersionKey]?.stringValue
    }

    /// `metadata` with `confluent:version` set to `version` (Confluent's
    /// `Metadata.setConfluentVersion`), in stored form.
    static func setting(confluentVersion version: Int, in metadata: JSONValue?) -> JSONValue {
        var o = metadata?.objectValue ?? JSONObject()
        var properties = o["properties"]?.objectValue ?? JSONObject()
        properties[confluentVersionKey] = .string(String(version))
        o["properties"] = .object(properties)
        return normalized(metadata: .object(o))
    }

    /// `metadata` without `confluent:version` and without empty members, nil when nothing is
    /// left: the form in which Confluent's `canLookup` compares a schema sent without a
    /// version against one stored with it (its `Metadata` treats absent and empty alike).
    static func lookupForm(of metadata: JSONValue?) -> JSONValue? {
        guard case .object(var o)? = metadata else { return metadata }
        if case .object(var properties)? = o["properties"] {
            properties[confluentVersionKey] = nil
            o["properties"] = .object(properties)
        }
        let kept = o.members.filter { member in
            switch member.value {
            case .null: return false
            case .object(let inner): return !inner.members.isEmpty
            case .array(let items): return !items.isEmpty
            default: return true
            }
        }
        return kept.isEmpty ? nil : .object(JSONObject(kept))
    }
}
