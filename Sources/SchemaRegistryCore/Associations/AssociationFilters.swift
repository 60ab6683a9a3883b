/// A filter of association lists: resource type, association types, lifecycle.
public struct AssociationFilter: Sendable, Hashable {
    /// `topic` when absent or empty.
    public var resourceType: String
    /// Any type when empty.
    public var associationTypes: [String]
    public var lifecycle: Association.Lifecycle?

    /// Creates a filter; an empty resource type means `topic`.
    public init(resourceType: String? = nil, associationTypes: [String] = [], lifecycle: Association.Lifecycle? = nil) {
        if let resourceType, !resourceType.isEmpty { self.resourceType = resourceType } else { self.resourceType = "topic" }
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
    ///
    /// As in Confluent, the types narrow the associations first, so a subject whose
    /// associations are all of other types counts as having none.
    public func shown(_ all: [Association]) -> [Association]? {
        let typed = all.filter { a in
            (resourceType == nil || a.resourceType == resourceType) && (associationTypes.isEmpty || associationTypes.contains(a.associationType))
        }
        if typed.isEmpty { return lifecycles.contains(.none) ? [] : nil }
        let matching = lifecycles.isEmpty ? typed : typed.filter { a in lifecycles.contains { $0.rawValue == a.lifecycle.rawValue } }
        return matching.isEmpty ? nil : matching.sorted(by: Association.listOrder)
    }
}
