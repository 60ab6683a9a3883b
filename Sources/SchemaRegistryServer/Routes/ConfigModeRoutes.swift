import JSONModel
import SchemaRegistryAPI
import SchemaRegistryCore

extension RegistryResponder {
    static func addConfigRoutes(_ routes: RouteTable) {
        for path in ["config", "config/{subject}"] {
            routes.read(.get, path) { r, registry in
                let subject = r.captures.first
                return .json(.object(try registry.config(subject: subject, defaultToGlobal: r.query.bool("defaultToGlobal")).json(levelKey: "compatibilityLevel")))
            }
            routes.task(.put, path) { r, registry in
                let updated = try await registry.updateConfig(subject: r.captures.first, ConfigUpdate(body: try shapedConfigBody(r.jsonObject())))
                return .json(.object(updated.json(levelKey: "compatibility")))
            }
            routes.task(.delete, path) { r, registry in
                .json(.object(try await registry.deleteConfig(subject: r.captures.first).json(levelKey: "compatibilityLevel")))
            }
        }
    }

    /// A `PUT /config` body with its data-contract members in Confluent's shape (as Jackson
    /// maps `ConfigUpdateRequest`); null stays null, which clears the member.
    static func shapedConfigBody(_ body: JSONObject) throws(APIError) -> JSONObject {
        var shaped = body
        try RegistryJSON.wire { () throws(WireError) in
            for key in ["defaultMetadata", "overrideMetadata"] where body[key]?.isNull == false {
                shaped[key] = try Wire.metadata(body, key)
            }
            for key in ["defaultRuleSet", "overrideRuleSet"] where body[key]?.isNull == false {
                shaped[key] = try Wire.ruleSet(body, key)
            }
        }
        return shaped
    }

    static func addModeRoutes(_ routes: RouteTable) {
        for path in ["mode", "mode/{subject}"] {
            routes.read(.get, path) { r, registry in
                .json(["mode": .string(try registry.mode(subject: r.captures.first, defaultToGlobal: r.query.bool("defaultToGlobal")).rawValue)])
            }
            routes.task(.put, path) { r, registry in
                let body = try r.jsonObject()
                guard let name = body["mode"]?.stringValue else {
                    throw RegistryError.invalidMode("Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")
                }
                _ = try await registry.updateMode(subject: r.captures.first, to: name, force: r.query.bool("force"))
                // Confluent answers with the request as it was sent: `readonly` stays lower case.
                return .json(["mode": .string(name)])
            }
            routes.task(.delete, path) { r, registry in
                let old = try await registry.deleteMode(subject: r.captures.first, recursive: r.query.bool("recursive"))
                return .json(["mode": .string(old.rawValue)])
            }
        }
    }

    static func addCompatibilityRoutes(_ routes: RouteTable) {
        routes.task(.post, "compatibility/subjects/{subject}/versions") { r, registry in
            let verbose = r.query.bool("verbose")
            let result = try registry.checkCompatibility(
                subject: r[0], version: nil, try RegistryJSON.schemaRequest(try r.json()), normalize: r.query.bool("normalize"), verbose: verbose)
            return .json(RegistryJSON.compatibility(result, verbose: verbose))
        }
        routes.task(.post, "compatibility/subjects/{subject}/versions/{version}") { r, registry in
            let verbose = r.query.bool("verbose")
            let result = try registry.checkCompatibility(
                subject: r[0], version: try version(r[1]), try RegistryJSON.schemaRequest(try r.json()),
                normalize: r.query.bool("normalize"), verbose: verbose)
            return .json(RegistryJSON.compatibility(result, verbose: verbose))
        }
    }

    static func addContextRoutes(_ routes: RouteTable) {
        routes.read(.get, "contexts") { r, registry in strings(registry.contexts(prefix: r.query["contextPrefix"], page: try page(r))) }
        routes.task(.delete, "contexts/{context}") { r, registry in
            try registry.deleteContext(r[0])
            return .noContent
        }
    }
}
