import JSONModel

/// A partial config update (`PUT /config`): absent fields keep their value, JSON `null`
/// clears a metadata or rule-set field.
public struct ConfigUpdate: Sendable, Hashable {
    /// The raw request body.
    public var body: JSONObject

    /// Creates an update from a request body.
    public init(body: JSONObject) { self.body = body }
}

extension Registry {
    /// The scope key of `GET/PUT/DELETE /config/{subject}` and `/mode/{subject}`: the global
    /// scope for none, the default context's `:.:` or empty, and a context for `:.ctx:`.
    public static func scope(_ subjectName: String?) -> QualifiedSubject {
        guard let subjectName, !subjectName.isEmpty, subjectName != ":.:" else { return globalScope }
        return QualifiedSubject(parsing: subjectName)
    }

    /// Whether `subject` lies in `scope`: everything for the global scope, the subjects of one
    /// context for a context, the subject itself otherwise. Shared by the scope-wide mode rules
    /// (IMPORT's empty-scope check and purge, recursive mode deletes).
    static func scope(_ scope: QualifiedSubject, contains subject: QualifiedSubject) -> Bool {
        if scope == globalScope { return true }
        return scope.isContextOnly ? subject.context == scope.context : subject == scope
    }

    /// `GET /config[/{subject}]`: the scope's own config, or with `defaultToGlobal` the merged one.
    public func config(subject subjectName: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryConfig {
        let scope = Self.scope(subjectName)
        return try read { (state) throws(RegistryError) -> RegistryConfig in
            if scope == Self.globalScope {
                let own = state.configs[scope] ?? RegistryConfig()
                return own.merged(over: RegistryConfig(compatibilityLevel: options.defaultCompatibility))
            }
            if defaultToGlobal { return effectiveConfig(scope, in: state) }
            guard let own = state.configs[scope] else { throw .subjectCompatibilityNotConfigured(subjectName ?? "") }
            return own
        }
    }

    /// `PUT /config[/{subject}]`: merges the update into the scope's config.
    ///
    /// Checked in Confluent's order: the level (42203), the rule sets (42210), the subject
    /// (42208), then the mode (42205).
    public func updateConfig(subject subjectName: String?, _ update: ConfigUpdate) async throws(RegistryError) -> RegistryConfig {
        let scope = Self.scope(subjectName)
        if let value = update.body["compatibility"]?.nonNull, value.stringValue.flatMap(CompatibilityLevel.init(name:)) == nil {
            throw .invalidCompatibilityLevel
        }
        for key in ["defaultRuleSet", "overrideRuleSet"] {
            if let rules = update.body[key]?.nonNull { try DataContracts.validate(ruleSet: rules) }
        }
        if scope != Self.globalScope && !scope.isContextOnly {
            try Self.validate(subject: scope, original: subjectName ?? "")
        }
        return try await write { (state) throws(RegistryError) -> WriteDecision<RegistryConfig> in
            try requireWritable(scope, state: state)
            var config = state.configs[scope] ?? RegistryConfig()
            let body = update.body
            if let value = body["compatibility"], !value.isNull {
                guard let name = value.stringValue, let level = CompatibilityLevel(name: name) else { throw .invalidCompatibilityLevel }
                config.compatibilityLevel = level
            }
            func bool(_ key: String) -> Bool?? {
                guard let v = body[key] else { return .none }
                if case .bool(let b) = v { return .some(b) }
                return .some(nil)
            }
            if let b = bool("normalize") { config.normalize = b }
            if let b = bool("validateFields") { config.validateFields = b }
            if let b = bool("validateNewSchemas") { config.validateNewSchemas = b }
            if let b = bool("validateRules") { config.validateRules = b }
            if let v = body["compatibilityPolicy"] {
                // A policy Confluent does not know is stored as none (it clears the field, silently).
                config.compatibilityPolicy = v.stringValue.flatMap { CompatibilityPolicy(rawValue: $0.uppercased())?.rawValue }
            }
            if let v = body["compatibilityGroup"] { config.compatibilityGroup = v.stringValue }
            if let v = body["alias"] { config.alias = v.stringValue }
            // JSON null clears the field: `nonNull` is `nil` for it (a bare `nil` literal beside a
            // JSONValue would be read as JSON null, which is how null used to be stored).
            if let v = body["defaultMetadata"] { config.defaultMetadata = v.nonNull.map(DataContracts.normalized(metadata:)) }
            if let v = body["overrideMetadata"] { config.overrideMetadata = v.nonNull.map(DataContracts.normalized(metadata:)) }
            if let v = body["defaultRuleSet"] {
                if let rules = v.nonNull { try DataContracts.validate(ruleSet: rules) }
                config.defaultRuleSet = v.nonNull
            }
            if let v = body["overrideRuleSet"] {
                if let rules = v.nonNull { try DataContracts.validate(ruleSet: rules) }
                config.overrideRuleSet = v.nonNull
            }
            let result = config
            return .perform(.setConfig(scope: scope, config: config.isEmpty ? nil : config)) { _ in result }
        }
    }

    /// `DELETE /config[/{subject}]`: removes the scope's config and returns what it was.
    public func deleteConfig(subject subjectName: String?) async throws(RegistryError) -> RegistryConfig {
        let scope = Self.scope(subjectName)
        return try await write { (state) throws(RegistryError) -> WriteDecision<RegistryConfig> in
            let old = state.configs[scope]
            // A subject without a config of its own is 40401 before the mode is looked at.
            if scope != Self.globalScope && old == nil { throw .subjectNotFound(subjectName ?? "") }
            try requireWritable(scope, state: state)
            if scope == Self.globalScope {
                let shown = (old ?? RegistryConfig()).merged(over: RegistryConfig(compatibilityLevel: options.defaultCompatibility))
                return .perform(.setConfig(scope: scope, config: nil)) { _ in shown }
            }
            guard let old else { throw .subjectNotFound(subjectName ?? "") }
            return .perform(.setConfig(scope: scope, config: nil)) { _ in old }
        }
    }

    /// `GET /mode[/{subject}]`.
    public func mode(subject subjectName: String?, defaultToGlobal: Bool = false) throws(RegistryError) -> RegistryMode {
        let scope = Self.scope(subjectName)
        return try read { (state) throws(RegistryError) -> RegistryMode in
            if scope == Self.globalScope { return state.modes[scope] ?? .readWrite }
            if defaultToGlobal { return effectiveMode(scope, in: state) }
            guard let own = state.modes[scope] else { throw .subjectModeNotConfigured(subjectName ?? "") }
            return own
        }
    }

    /// `PUT /mode[/{subject}]`: switching to IMPORT needs an empty scope unless `force`.
    ///
    /// A switch into IMPORT (the scope's effective mode was not IMPORT already) also
    /// hard-deletes every soft-deleted version in the scope, in the same store transaction as
    /// the mode, and is refused with 42206 when one of them is still referenced. Putting IMPORT
    /// on a scope already in IMPORT is not a switch: it neither checks for live subjects nor
    /// purges, as in Confluent.
    public func updateMode(subject subjectName: String?, to name: String, force: Bool = false) async throws(RegistryError) -> RegistryMode {
        let scope = Self.scope(subjectName)
        guard let mode = RegistryMode(name: name) else {
            throw .invalidMode("Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")
        }
        if mode == .forward && scope != Self.globalScope {
            throw .invalidMode("Forward mode only supported on global level")
        }
        return try await write { (state) throws(RegistryError) -> WriteDecision<RegistryMode> in
            guard mode == .importing && effectiveMode(scope, in: state) != .importing else {
                return .perform(.setMode(scope: scope, mode: mode)) { _ in mode }
            }
            if !force {
                let hasLive = state.contexts.contains { contextName, context in
                    context.subjects.contains { subjectName, versions in
                        Self.scope(scope, contains: QualifiedSubject(context: contextName, name: subjectName))
                            && versions.contains { !$0.deleted }
                    }
                }
                if hasLive { throw .operationNotPermitted("Cannot import since found existing subjects") }
            }
            // Purge first: removing a subject's last version drops its mode, which is then set.
            let purge = try importPurge(scope: scope, in: state)
            let setMode = RegistryWrite.setMode(scope: scope, mode: mode)
            return .perform(purge.isEmpty ? setMode : .batch(purge + [setMode])) { _ in mode }
        }
    }

    /// `DELETE /mode[/{subject}]`: removes the scope's mode and returns what it was.
    ///
    /// With `recursive` (Confluent's flag for contexts), a context or the global scope also
    /// loses the subject-level modes of every subject in it (the whole registry for global;
    /// context-level modes are left alone), all in one store write; and a target with no mode
    /// of its own is not a 404 but answers its effective mode, so the call can be used to
    /// clear the subjects of a context that never had a mode itself.
    public func deleteMode(subject subjectName: String?, recursive: Bool = false) async throws(RegistryError) -> RegistryMode {
        let scope = Self.scope(subjectName)
        return try await write { (state) throws(RegistryError) -> WriteDecision<RegistryMode> in
            let old = state.modes[scope]
            guard recursive else {
                if scope == Self.globalScope {
                    return .perform(.setMode(scope: scope, mode: nil)) { _ in old ?? .readWrite }
                }
                guard let old else { throw .subjectNotFound(subjectName ?? "") }
                return .perform(.setMode(scope: scope, mode: nil)) { _ in old }
            }
            let answer = old ?? (scope == Self.globalScope ? .readWrite : effectiveMode(scope, in: state))
            var cleared: [QualifiedSubject] = old == nil ? [] : [scope]
            if scope == Self.globalScope || scope.isContextOnly {
                let inScope = state.modes.keys.filter { key in !key.isContextOnly && Self.scope(scope, contains: key) }
                cleared += inScope.sorted()
            }
            guard !cleared.isEmpty else { return .answer(answer) }
            let writes = cleared.map { RegistryWrite.setMode(scope: $0, mode: nil) }
            return .perform(writes.count == 1 ? writes[0] : .batch(writes)) { _ in answer }
        }
    }
}
