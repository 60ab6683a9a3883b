/// The checks protoc makes on a parsed file before it has a descriptor, with protoc's
/// wording: field numbers in range and not reserved or used twice, names unique in their
/// scope (enum values in the enclosing one, as in C++), enum aliases only when allowed, the
/// rules of each syntax (labels in proto2; no required fields, defaults, groups or extension
/// ranges in proto3, enums starting at zero, distinct JSON names), map keys, `packed` only on
/// repeated scalars, extensions inside their message's ranges.
struct ProtoValidator {
    let file: ProtoFile
    let symbols: ProtoSymbolTable
    /// Extension ranges of the messages of this file, by full name.
    private var extensionRanges: [String: [ProtoRange]] = [:]
    /// The number of the first value of each enum of this file, by full name.
    private var enumFirstValues: [String: Int] = [:]

    init(file: ProtoFile, symbols: ProtoSymbolTable) {
        self.file = file
        self.symbols = symbols
    }

    static let maximumNumber = 536_870_911
    static let implementationReserved = 19_000...19_999
    /// Map keys: integral scalars and strings.
    static let mapKeyTypes = ProtoSymbolTable.scalarNames.subtracting(["double", "float", "bytes"])
    /// Packable: every scalar but strings and bytes (enums too, checked by resolution).
    static let packable = ProtoSymbolTable.scalarNames.subtracting(["string", "bytes"])

    mutating func validate() throws(ProtoError) {
        let package = file.package ?? ""
        var names = Scope(name: package)
        for declaration in file.declarations {
            switch declaration {
            case .message(let m):
                try names.add(m.name, at: m.location)
                collectRanges(m, scope: package)
            case .enum(let e):
                try names.add(e.name, at: e.location)
                enumFirstValues[ProtoSymbolTable.join(package, e.name)] = e.values.first?.number
            case .service(let s):
                try names.add(s.name, at: s.location)
            case .extend:
                break
            }
        }
        for declaration in file.declarations {
            switch declaration {
            case .message(let m): try message(m, scope: package)
            case .enum(let e): try enumeration(e, scope: package, siblings: &names)
            case .extend(let x): try extend(x, scope: package, siblings: &names)
            case .service: break
            }
        }
    }

    /// Names declared in one scope; a second declaration of a name is protoc's error.
    struct Scope {
        let name: String
        private var taken: Set<String> = []

        init(name: String) { self.name = name }

        mutating func add(_ symbol: String, at location: ProtoSourceLocation, note: String = "") throws(ProtoError) {
            guard taken.insert(symbol).inserted else {
                let full = ProtoSymbolTable.join(name, symbol)
                let scope = name.isEmpty ? "" : " in \"\(name)\""
                throw ProtoError("\"\(name.isEmpty ? full : symbol)\" is already defined\(scope).\(note)", at: location)
            }
        }
    }

    private mutating func collectRanges(_ message: ProtoMessage, scope: String) {
        let full = ProtoSymbolTable.join(scope, message.name)
        extensionRanges[full] = message.extensionRanges.flatMap(\.ranges)
        for e in message.nestedEnums { enumFirstValues[ProtoSymbolTable.join(full, e.name)] = e.values.first?.number }
        for nested in message.nestedMessages { collectRanges(nested, scope: full) }
    }

