/// Confluent's error codes: the `error_code` of its error bodies, with the HTTP status each is
/// sent with. The server answers with them and the client recognises them, from one table.
public enum ErrorCode: Int, Hashable, Sendable, CaseIterable {
    case subjectNotFound = 40401
    case versionNotFound = 40402
    case schemaNotFound = 40403
    case subjectSoftDeleted = 40404
    case subjectNotSoftDeleted = 40405
    case versionSoftDeleted = 40406
    case versionNotSoftDeleted = 40407
    case subjectCompatibilityNotConfigured = 40408
    case subjectModeNotConfigured = 40409
    case associationNotFound = 40410
    /// An incompatible schema in Confluent's newest servers (409 before, still the default here).
    case incompatibleSchema = 40901
    case tooManyAssociations = 40902
    case associationForResourceExists = 40903
    case associationForSubjectExists = 40904
    case strongAssociationForSubjectExists = 40905
    case noActiveSubjectVersion = 40907
    case associationFrozen = 40908
    case invalidSchema = 42201
    case invalidVersion = 42202
    case invalidCompatibilityLevel = 42203
    case invalidMode = 42204
    case operationNotPermitted = 42205
    case referenceExists = 42206
    case idDoesNotMatch = 42207
    case invalidSubject = 42208
    case schemaTooLarge = 42209
    case invalidRuleSet = 42210
    case contextNotEmpty = 42211
    case invalidAssociation = 42212
    case storeError = 50001
    case operationTimeout = 50002
    case requestForwardingFailed = 50003
    case unknownLeader = 50004

    /// The HTTP status Confluent sends the code with: its first three digits.
    public var httpStatus: Int { rawValue / 100 }
}
