import SchemaRegistryCore

/// The access rules a server enforces, and the groups they may name: what `auth.rules_file`
/// holds.
///
/// ```yaml
/// groups:
///   platform: [alice, bob]
/// rules:
///   - principals: ["group:platform"]
///     operations: [admin]
///     subjects: ["*"]
///     contexts: ["*"]
///     global: true
///   - principals: [orders-service]
///     operations: [read, write]
///     subjects: ["orders-*"]
/// ```
public struct AccessPolicy: Sendable, Equatable {
    /// Members of each group, by group name (for credentials that carry no groups).
    public var groups: [String: Set<String>]
    /// The grants, in no particular order: any one that allows a request is enough.
    public var rules: [AccessRule]

    /// A policy of `rules`, with `groups` for the `group:NAME` principals they name.
    public init(groups: [String: Set<String>] = [:], rules: [AccessRule]) {
        self.groups = groups
        self.rules = rules
    }

    /// Whether `rule` names `principal`, directly, through a group or with `*`.
    func names(_ rule: AccessRule, _ principal: Principal) -> Bool {
        rule.principals.contains { entry in
            if entry == "*" || entry == principal.name { return true }
            guard entry.hasPrefix("group:") else { return false }
            let group = String(entry.dropFirst(6))
            return principal.groups.contains(group) || groups[group]?.contains(principal.name) == true
        }
    }

    /// Whether `principal` may do `operation` on `subject` (a qualified subject: `:.ctx:name`,
    /// or a bare name in the default context).
    public func permits(_ principal: Principal, _ operation: AccessOperation, subject: QualifiedSubject) -> Bool {
        rules.contains { names($0, principal) && $0.grants(operation) && $0.covers(context: subject.context, name: subject.name) }
    }

    /// Whether `principal` may do `operation` on the registry-wide resources.
    public func permitsGlobally(_ principal: Principal, _ operation: AccessOperation) -> Bool {
        rules.contains { names($0, principal) && $0.grants(operation) && $0.global }
    }

    /// The subjects `principal` may read, as a filter for listings.
    func readable(by principal: Principal) -> SubjectVisibility {
        let mine = rules.filter { names($0, principal) && $0.grants(.read) }
        return { subject in mine.contains { $0.covers(context: subject.context, name: subject.name) } }
    }
}

extension AccessPolicy: Decodable {
    private enum Keys: String, CodingKey, CaseIterable {
        case groups, rules
    }

    private enum RuleKeys: String, CodingKey, CaseIterable {
        case principals, operations, subjects, contexts, global
    }

    /// Reads a rules file's structure (from YAML or JSON), refusing unknown keys and
    /// operations so that a typo does not silently grant less, or more, than meant.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        try Self.refuseUnknown(container, known: Keys.allCases.map(\.rawValue))
        let groups = try container.decodeIfPresent([String: [String]].self, forKey: AnyKey("groups")) ?? [:]
        var list = try container.nestedUnkeyedContainer(forKey: AnyKey("rules"))
        var rules: [AccessRule] = []
        while !list.isAtEnd {
            let rule = try list.nestedContainer(keyedBy: AnyKey.self)
            try Self.refuseUnknown(rule, known: RuleKeys.allCases.map(\.rawValue))
            let principals = try rule.decode([String].self, forKey: AnyKey("principals"))
            guard !principals.isEmpty else {
                throw DecodingError.dataCorruptedError(
                    forKey: AnyKey("principals"), in: rule, debugDescription: "a rule names at least one principal (a name, group:NAME or *)")
            }
            var operations: Set<AccessOperation> = []
            for name in try rule.decode([String].self, forKey: AnyKey("operations")) {
                guard let operation = AccessOperation(rawValue: name) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: AnyKey("operations"), in: rule,
                        debugDescription: "unknown operation '\(name)' (expected \(AccessOperation.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                operations.insert(operation)
            }
            let subjects = try rule.decodeIfPresent([String].self, forKey: AnyKey("subjects")) ?? []
            let contexts = try rule.decodeIfPresent([String].self, forKey: AnyKey("contexts")) ?? ["."]
            let global = try rule.decodeIfPresent(Bool.self, forKey: AnyKey("global")) ?? false
            guard !subjects.isEmpty || global else {
                throw DecodingError.dataCorruptedError(
                    forKey: AnyKey("subjects"), in: rule, debugDescription: "a rule grants subjects, global: true, or both")
            }
            rules.append(
                AccessRule(
                    principals: principals, operations: operations, subjects: subjects.map(NamePattern.init),
                    contexts: contexts.map { NamePattern($0 == "*" || $0.hasPrefix(".") ? $0 : "." + $0) }, global: global))
        }
        self.init(groups: groups.mapValues(Set.init), rules: rules)
    }

    private static func refuseUnknown(_ container: KeyedDecodingContainer<AnyKey>, known: [String]) throws {
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "unknown key '\(key.stringValue)' (expected \(known.joined(separator: ", ")))")
        }
    }

    /// Any key, so unknown ones can be named in the error.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
