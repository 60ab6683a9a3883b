/// Every message and enum a file can use, by full name, with the extensions declared beside
/// them: what reading values by their schema needs (custom option values, dynamic messages).
struct ProtoTypeIndex: Sendable {
    /// An extension field and the scope its type name is resolved in.
    struct Extension: Sendable {
        var extendee: String
        var field: ProtoField
        var scope: String
    }

    /// Messages by full name (the scope their field types resolve in), with whether their
    /// file is proto3 (where repeated numbers are packed unless told otherwise).
    private(set) var messages: [String: (message: ProtoMessage, proto3: Bool)] = [:]
    private(set) var enums: [String: ProtoEnum] = [:]
    /// Extensions by full name.
    private(set) var extensions: [String: Extension] = [:]
    /// How the type names of the file and its imports resolve.
    let symbols: ProtoSymbolTable

    /// The index of `file` and every file it can see (`dependencies` and the built-in files).
    init(file: ProtoFile, dependencies: [ProtoFile]) {
        symbols = ProtoSymbolTable(file: file, dependencies: dependencies)
        for visible in [file] + ProtoWellKnownFiles.visibleFiles(for: file, dependencies: dependencies) {
            let package = visible.package ?? ""
            for declaration in visible.declarations {
                switch declaration {
                case .message(let m): add(m, scope: package, proto3: visible.syntax == .proto3)
                case .enum(let e): enums[ProtoSymbolTable.join(package, e.name)] = e
                case .extend(let x): add(x, scope: package)
                case .service: break
                }
            }
        }
    }

    private mutating func add(_ message: ProtoMessage, scope: String, proto3: Bool) {
        let name = ProtoSymbolTable.join(scope, message.name)
        messages[name] = (message, proto3)
        for nested in message.nestedMessages { add(nested, scope: name, proto3: proto3) }
        for e in message.nestedEnums { enums[ProtoSymbolTable.join(name, e.name)] = e }
        for case .extend(let x) in message.elements { add(x, scope: name) }
    }

    private mutating func add(_ extend: ProtoExtend, scope: String) {
        guard let (extendee, _) = symbols.resolve(extend.extendee, in: scope) else { return }
        for field in extend.fields {
            extensions[ProtoSymbolTable.join(scope, field.name)] = Extension(extendee: extendee, field: field, scope: scope)
        }
    }
}
