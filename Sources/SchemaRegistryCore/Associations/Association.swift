import JSONModel

/// A link from a resource (a Kafka topic) to the subject that holds its key or value schemas:
/// Confluent's association (8.0.4, 8.1.2, 8.2 and later).
///
/// The serializers' `AssociatedNameStrategy` asks for it to find a topic's subject, and a
/// strong association makes the subject belong to the topic: it cannot be deleted or
/// referenced while the association lives, and deleting the association with
/// `cascadeLifecycle` deletes the subject with it.
public struct Association: Hashable, Sendable {
    /// Who owns the subject's lifetime (Confluent's `LifecyclePolicy`).
    public enum Lifecycle: String, Hashable, Sendable, CaseIterable {
        /// The resource owns the subject: it uses the resource's own subject name, carries its
        /// schema from creation, and is always frozen.
        case strong = "STRONG"
        /// The subject is shared: it exists on its own and outlives the association.
        case weak = "WEAK"
    }

    /// A random UUID, kept by updates.
    public var guid: String
    /// The subject, with its context.
    public var subject: QualifiedSubject
    public var resourceName: String
    public var resourceNamespace: String
    /// The resource's own identifier (a topic's UUID): the key associations are found by.
    public var resourceId: String
    /// Always `topic` today.
    public var resourceType: String
    /// `key` or `value`.
    public var associationType: String
    public var lifecycle: Lifecycle
    /// Whether the association can neither change nor be deleted without cascading.
    public var frozen: Bool
    /// Milliseconds since 1970 of the first write.
    public var createTimestamp: Int64
    /// Milliseconds since 1970 of the latest write.
    public var updateTimestamp: Int64

    /// Creates an association.
    public init(
        guid: String, subject: QualifiedSubject, resourceName: String, resourceNamespace: String, resourceId: String,
        resourceType: String, associationType: String, lifecycle: Lifecycle, frozen: Bool, createTimestamp: Int64,
        updateTimestamp: Int64
    ) {
        self.guid = guid
        self.subject = subject
        self.resourceName = resourceName
        self.resourceNamespace = resourceNamespace
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associationType = associationType
        self.lifecycle = lifecycle
        self.frozen = frozen
        self.createTimestamp = createTimestamp
        self.updateTimestamp = updateTimestamp
    }

    /// What identifies an association: one per resource and association type.
    public var key: AssociationKey { AssociationKey(resourceId: resourceId, resourceType: resourceType, associationType: associationType) }

    /// Confluent's order of association lists: resource name, namespace, type, association
    /// type, then subject (Java string order, which for these names is UTF-16 order).
    public static func listOrder(_ a: Association, _ b: Association) -> Bool {
        let left = [a.resourceName, a.resourceNamespace, a.resourceType, a.associationType, a.subject.description]
        let right = [b.resourceName, b.resourceNamespace, b.resourceType, b.associationType, b.subject.description]
        for (l, r) in zip(left, right) where l != r { return l.utf16.lexicographicallyPrecedes(r.utf16) }
        return false
    }

    /// The JSON entity of the GET endpoints; `frozen` only when it differs from what the
    /// lifecycle implies, as Confluent writes it.
    public var json: JSONValue {
        var o = JSONObject()
        o.appendUnchecked("subject", .string(subject.description))
        o.appendUnchecked("guid", .string(guid))
        o.appendUnchecked("resourceName", .string(resourceName))
        o.appendUnchecked("resourceNamespace", .string(resourceNamespace))
        o.appendUnchecked("resourceId", .string(resourceId))
        o.appendUnchecked("resourceType", .string(resourceType))
        o.appendUnchecked("associationType", .string(associationType))
        o.appendUnchecked("lifecycle", .string(lifecycle.rawValue))
        if frozen != (lifecycle == .strong) { o.appendUnchecked("frozen", .bool(frozen)) }
        o.appendUnchecked("createTs", .integer(createTimestamp))
        o.appendUnchecked("updateTs", .integer(updateTimestamp))
        return .object(o)
    }

    /// The form a store keeps: the entity with `frozen` always written.
    public var storedJSON: JSONValue {
        guard case .object(var o) = json else { return json }
        o["frozen"] = .bool(frozen)
        return .object(o)
    }

    /// Reads `storedJSON`; `nil` when a member is missing or of the wrong kind.
    public init?(storedJSON value: JSONValue) {
        guard let o = value.objectValue, let subject = o["subject"]?.stringValue, let guid = o["guid"]?.stringValue,
            let resourceName = o["resourceName"]?.stringValue, let resourceNamespace = o["resourceNamespace"]?.stringValue,
            let resourceId = o["resourceId"]?.stringValue, let resourceType = o["resourceType"]?.stringValue,
            let associationType = o["associationType"]?.stringValue,
            let lifecycle = o["lifecycle"]?.stringValue.flatMap(Lifecycle.init(rawValue:)),
            case .bool(let frozen)? = o["frozen"], case .integer(let created)? = o["createTs"], case .integer(let updated)? = o["updateTs"]
        else { return nil }
        self.init(
            guid: guid, subject: QualifiedSubject(parsing: subject), resourceName: resourceName, resourceNamespace: resourceNamespace,
            resourceId: resourceId, resourceType: resourceType, associationType: associationType, lifecycle: lifecycle, frozen: frozen,
            createTimestamp: created, updateTimestamp: updated)
    }
}

/// The identity of an association: a resource's association of one type.
public struct AssociationKey: Hashable, Sendable, Comparable {
    public var resourceId: String
    public var resourceType: String
    public var associationType: String

    /// Creates a key.
    public init(resourceId: String, resourceType: String, associationType: String) {
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.associationType = associationType
    }

    public static func < (a: AssociationKey, b: AssociationKey) -> Bool {
        (a.resourceId, a.resourceType, a.associationType) < (b.resourceId, b.resourceType, b.associationType)
    }
}
