import JSONModel

/// Tags a registration asks to add to or remove from a schema's records and fields
/// (`schemaTagsToAdd`, `schemaTagsToRemove`), applied to the schema text before it is
/// registered, looked up or checked, as Confluent's `ParsedSchema.copy(tagsToAdd, tagsToRemove)`.
public struct SchemaTagEdits: Sendable, Hashable {
    /// A record or field, by Confluent's entity path and type.
    public struct Entity: Hashable, Sendable {
        public var path: String
        public var kind: TaggedEntity.Kind

        /// Creates an entity.
        public init(path: String, kind: TaggedEntity.Kind) {
            self.path = path
            self.kind = kind
        }
    }

    /// Tags to add, per entity (an entity listed twice gets both lists).
    public var toAdd: [TaggedEntity]
    /// Tags to remove, per entity; removal comes after addition.
    public var toRemove: [TaggedEntity]

    /// Creates edits.
    public init(toAdd: [TaggedEntity] = [], toRemove: [TaggedEntity] = []) {
        self.toAdd = toAdd
        self.toRemove = toRemove
    }

    /// No entity to change.
    public var isEmpty: Bool { toAdd.isEmpty && toRemove.isEmpty }

    /// The entities to change, in Confluent's order: those with tags to add, then the others
    /// with tags to remove.
    public var entities: [Entity] {
        var seen: Set<Entity> = []
        return (toAdd + toRemove).map { Entity(path: $0.path, kind: $0.kind) }.filter { seen.insert($0).inserted }
    }

    /// An entity's tags after the edits: `existing` in order, the added ones appended (once),
    /// then the removed ones taken out.
    public func tags(of entity: Entity, existing: [String]) -> [String] {
        var result = existing
        for edit in toAdd where edit.path == entity.path && edit.kind == entity.kind {
            for tag in edit.tags where !result.contains(tag) { result.append(tag) }
        }
        let removed = Set(toRemove.filter { $0.path == entity.path && $0.kind == entity.kind }.flatMap(\.tags))
        return result.filter { !removed.contains($0) }
    }

    /// `json` with every entity's `confluent:tags` rewritten (removed when none are left), as
    /// Confluent's `modifySchemaTags` does for every format; `locate` finds an entity's object.
    public func apply(
        to json: JSONValue, locate: (Entity, JSONValue) -> [JSONPathStep]?
    ) throws(SchemaParseFailure) -> JSONValue {
        var json = json
        for entity in entities {
            guard let location = locate(entity, json), case .object(var o)? = json.value(at: location) else {
                throw Self.noMatchingPath(entity.path)
            }
            let tags = tags(of: entity, existing: TaggedEntity.inlineTags(of: o))
            o["confluent:tags"] = tags.isEmpty ? nil : .array(tags.map(JSONValue.string))
            json.update(at: location) { $0 = .object(o) }
        }
        return json
    }

    /// Confluent's error for a path that names nothing in the schema (its
    /// `IllegalArgumentException`, wrapped as an invalid schema).
    public static func noMatchingPath(_ path: String) -> SchemaParseFailure {
        SchemaParseFailure("java.lang.IllegalArgumentException: No matching path '\(path)' found in the schema")
    }
}