    private func message(_ message: ProtoMessage, scope: String) throws(ProtoError) {
        let full = ProtoSymbolTable.join(scope, message.name)
        var names = Scope(name: full)
        var numbers: [Int: String] = [:]
        var jsonNames: [String: String] = [:]
        if file.syntax == .proto3, !message.extensionRanges.isEmpty {
            throw ProtoError("Extension ranges are not allowed in proto3.", at: message.location)
        }
        for element in message.elements {
            switch element {
            case .field(let f):
                try field(f, in: message, full: full, names: &names, numbers: &numbers, jsonNames: &jsonNames, inOneof: false)
            case .oneof(let o):
                try names.add(o.name, at: o.location)
                for f in o.fields {
                    try field(f, in: message, full: full, names: &names, numbers: &numbers, jsonNames: &jsonNames, inOneof: true)
                }
            case .message(let m):
                try names.add(m.name, at: m.location)
            case .enum(let e):
                try names.add(e.name, at: e.location)
            case .extend:
                break
            }
        }
        for element in message.elements {
            switch element {
            case .message(let m): try self.message(m, scope: full)
            case .enum(let e): try enumeration(e, scope: full, siblings: &names)
            case .extend(let x): try extend(x, scope: full, siblings: &names)
            case .field(let f): if let group = f.group { try self.message(group, scope: full) }
            case .oneof(let o): for f in o.fields { if let group = f.group { try self.message(group, scope: full) } }
            }
        }
        for range in message.reservedRanges + message.extensionRanges.flatMap(\.ranges) {
            try numberRange(range, at: message.location)
        }
    }

    private func numberRange(_ range: ProtoRange, at location: ProtoSourceLocation) throws(ProtoError) {
        guard range.start > 0 else { throw ProtoError("Reserved numbers must be positive integers.", at: location) }
        if let end = range.end, end < range.start { throw ProtoError("Reserved range end number must be greater than start number.", at: location) }
    }

    private func field(
        _ field: ProtoField, in message: ProtoMessage, full: String, names: inout Scope, numbers: inout [Int: String],
        jsonNames: inout [String: String], inOneof: Bool
    ) throws(ProtoError) {
        try names.add(field.name, at: field.location)
        if let group = field.group { try names.add(group.name, at: field.location) }
        if let entry = field.mapEntry { try names.add(entry.name, at: field.location) }
        try number(field, context: full)
        if let used = numbers[field.number] {
            throw ProtoError("Field number \(field.number) has already been used in \"\(full)\" by field \"\(used)\".", at: field.location)
        }
        numbers[field.number] = field.name
        if message.reservedRanges.contains(where: { field.number >= $0.start && field.number <= ($0.end ?? Self.maximumNumber) }) {
            throw ProtoError("Field \"\(field.name)\" uses reserved number \(field.number).", at: field.location)
        }
        if message.reservedNames.contains(field.name) {
            throw ProtoError("Field name \"\(field.name)\" is reserved.", at: field.location)
        }
        try rules(field, inOneof: inOneof, scope: full)
        if file.syntax == .proto3 {
            let json = ProtoNames.camelCase(field.name, upperFirst: false).lowercased()
            if let other = jsonNames[json] {
                throw ProtoError(
                    "The JSON camel-case name of field \"\(field.name)\" conflicts with field \"\(other)\". This is not allowed in proto3.",
                    at: field.location)
            }
            jsonNames[json] = field.name
        }
    }

    private func number(_ field: ProtoField, context: String) throws(ProtoError) {
        guard field.number > 0 else { throw ProtoError("Field numbers must be positive integers.", at: field.location) }
        guard field.number <= Self.maximumNumber else {
            throw ProtoError("Field numbers cannot be greater than \(Self.maximumNumber).", at: field.location)
        }
        if Self.implementationReserved.contains(field.number) {
            throw ProtoError(
                "Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.", at: field.location)
        }
    }

