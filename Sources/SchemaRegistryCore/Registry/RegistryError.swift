/// Every failure the registry reports, one case per Confluent error, so that the HTTP layer
/// only maps `httpStatus`, `errorCode` and `message` and clients see Confluent's exact bodies.
///
/// Messages are Confluent's templates verbatim, including its odd punctuation
/// ("soft deleted.Set permanent=true") because client code and tests match on them.
public enum RegistryError: Error, Hashable, Sendable {
    case subjectNotFound(String)
    case versionNotFound(Int)
    case schemaNotFound
    case schemaIdNotFound(String)
    case subjectSoftDeleted(String)
    case subjectNotSoftDeleted(String)
    case versionSoftDeleted(subject: String, version: Int)
    case versionNotSoftDeleted(subject: String, version: Int)
    case subjectCompatibilityNotConfigured(String)
    case subjectModeNotConfigured(String)
    /// `code` is 409 (what clients expect today) or 40901 (Confluent master), a server option.
    case incompatibleSchema(subject: String, messages: [String], code: Int)
    case invalidSchema(String)
    case invalidVersion(String)
    case invalidCompatibilityLevel
    case invalidMode(String)
    case operationNotPermitted(String)
    case referenceExists(subject: String, version: Int)
    case invalidSubject(String)
    case schemaTooLarge
    case invalidRuleSet(String)
    case contextNotEmpty(String)
    case storeFailure(String)
    /// No association of the resource id (and types) asked for.
    case associationNotFound(resourceId: String)
    case associationForResourceExists(associationType: String, resourceName: String)
    case associationForSubjectExists(String)
    case strongAssociationForSubjectExists(String)
    case noActiveSubjectVersion(String)
    case associationFrozen(associationType: String, subject: String)
    /// An association request with a bad property (Confluent's `IllegalPropertyException`).
    case invalidAssociation(property: String, detail: String)
    /// A subject that schemas reference cannot get a strong association.
    case subjectReferenced(String)

    /// The HTTP status Confluent answers with.
    public var httpStatus: Int {
        switch self {
        case .subjectNotFound, .versionNotFound, .schemaNotFound, .schemaIdNotFound, .subjectSoftDeleted,
            .subjectNotSoftDeleted, .versionSoftDeleted, .versionNotSoftDeleted, .subjectCompatibilityNotConfigured,
            .subjectModeNotConfigured, .associationNotFound:
            return 404
        case .incompatibleSchema, .associationForResourceExists, .associationForSubjectExists, .strongAssociationForSubjectExists,
            .noActiveSubjectVersion, .associationFrozen:
            return 409
        case .invalidSchema, .invalidVersion, .invalidCompatibilityLevel, .invalidMode, .operationNotPermitted,
            .referenceExists, .invalidSubject, .schemaTooLarge, .invalidRuleSet, .contextNotEmpty, .invalidAssociation,
            .subjectReferenced:
            return 422
        case .storeFailure: return 500
        }
    }

    /// The `error_code` of the JSON body.
    public var errorCode: Int {
        switch self {
        case .subjectNotFound: return 40401
        case .versionNotFound: return 40402
        case .schemaNotFound, .schemaIdNotFound: return 40403
        case .subjectSoftDeleted: return 40404
        case .subjectNotSoftDeleted: return 40405
        case .versionSoftDeleted: return 40406
        case .versionNotSoftDeleted: return 40407
        case .subjectCompatibilityNotConfigured: return 40408
        case .subjectModeNotConfigured: return 40409
        case .incompatibleSchema(_, _, let code): return code
        case .invalidSchema: return 42201
        case .invalidVersion: return 42202
        case .invalidCompatibilityLevel: return 42203
        case .invalidMode: return 42204
        case .operationNotPermitted: return 42205
        case .referenceExists: return 42206
        case .invalidSubject: return 42208
        case .schemaTooLarge: return 42209
        case .invalidRuleSet: return 42210
        case .contextNotEmpty: return 42211
        case .storeFailure: return 50001
        case .associationNotFound: return 40410
        case .associationForResourceExists: return 40903
        case .associationForSubjectExists: return 40904
        case .strongAssociationForSubjectExists: return 40905
        case .noActiveSubjectVersion: return 40907
        case .associationFrozen: return 40908
        case .invalidAssociation: return 42212
        case .subjectReferenced: return 42206
        }
    }

    /// The `message` of the JSON body.
    public var message: String {
        switch self {
        case .subjectNotFound(let s): return "Subject '\(s)' not found."
        case .versionNotFound(let v): return "Version \(v) not found."
        case .schemaNotFound: return "Schema not found"
        case .schemaIdNotFound(let id): return "Schema \(id) not found"
        case .subjectSoftDeleted(let s): return "Subject '\(s)' was soft deleted.Set permanent=true to delete permanently"
        case .subjectNotSoftDeleted(let s): return "Subject '\(s)' was not deleted first before being permanently deleted"
        case .versionSoftDeleted(let s, let v):
            return "Subject '\(s)' Version \(v) was soft deleted.Set permanent=true to delete permanently"
        case .versionNotSoftDeleted(let s, let v):
            return "Subject '\(s)' Version \(v) was not deleted first before being permanently deleted"
        case .subjectCompatibilityNotConfigured(let s): return "Subject '\(s)' does not have subject-level compatibility configured"
        case .subjectModeNotConfigured(let s): return "Subject '\(s)' does not have subject-level mode configured"
        case .incompatibleSchema(let s, let messages, _):
            return "Schema being registered is incompatible with an earlier schema for subject \"\(s)\", details: ["
                + messages.joined(separator: ", ") + "]"
        case .invalidSchema(let m): return m
        case .invalidVersion(let v):
            return "The specified version '\(v)' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\""
        case .invalidCompatibilityLevel:
            return "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"
        case .invalidMode(let m): return m
        case .operationNotPermitted(let m): return m
        case .referenceExists(let s, let v):
            return "One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=\(s),version=\(v)}."
        case .invalidSubject(let s): return "The specified subject '\(s)' is not a valid."
        case .schemaTooLarge: return "Register operation failed because schema is too large"
        case .invalidRuleSet(let m): return m
        case .contextNotEmpty(let c): return "The specified context '\(c)' is not empty."
        case .storeFailure(let m): return m
        case .associationNotFound(let id): return "Association for '\(id)' not found."
        case .associationForResourceExists(let type, let resource):
            return "An association of type '\(type)' already exists for resource '\(resource)'"
        case .associationForSubjectExists(let s): return "An association already exists for subject '\(s)'"
        case .strongAssociationForSubjectExists(let s): return "A strong association already exists for subject '\(s)'"
        case .noActiveSubjectVersion(let s): return "No active (non-deleted) version exists for subject '\(s)'"
        // Two spaces after "type", as Confluent's template has them.
        case .associationFrozen(let type, let s): return "The association of type  '\(type)' is frozen for subject '\(s)'"
        case .invalidAssociation(let property, let detail):
            return "The association specified an invalid value for property: '\(property)', detail: \(detail)"
        case .subjectReferenced(let s): return "One or more references exist to the schema \(s)."
        }
    }
}
