/// A parsed `.proto` file: everything it declares, in declaration order, as written (names
/// not yet resolved against imports).
public struct ProtoFile: Sendable, Hashable {
    /// `proto2`, `proto3`, or an edition; `proto2` when the file says nothing, as protoc.
    public var syntax: ProtoSyntax = .proto2
    /// Whether the file has a `syntax` or `edition` statement (Confluent renders it either way
    /// for proto3, and leaves out an implicit proto2 one).
    public var declaresSyntax = false
    public var package: String?
    public var imports: [ProtoImport] = []
    public var options: [ProtoOption] = []
    /// Top-level messages, enums, services and extensions, in declaration order.
    public var declarations: [ProtoDeclaration] = []

    public init() {}

    /// The top-level messages, in order.
    public var messages: [ProtoMessage] { declarations.compactMap { if case .message(let m) = $0 { m } else { nil } } }
    /// The top-level enums, in order.
    public var enums: [ProtoEnum] { declarations.compactMap { if case .enum(let e) = $0 { e } else { nil } } }
    /// The services, in order.
    public var services: [ProtoService] { declarations.compactMap { if case .service(let s) = $0 { s } else { nil } } }
    /// The top-level `extend` blocks, in order.
    public var extensions: [ProtoExtend] { declarations.compactMap { if case .extend(let x) = $0 { x } else { nil } } }
}

/// Which language the file is written in.
public enum ProtoSyntax: Sendable, Hashable {
    case proto2
    case proto3
    /// `edition = "2023";` and later.
    case edition(String)

    /// The value of the `syntax` or `edition` statement.
    public var name: String {
        switch self {
        case .proto2: return "proto2"
        case .proto3: return "proto3"
        case .edition(let e): return e
        }
    }
}

/// `import "path";`, `import public "path";`, `import weak "path";`.
public struct ProtoImport: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case normal
        case `public`
        case weak
    }

    public var path: String
    public var kind: Kind
    public var location: ProtoSourceLocation

    public init(path: String, kind: Kind = .normal, location: ProtoSourceLocation) {
        self.path = path
        self.kind = kind
        self.location = location
    }
}

/// A declaration at file or message level that can nest.
public enum ProtoDeclaration: Sendable, Hashable {
    case message(ProtoMessage)
    case `enum`(ProtoEnum)
    case service(ProtoService)
    case extend(ProtoExtend)
}
