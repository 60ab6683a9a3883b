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
    /// One association written.
    public struct Entry: Sendable, Hashable {
        public var subject: String
        public var associationType: String
        public var lifecycle: Association.Lifecycle
        public var frozen: Bool
        /// The version the request's schema was registered as (or found to be).
        public var schema: SchemaVersionView?
    }

    public var resourceName: String
    public var resourceNamespace: String
    public var resourceId: String?
    public var resourceType: String
    public var associations: [Entry]
}

/// A filter of association lists: resource type, association types, lifecycle.
public struct AssociationFilter: Sendable, Hashable {
    /// `topic` when absent or empty.
    public var resourceType: String
    /// Any type when empty.
    public var associationTypes: [String]
    public var lifecycle: Association.Lifecycle?

    /// Creates a filter; an empty resource type means `topic`.
    public init(resourceType: String? = nil, associationTypes: [String] = [], lifecycle: Association.Lifecycle? = nil) {
        self.resourceType = (resourceType ?? "").isEmpty ? "topic" : resourceType!
        self.associationTypes = associationTypes.filter { !$0.isEmpty }
        self.lifecycle = lifecycle
    }

    /// Whether `association` passes.
    public func matches(_ association: Association) -> Bool {
        association.resourceType == resourceType
            && (associationTypes.isEmpty || associationTypes.contains(association.associationType))
            && (lifecycle == nil || association.lifecycle == lifecycle)
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

/// The association filters of `GET /schemas` (`resourceType`, `associationType`, `lifecycle`
/// with `NONE` for subjects without associations): a listed schema's subject must have a
/// matching association, and is shown with them.
public struct SchemaAssociationFilter: Sendable, Hashable {
    /// A lifecycle to list: one of the associations', or none at all.
    public enum LifecycleChoice: String, Sendable, Hashable {
        case none = "NONE"
        case strong = "STRONG"
        case weak = "WEAK"
    }

    public var resourceType: String?
    public var associationTypes: [String]
    public var lifecycles: [LifecycleChoice]

    /// A filter, or `nil` when no parameter asks for one (the listing is then unfiltered).
    public init?(resourceType: String?, associationTypes: [String], lifecycles: [LifecycleChoice]) {
        let types = associationTypes.filter { !$0.isEmpty }
        guard resourceType?.isEmpty == false || !types.isEmpty || !lifecycles.isEmpty else { return nil }
        self.resourceType = resourceType?.isEmpty == false ? resourceType : nil
        self.associationTypes = types
        self.lifecycles = lifecycles
    }

    /// The associations of a subject (`all`) this filter shows, `[]` for a subject listed for
    /// having none (`NONE`), `nil` for a subject left out.
    public func shown(_ all: [Association]) -> [Association]? {
        if all.isEmpty { return lifecycles.contains(.none) ? [] : nil }
        let matching = all.filter { a in
            (resourceType == nil || a.resourceType == resourceType)
                && (associationTypes.isEmpty || associationTypes.contains(a.associationType))
                && (lifecycles.isEmpty || lifecycles.contains { $0.rawValue == a.lifecycle.rawValue })
        }
        return matching.isEmpty ? nil : matching.sorted(by: Association.listOrder)
    }
}