    /// The rules of labels, syntax, maps and options for one field.
    private func rules(_ field: ProtoField, inOneof: Bool, scope: String) throws(ProtoError) {
        let proto3 = file.syntax == .proto3
        if case .proto2 = file.syntax, field.label == nil, field.map == nil, !inOneof {
            throw ProtoError("Expected \"required\", \"optional\", or \"repeated\".", at: field.location)
        }
        if field.map != nil, field.label != nil {
            throw ProtoError("Field labels (required/optional/repeated) are not allowed on map fields.", at: field.location)
        }
        if proto3, field.label == .required { throw ProtoError("Required fields are not allowed in proto3.", at: field.location) }
        if proto3, field.group != nil { throw ProtoError("Groups are not supported in proto3 syntax.", at: field.location) }
        if proto3, field.options.contains(where: { $0.nameText == "default" }) {
            throw ProtoError("Explicit default values are not allowed in proto3.", at: field.location)
        }
        if field.label == .repeated, field.options.contains(where: { $0.nameText == "default" }) {
            throw ProtoError("Repeated fields can't have default values.", at: field.location)
        }
        if let map = field.map, !Self.mapKeyTypes.contains(map.key) {
            throw ProtoError("Key in map fields cannot be float/double, bytes or message types.", at: field.location)
        }
        if let map = field.map, let (name, kind) = symbols.resolve(map.value, in: scope), kind == .enum,
            let first = enumFirstValues[name], first != 0
        {
            throw ProtoError("Enum value in map must define 0 as the first value.", at: field.location)
        }
        if field.options.contains(where: { $0.nameText == "packed" }), field.label != .repeated || !isPackable(field, scope: scope) {
            throw ProtoError("[packed = true] can only be specified for repeated primitive fields.", at: field.location)
        }
    }

    private func isPackable(_ field: ProtoField, scope: String) -> Bool {
        if Self.packable.contains(field.type) { return true }
        return symbols.resolve(field.type, in: scope)?.kind == .enum
    }

    private func enumeration(_ value: ProtoEnum, scope: String, siblings: inout Scope) throws(ProtoError) {
        let full = ProtoSymbolTable.join(scope, value.name)
        if file.syntax == .proto3, let first = value.values.first, first.number != 0 {
            throw ProtoError("The first enum value must be zero in proto3.", at: first.location)
        }
        guard !value.values.isEmpty else { throw ProtoError("Enums must contain at least one value.", at: value.location) }
        let allowAlias = value.options.contains { $0.nameText == "allow_alias" && $0.value == .identifier("true") }
        var byNumber: [Int: String] = [:]
        var names = Scope(name: full)
        var aliased = false
        for constant in value.values {
            try names.add(constant.name, at: constant.location)
            // Enum values are siblings of their enum (C++ scoping).
            try siblings.add(
                constant.name, at: constant.location,
                note: " Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.")
            if let other = byNumber[constant.number] {
                guard allowAlias else {
                    throw ProtoError(
                        "\"\(ProtoSymbolTable.join(scope, constant.name))\" uses the same enum value as \"\(ProtoSymbolTable.join(scope, other))\". If this is intended, set 'option allow_alias = true;' to the enum definition.",
                        at: constant.location)
                }
                aliased = true
            } else {
                byNumber[constant.number] = constant.name
            }
            if value.reservedRanges.contains(where: { constant.number >= $0.start && constant.number <= ($0.end ?? Int(Int32.max)) }) {
                throw ProtoError("Enum value \"\(constant.name)\" uses reserved number \(constant.number).", at: constant.location)
            }
            if value.reservedNames.contains(constant.name) {
                throw ProtoError("Enum value \"\(constant.name)\" is reserved.", at: constant.location)
            }
        }
        if allowAlias, !aliased {
            throw ProtoError(
                "\"\(full)\" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration.",
                at: value.location)
        }
    }

    private func extend(_ extend: ProtoExtend, scope: String, siblings: inout Scope) throws(ProtoError) {
        for f in extend.fields {
            try siblings.add(f.name, at: f.location)
            try number(f, context: scope)
            try rules(f, inOneof: false, scope: scope)
            if f.label == .required { throw ProtoError("The extension \(ProtoSymbolTable.join(scope, f.name)) cannot be required.", at: f.location) }
            guard let (extendee, _) = symbols.resolve(extend.extendee, in: scope), let ranges = extensionRanges[extendee] else { continue }
            if !ranges.contains(where: { f.number >= $0.start && f.number <= ($0.end ?? Self.maximumNumber) }) {
                throw ProtoError("\"\(extendee)\" does not declare \(f.number) as an extension number.", at: f.location)
            }
        }
    }
}
