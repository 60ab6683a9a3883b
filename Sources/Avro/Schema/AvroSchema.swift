import JSONModel

/// A parsed Avro schema: the root type and the definitions of every named type it reaches.
///
/// Value semantics throughout, so schemas can be shared across tasks and compared with `==`.
/// Named types that came from schema references (types defined in other registered schemas)
/// are in `types` too, so the schema is complete on its own, and are listed in
/// `referencedTypeNames` because Confluent's canonical text writes them by name only.
public struct AvroSchema: Hashable, Sendable {
    /// The schema's top-level type.
    public var root: AvroType
    /// Every named type reachable from `root`, and every referenced one, by full name.
    public var types: [String: AvroNamedType]
    /// Full names of the types that were supplied by references rather than defined here.
    public var referencedTypeNames: Set<String>

    /// Creates a schema from parts; `types` must define every `.named` reference in `root`.
    public init(root: AvroType, types: [String: AvroNamedType] = [:], referencedTypeNames: Set<String> = []) {
        self.root = root
        self.types = types
        self.referencedTypeNames = referencedTypeNames
    }

    /// The definition behind a `.named` reference.
    ///
    /// - Precondition: `fullName` is defined in `types` (the parser guarantees it).
    public func definition(of fullName: String) -> AvroNamedType {
        guard let type = types[fullName] else {
            preconditionFailure("AvroSchema has no definition for \(fullName)")
        }
        return type
    }

    /// The record behind `type` when it is (a reference to) a record.
    public func record(_ type: AvroType) -> AvroRecord? {
        if case .named(let n) = type, case .record(let r)? = types[n] { return r }
        return nil
    }

    /// The full name of the top-level type when it is named (records, enums, fixed).
    public var rootName: String? {
        if case .named(let n) = root { return n }
        return nil
    }
}

extension AvroType {
    /// The upper-case type name Java Avro prints in messages (`RECORD`, `INT`, `UNION`).
    public func typeName(in schema: AvroSchema) -> String {
        switch self {
        case .primitive(let p): return p.kind.rawValue.uppercased()
        case .array: return "ARRAY"
        case .map: return "MAP"
        case .union: return "UNION"
        case .named(let n):
            switch schema.types[n] {
            case .record?: return "RECORD"
            case .enumeration?: return "ENUM"
            case .fixed?: return "FIXED"
            case nil: return "NAMED"
            }
        }
    }
}
