import JSONModel
import NIOCore
import SchemaRegistryAPI
import SchemaRegistryCore

/// What a route needs of the principal calling it, under an `AccessPolicy`.
///
/// Every route is named in `RouteAccess.table`; a route missing from it is admin-only, so a new
/// endpoint is closed until someone decides who may call it (a test lists the routes and
/// fails on any the table forgets).
enum RouteAccess: Sendable, Equatable {
    /// Any authenticated principal: the root, metadata and the list of schema types, which
    /// say nothing of any subject.
    case anyone
    /// `operation` on the subject of the first path capture (and on the subject a read of it
    /// would fall back to, in another context).
    case subject(AccessOperation)
    /// A listing of subjects or their schemas: answered for anyone, showing only the subjects
    /// the principal may read.
    case readableSubjects
    /// A schema by id (first capture): allowed when a subject the principal may read uses it;
    /// listings of the subjects and versions using it show only those.
    case schemaID
    /// A schema by GUID (first capture): allowed when one of its ids is readable as above.
    case schemaGUID
    /// `operation` on registry-wide resources.
    case global(AccessOperation)
    /// A config or mode: with a subject capture, `operation` on that subject (a context's own
    /// scope is the subject with an empty name), without, `operation` globally.
    case scoped(AccessOperation)
    /// Setting a mode: `config` on its scope, and `admin` when the new mode is IMPORT (which lets
    /// the caller choose ids).
    case modeChange

    /// Each route's access, by `METHOD /pattern`.
    static let table: [String: RouteAccess] = [
        "GET /": .anyone,
        "POST /": .anyone,
        "GET /v1/metadata/id": .anyone,
        "GET /v1/metadata/version": .anyone,
        "GET /v1/metadata/deployment": .anyone,
        "GET /schemas/types": .anyone,

        "GET /subjects": .readableSubjects,
        "POST /subjects/{subject}": .subject(.read),
        "DELETE /subjects/{subject}": .subject(.delete),
        "GET /subjects/{subject}/metadata": .subject(.read),
        "GET /subjects/{subject}/versions": .subject(.read),
        "POST /subjects/{subject}/versions": .subject(.write),
        "POST /subjects/{subject}/versions/{version}/tags": .subject(.write),
        "GET /subjects/{subject}/versions/{version}": .subject(.read),
        "GET /subjects/{subject}/versions/{version}/schema": .subject(.read),
        "GET /subjects/{subject}/versions/{version}/referencedby": .subject(.read),
        "DELETE /subjects/{subject}/versions/{version}": .subject(.delete),
        "POST /compatibility/subjects/{subject}/versions": .subject(.read),
        "POST /compatibility/subjects/{subject}/versions/{version}": .subject(.read),

        "GET /schemas": .readableSubjects,
        "GET /schemas/ids/{id}": .schemaID,
        "GET /schemas/ids/{id}/schema": .schemaID,
        "GET /schemas/ids/{id}/subjects": .schemaID,
        "GET /schemas/ids/{id}/versions": .schemaID,
        "GET /schemas/guids/{guid}": .schemaGUID,
        "GET /schemas/guids/{guid}/ids": .schemaGUID,

        "GET /config": .scoped(.read),
        "PUT /config": .scoped(.config),
        "DELETE /config": .scoped(.config),
        "GET /config/{subject}": .scoped(.read),
        "PUT /config/{subject}": .scoped(.config),
        "DELETE /config/{subject}": .scoped(.config),
        "GET /mode": .scoped(.read),
        "PUT /mode": .modeChange,
        "DELETE /mode": .scoped(.config),
        "GET /mode/{subject}": .scoped(.read),
        "PUT /mode/{subject}": .modeChange,
        "DELETE /mode/{subject}": .scoped(.config),

        "GET /contexts": .global(.read),
        "DELETE /contexts/{context}": .global(.admin),

        "GET /associations/subjects/{subject}": .subject(.read),
        "GET /associations/resources/{resourceId}": .global(.read),
        "GET /associations/resources/{resourceNamespace}/{resourceName}": .global(.read),
        "POST /associations": .global(.write),
        "PUT /associations/resources/{resourceId}": .global(.write),
        "DELETE /associations/resources/{resourceId}": .global(.delete),
        "POST /associations:batchGet": .global(.read),
        "POST /associations:batchMutate": .global(.write),
    ]

