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

    /// The HTTP status Confluent answers with (the code's first three digits).
    public var httpStatus: Int { code.httpStatus }

    /// The `error_code` of the JSON body.
    public var errorCode: Int {
        if case .incompatibleSchema(_, _, let code) = self { return code }
        return code.rawValue
    }

    /// The entry of Confluent's code table (`incompatibleSchema` is sent as 409 or 40901,
    /// `errorCode` says which).
    public var code: ErrorCode {
        switch self {
        case .subjectNotFound: return .subjectNotFound
        case .versionNotFound: return .versionNotFound
        case .schemaNotFound, .schemaIdNotFound: return .schemaNotFound
        case .subjectSoftDeleted: return .subjectSoftDeleted
        case .subjectNotSoftDeleted: return .subjectNotSoftDeleted
        case .versionSoftDeleted: return .versionSoftDeleted
        case .versionNotSoftDeleted: return .versionNotSoftDeleted
        case .subjectCompatibilityNotConfigured: return .subjectCompatibilityNotConfigured
        case .subjectModeNotConfigured: return .subjectModeNotConfigured
        case .incompatibleSchema: return .incompatibleSchema
        case .invalidSchema: return .invalidSchema
        case .invalidVersion: return .invalidVersion
        case .invalidCompatibilityLevel: return .invalidCompatibilityLevel
        case .invalidMode: return .invalidMode
        case .operationNotPermitted: return .operationNotPermitted
        case .referenceExists, .subjectReferenced: return .referenceExists
        case .invalidSubject: return .invalidSubject
        case .schemaTooLarge: return .schemaTooLarge
        case .invalidRuleSet: return .invalidRuleSet
        case .contextNotEmpty: return .contextNotEmpty
        case .storeFailure: return .storeError
        case .associationNotFound: return .associationNotFound
        case .associationForResourceExists: return .associationForResourceExists
        case .associationForSubjectExists: return .associationForSubjectExists
        case .strongAssociationForSubjectExists: return .strongAssociationForSubjectExists
        case .noActiveSubjectVersion: return .noActiveSubjectVersion
        case .associationFrozen: return .associationFrozen
        case .invalidAssociation: return .invalidAssociation
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

extension RegistryError: CustomStringConvertible {
    /// The message clients see, which is also what a command-line tool should print
    /// (`could not prepare its tables: ...`) rather than the case's spelling.
    public var description: String { message }
}
