/// The body of `POST /associations` and `PUT /associations/resources/{id}` (Confluent's
/// `AssociationCreateOrUpdateRequest`); every field is optional here because Confluent checks
/// presence itself, with its own error for each.
public struct AssociationRequest: Sendable, Hashable {
    public var resourceName: String?
    public var resourceNamespace: String?
    public var resourceId: String?
    public var resourceType: String?
    /// `nil` when the member is absent or null.
    public var associations: [AssociationSpec]?

    /// Creates a request.
    public init(
        resourceName: String? = nil, resourceNamespace: String? = nil, resourceId: String? = nil, resourceType: String? = nil,
        associations: [AssociationSpec]? = nil
    ) {
        self.resourceName = resourceName
        self.resourceNamespace = resourceNamespace
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associations = associations
    }
}

/// One association of a request (Confluent's `AssociationCreateOrUpdateInfo`, also the
/// create and upsert operations of a batch).
public struct AssociationSpec: Sendable, Hashable {
    public var subject: String?
    /// `key` or `value`; `value` when absent.
    public var associationType: String?
    public var lifecycle: Association.Lifecycle?
    public var frozen: Bool?
    /// A schema to register under the subject.
    public var schema: SchemaRequest?
    public var normalize: Bool?

    /// Creates a specification.
    public init(
        subject: String? = nil, associationType: String? = nil, lifecycle: Association.Lifecycle? = nil, frozen: Bool? = nil,
        schema: SchemaRequest? = nil, normalize: Bool? = nil
    ) {
        self.subject = subject
        self.associationType = associationType
        self.lifecycle = lifecycle
        self.frozen = frozen
        self.schema = schema
        self.normalize = normalize
    }
}

/// What a create or update wrote (Confluent's `AssociationResponse`): the resource, and the
/// associations newly written with the schema each registered.
public struct AssociationOutcome: Sendable, Hashable {
    /// One association written (Confluent's `AssociationInfo`).
    public struct Entry: Sendable, Hashable {
        /// The subject, qualified outside the default context.
        public var subject: String
        /// `key` or `value`.
        public var associationType: String
        public var lifecycle: Association.Lifecycle
        public var frozen: Bool
        /// The version the request's schema was registered as (or found to be), or the
        /// subject's latest for a batch lookup that asked for schemas.
        public var schema: SchemaVersionView?

        /// Creates an entry.
        public init(subject: String, associationType: String, lifecycle: Association.Lifecycle, frozen: Bool, schema: SchemaVersionView?) {
            self.subject = subject
            self.associationType = associationType
            self.lifecycle = lifecycle
            self.frozen = frozen
            self.schema = schema
        }
    }

    /// The resource as the request named it (empty when it did not).
    public var resourceName: String
    public var resourceNamespace: String
    /// Absent for a dry run of a create that named no id.
    public var resourceId: String?
    public var resourceType: String
    /// Only what was newly written; empty for dry runs and unchanged associations.
    public var associations: [Entry]

    /// Creates an outcome.
    public init(resourceName: String, resourceNamespace: String, resourceId: String?, resourceType: String, associations: [Entry]) {
        self.resourceName = resourceName
        self.resourceNamespace = resourceNamespace
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associations = associations
    }
}

/// One request of `POST /associations:batchGet` (Confluent's `AssociationGetRequest`).
public struct AssociationLookup: Sendable, Hashable {
    public var resourceName: String?
    public var resourceNamespace: String?
    public var resourceId: String?
    public var resourceType: String?
    public var associationTypes: [String]?
    public var lifecycle: Association.Lifecycle?

    /// Creates a lookup.
    public init(
        resourceName: String? = nil, resourceNamespace: String? = nil, resourceId: String? = nil, resourceType: String? = nil,
        associationTypes: [String]? = nil, lifecycle: Association.Lifecycle? = nil
    ) {
        self.resourceName = resourceName
        self.resourceNamespace = resourceNamespace
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associationTypes = associationTypes
        self.lifecycle = lifecycle
    }
}

/// One request of `POST /associations:batchMutate` (Confluent's `AssociationOpRequest`).
public struct AssociationOperations: Sendable, Hashable {
    /// One operation on the resource.
    public enum Operation: Sendable, Hashable {
        case create(AssociationSpec)
        case upsert(AssociationSpec)
        /// Deletes the association of a type (`value` when nil).
        case delete(associationType: String?, cascadeLifecycle: Bool)
    }

    public var resource: AssociationRequest
    public var operations: [Operation]
    /// An error the caller passes through to this request's result as it is.
    public var passedError: BatchError?

    /// Creates a batch request.
    public init(resource: AssociationRequest, operations: [Operation], passedError: BatchError? = nil) {
        self.resource = resource
        self.operations = operations
        self.passedError = passedError
    }
}

/// An error reported inside a batch answer instead of as the HTTP status.
public struct BatchError: Error, Sendable, Hashable {
    public var code: Int
    public var message: String

    /// Creates an error entry.
    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }
}