    /// The operation the route does before any body is read (a mode change may turn out to
    /// need `admin`), for the audit log when no rules decide.
    var operation: AccessOperation {
        switch self {
        case .anyone, .readableSubjects, .schemaID, .schemaGUID: .read
        case .subject(let operation), .global(let operation), .scoped(let operation): operation
        case .modeChange: .config
        }
    }

    /// Whether the first capture is a subject (or a config or mode scope).
    var namesSubject: Bool {
        switch self {
        case .subject, .scoped, .modeChange: true
        default: false
        }
    }

    /// The access of a route; admin-only for a route the table does not name.
    static func of(method: String, label: String) -> RouteAccess {
        table[method + " " + label] ?? .global(.admin)
    }
}

/// An access decision: allowed (with the listing filter, if any), or denied with Confluent's
/// 403 and what was asked, for the audit log.
struct AccessDecision {
    /// The operation the request needed, and on what (`Subject: orders-value`, `Global`).
    var operation: AccessOperation
    var resource: String
    /// Whether the policy allowed it.
    var allowed: Bool
    /// For listings: the subjects the principal may see.
    var visible: SubjectVisibility?

    /// Confluent's answer to a denied request.
    var error: APIError {
        APIError(status: 403, errorCode: 40301, message: "User is denied operation \(operation.deniedName) on \(resource)")
    }
}

extension AccessPolicy {
    /// Decides a routed request.
    ///
    /// - Parameters:
    ///   - access: the route's entry in `RouteAccess.table`.
    ///   - captures: the route's path captures (subject, id or GUID first).
    ///   - query: the query (`subject` chooses the context of a read by id).
    ///   - body: the request body once read; a mode change is decided again with it, since
    ///     only the body says whether it enters IMPORT.
    ///   - registry: for the checks that depend on the state (who uses an id, fallbacks).
    func decide(
        _ access: RouteAccess, principal: Principal, captures: [String], query: QueryParameters, body: ByteBuffer?, registry: Registry?
    ) -> AccessDecision {
        func onSubject(_ operation: AccessOperation, _ name: String) -> AccessDecision {
            let subject = QualifiedSubject(parsing: name)
            var allowed = permits(principal, operation, subject: subject)
            if allowed, let registry {
                let addressed = registry.subjectAddressed(by: name)
                if addressed != subject { allowed = permits(principal, operation, subject: addressed) }
            }
            return AccessDecision(operation: operation, resource: "Subject: \(name)", allowed: allowed)
        }
        func globally(_ operation: AccessOperation) -> AccessDecision {
            AccessDecision(operation: operation, resource: "Global", allowed: permitsGlobally(principal, operation))
        }
        switch access {
        case .anyone:
            return AccessDecision(operation: .read, resource: "Global", allowed: true)
        case .subject(let operation):
            return onSubject(operation, captures.first ?? "")
        case .readableSubjects:
            return AccessDecision(operation: .read, resource: "Subjects", allowed: true, visible: readable(by: principal))
        case .schemaID:
            let visible = readable(by: principal)
            let id = captures.first.flatMap { Int32($0) }.map(Int.init)
            // An id that is not a number, or names no schema, is the handler's 404 to give.
            let allowed = id.flatMap { registry?.mayRead(id: $0, subject: query["subject"], visible: visible) } ?? true
            return AccessDecision(operation: .read, resource: "Schema: \(captures.first ?? "")", allowed: allowed, visible: visible)
        case .schemaGUID:
            let visible = readable(by: principal)
            guard let registry, let ids = try? registry.ids(guid: captures.first ?? "") else {
                return AccessDecision(operation: .read, resource: "Schema: \(captures.first ?? "")", allowed: true)
            }
            let allowed = ids.contains { registry.mayRead(id: $0.id, subject: ":\($0.context):", visible: visible) == true }
            return AccessDecision(operation: .read, resource: "Schema: \(captures.first ?? "")", allowed: allowed)
        case .global(let operation):
            return globally(operation)
        case .scoped(let operation):
            guard let scope = captures.first else { return globally(operation) }
            return onSubject(operation, scope)
        case .modeChange:
            var operation = AccessOperation.config
            if let body, let parsed = try? JSONParser().parse(body.readableBytesView),
                parsed.objectValue?["mode"]?.stringValue?.uppercased() == RegistryMode.importing.rawValue
            {
                operation = .admin
            }
            guard let scope = captures.first else { return globally(operation) }
            return onSubject(operation, scope)
        }
    }
}
