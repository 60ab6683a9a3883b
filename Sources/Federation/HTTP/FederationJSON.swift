import JSONModel

/// The API's JSON shapes, written once here so every endpoint answers the same names
/// (snake_case, as the scripts that use this API expect).
enum FederationJSON {
    static func error(_ report: RegistryErrorReport) -> JSONValue {
        [
            "registry_id": .string(report.registryID), "code": .string(report.error.code), "message": .string(report.error.description),
            "retryable": .bool(report.error.isRetryable),
        ]
    }

    static func registry(_ member: FederationService.Member) -> JSONValue {
        let backend = member.backend
        let capabilities = backend.capabilities
        return [
            "id": .string(member.configuration.id), "type": .string(backend.kind.rawValue),
            "supported_formats": .array(backend.supportedFormats.map { .string($0.rawValue) }),
            "capabilities": [
                "can_list": .bool(capabilities.canList), "can_register": .bool(capabilities.canRegister),
                "has_dry_run_compatibility_check": .bool(capabilities.hasDryRunCompatibilityCheck),
                "has_version_history": .bool(capabilities.hasVersionHistory), "can_set_subject_mode": .bool(capabilities.canSetSubjectMode),
                "can_set_global_mode": .bool(capabilities.canSetGlobalMode), "id_kind": .string(capabilities.idKind.rawValue),
            ],
        ]
    }

    static func health(_ report: HealthReport, withMetadata: Bool) -> JSONValue {
        var object: JSONObject = [
            "healthy": .bool(report.healthy), "status_code": .integer(Int64(report.statusCode)), "message": .string(report.message),
            "response_time_ms": .double((report.responseTimeMilliseconds * 100).rounded() / 100),
        ]
        if let error = report.error {
            object["code"] = .string(error.code)
            object["retryable"] = .bool(error.isRetryable)
        }
        if withMetadata {
            var metadata: JSONObject = ["registry_type": .string(report.member.backend.kind.rawValue)]
            // Without its query: a token there is still a secret.
            if let url = report.member.configuration.url { metadata["url"] = .string(String(url.prefix { $0 != "?" })) }
            if let catalog = report.member.configuration.metadata["catalog"] { metadata["catalog"] = .string(catalog) }
            if let error = report.error { metadata["error"] = .string(error.description) }
            object["metadata"] = .object(metadata)
        }
        return .object(object)
    }

    static func schema(_ schema: FederatedSchema, registryType: RegistryKind) -> JSONValue {
        var object: JSONObject = [
            "id": .string(schema.id), "subject": .string(schema.subject), "version": schema.version.map { .integer(Int64($0)) } ?? .null,
            "schema_format": .string(schema.format.rawValue), "schema_content": .string(schema.content),
            "registry_type": .string(registryType.rawValue), "metadata": .object(schema.metadata),
        ]
        object["created_at"] = schema.createdAt.map { .string(isoTimestamp(milliseconds: $0)) } ?? .null
        if !schema.references.isEmpty {
            object["references"] = .array(schema.references.map { ["name": .string($0.name), "schema_format": .string($0.format.rawValue)] })
        }
        return .object(object)
    }

    static func verdict(_ verdict: CompatibilityVerdict) -> JSONValue {
        var object: JSONObject = [
            "is_compatible": .bool(verdict.isCompatible), "messages": .array(verdict.messages.map(JSONValue.string)),
            "compatibility_level": verdict.level.map { .string($0.rawValue) } ?? .null, "errors": .array(verdict.errors.map(JSONValue.string)),
            "computed_by": .string(verdict.computedBy.rawValue),
        ]
        if let rules = verdict.rules { object["rules"] = .string(rules) }
        return .object(object)
    }

    static func mode(_ reading: ModeReading?) -> JSONValue {
        reading?.mode.map { .string($0.rawValue) } ?? .null
    }

    static func bulkCheck(_ report: BulkCheckReport) -> JSONValue {
        [
            "target_mode": .string(report.targetMode.rawValue), "total_checked": .integer(Int64(report.results.count)),
            "compatible": .integer(Int64(report.compatibleCount)), "incompatible": .integer(Int64(report.incompatibleCount)),
            "errors": .integer(Int64(report.errorCount)), "duration_seconds": .double((report.durationSeconds * 1000).rounded() / 1000),
            "results": .array(report.results.map { item in
                [
                    "registry_id": .string(item.registryID), "subject": .string(item.subject), "is_compatible": .bool(item.isCompatible),
                    "messages": .array(item.messages.map(JSONValue.string)), "errors": .array(item.errors.map(JSONValue.string)),
                    "versions_checked": .integer(Int64(item.versionsChecked)), "target_mode": .string(report.targetMode.rawValue),
                    "computed_by": "federation",
                ]
            }),
            "registry_errors": .array(report.registryErrors.map(error)),
        ]
    }

    static func bulkSet(_ report: BulkSetReport) -> JSONValue {
        let failed = report.results.filter { $0.status == "failed" }.count
        let results: [JSONValue] = report.results.map { item in
            var object: JSONObject = [
                "registry_id": .string(item.registryID), "subject": item.subject.map(JSONValue.string) ?? .null,
                "scope": .string(item.subject == nil ? "global" : "subject"), "old_mode": item.oldMode.map { .string($0.rawValue) } ?? .null,
                "new_mode": .string(item.newMode.rawValue), "status": .string(item.status), "success": .bool(item.status != "failed"),
                "dry_run": .bool(item.dryRun),
            ]
            object["history_compatible"] = item.historyCompatible.map(JSONValue.bool) ?? .null
            object["messages"] = .array(item.messages.map(JSONValue.string))
            object["error"] = item.error.map(error) ?? .null
            return .object(object)
        }
        return [
            "dry_run": .bool(report.dryRun), "target_mode": .string(report.targetMode.rawValue), "total": .integer(Int64(report.results.count)),
            "succeeded": .integer(Int64(report.results.filter { $0.status == "success" }.count)), "failed": .integer(Int64(failed)),
            "would_violate": .integer(Int64(report.results.filter { $0.historyCompatible == false }.count)),
            "errors": .integer(Int64(failed + report.registryErrors.count)),
            "duration_seconds": .double((report.durationSeconds * 1000).rounded() / 1000), "results": .array(results),
            "registry_errors": .array(report.registryErrors.map(error)),
        ]
    }

    /// `2026-12-03T12:00:00.000Z` for milliseconds since 1970.
    static func isoTimestamp(milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let stamp = AWSSignatureV4.amzDate(secondsSince1970: seconds)
        let millis = milliseconds - seconds * 1000
        let digits = String(millis + 1000).dropFirst()
        let date = stamp.prefix(8)
        let time = stamp.dropFirst(9).prefix(6)
        return "\(date.prefix(4))-\(date.dropFirst(4).prefix(2))-\(date.suffix(2))T\(time.prefix(2)):\(time.dropFirst(2).prefix(2)):\(time.suffix(2)).\(digits)Z"
    }
}
