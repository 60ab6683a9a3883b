import Foundation

/// Confluent's normalization of a Protobuf schema (`normalize=true`), on the parsed file:
/// imports sorted and de-duplicated, type names fully qualified, fields, oneofs, enum
/// constants, reserved and extension entries and extend fields sorted, options resolved,
/// merged and sorted by name with numbers rewritten; messages, enums, services and rpcs keep their order, which message
/// indexes depend on. The rules are in `docs/reference/protobuf-canonical.md`, section 2.
public struct ProtoNormalizer {
    private let symbols: ProtoSymbolTable
    private let package: String
    /// Where custom option names resolve, and the types of their values.
    private let customOptions: ProtoCustomOptionEncoder

    /// The normalized canonical text of `file`, whose imports are `dependencies`.
    public static func normalizedText(_ file: ProtoFile, dependencies: [ProtoFile] = []) -> String {
        ProtoCanonicalText.render(normalize(file, dependencies: dependencies), normalized: true)
    }

    /// `file` normalized; names that do not resolve stay as written.
    public static func normalize(_ file: ProtoFile, dependencies: [ProtoFile] = []) -> ProtoFile {
        let symbols = ProtoSymbolTable(file: file, dependencies: dependencies)
        let customOptions = ProtoCustomOptionEncoder(file: file, dependencies: dependencies)
        return ProtoNormalizer(package: file.package ?? "", symbols: symbols, customOptions: customOptions).file(file)
    }

    private init(package: String, symbols: ProtoSymbolTable, customOptions: ProtoCustomOptionEncoder) {
        self.package = package
        self.symbols = symbols
        self.customOptions = customOptions
    }

    private func file(_ file: ProtoFile) -> ProtoFile {
        var result = file
        let plain = Set(file.imports.filter { $0.kind == .normal }.map(\.path)).sorted()
        let open = Set(file.imports.filter { $0.kind == .public }.map(\.path)).sorted()
        let location = file.imports.first?.location ?? ProtoSourceLocation(line: 1, column: 1)
        result.imports = plain.map { ProtoImport(path: $0, kind: .normal, location: location) } + open.map { ProtoImport(path: $0, kind: .public, location: location) }
        result.options = options(file.options, scope: package)
        var extends: [ProtoExtend] = []
        result.declarations = file.declarations.compactMap { declaration in
            switch declaration {
            case .message(let m): return .message(message(m, scope: package))
            case .enum(let e): return .enum(enumeration(e))
            case .service(let s): return .service(service(s))
            case .extend(let x):
                extends.append(x)
                return nil
            }
        }
        result.declarations += self.extends(extends, scope: package).map { .extend($0) }
        return result
    }

    // MARK: Types

    private func qualified(_ type: String, in scope: String) -> String {
        if ProtoSymbolTable.scalarNames.contains(type) { return type }
        return symbols.resolve(type, in: scope).map { "." + $0.fullName } ?? type
    }

    private func message(_ message: ProtoMessage, scope: String) -> ProtoMessage {
        let full = ProtoSymbolTable.join(scope, message.name)
        var result = message
        var fields: [ProtoField] = [], oneofs: [ProtoOneof] = [], nested: [ProtoMessageElement] = [], extends: [ProtoExtend] = []
        for element in message.elements {
            switch element {
            case .field(let f): fields.append(field(f, scope: full))
            case .oneof(var o):
                o.fields = o.fields.map { field($0, scope: full) }.sorted { $0.number < $1.number }
                o.options = options(o.options, scope: full)
                if !o.fields.isEmpty { oneofs.append(o) }
            case .message(let m): nested.append(.message(self.message(m, scope: full)))
            case .enum(let e): nested.append(.enum(enumeration(e)))
            case .extend(let x): extends.append(x)
            }
        }
        oneofs.sort { ($0.fields.first?.number ?? 0) < ($1.fields.first?.number ?? 0) }
        result.elements =
            fields.sorted { $0.number < $1.number }.map { .field($0) } + oneofs.map { .oneof($0) } + nested
            + self.extends(extends, scope: full).map { .extend($0) }
        result.options = options(message.options, scope: full)
        (result.reservedStatements, result.reservedRanges, result.reservedNames) = reserved(message.reservedRanges, message.reservedNames)
        result.extensionRanges = message.extensionRanges.flatMap { range in
            range.ranges.map { ProtoExtensionRange(ranges: [$0], options: options(range.options, scope: full)) }
        }.sorted { $0.ranges[0].start < $1.ranges[0].start }
        return result
    }

    private func field(_ field: ProtoField, scope: String) -> ProtoField {
        var result = field
        if var map = field.map {
            map.value = qualified(map.value, in: scope)
            result.map = map
            result.label = nil
            result.type = "map<\(map.key), \(map.value)>"
        } else if var group = field.group {
            group = message(group, scope: scope)
            result.group = group
        } else {
            result.type = qualified(field.type, in: scope)
        }
        result.options = options(field.options, scope: scope)
        return result
    }

    /// Reserved entries one per statement, numbers by start then names.
    private func reserved(_ ranges: [ProtoRange], _ names: [String]) -> ([ProtoReserved], [ProtoRange], [String]) {
        let sortedRanges = ranges.sorted { ($0.start, $0.end ?? Int.max) < ($1.start, $1.end ?? Int.max) }
        let sortedNames = names.sorted()
        let statements = sortedRanges.map { ProtoReserved(ranges: [$0]) } + sortedNames.map { ProtoReserved(names: [$0]) }
        return (statements, sortedRanges, sortedNames)
    }

    /// Extend blocks of one scope regrouped by resolved target (first seen first), fields by tag.
    private func extends(_ blocks: [ProtoExtend], scope: String) -> [ProtoExtend] {
        var merged: [ProtoExtend] = []
        for block in blocks {
            let target = qualified(block.extendee, in: scope)
            let fields = block.fields.map { field($0, scope: scope) }
            if let index = merged.firstIndex(where: { $0.extendee == target }) {
                merged[index].fields += fields
            } else {
                var extend = ProtoExtend(extendee: target, location: block.location)
                extend.fields = fields
                merged.append(extend)
            }
        }
        for index in merged.indices { merged[index].fields.sort { $0.number < $1.number } }
        return merged
    }

    private func enumeration(_ value: ProtoEnum) -> ProtoEnum {
        var result = value
        result.values = value.values.map { constant in
            var c = constant
            c.options = options(constant.options, scope: package)
            return c
        }.sorted { ($0.number, $0.name) < ($1.number, $1.name) }
        result.options = options(value.options, scope: package)
        (result.reservedStatements, result.reservedRanges, result.reservedNames) = reserved(value.reservedRanges, value.reservedNames)
        return result
    }

    private func service(_ service: ProtoService) -> ProtoService {
        var result = service
        result.options = options(service.options, scope: package)
        result.methods = service.methods.map { method in
            var m = method
            m.inputType = qualified(method.inputType, in: package)
            m.outputType = qualified(method.outputType, in: package)
            m.options = options(method.options, scope: package)
            return m
        }
        return result
    }

    // MARK: Options

    /// Options as Confluent normalizes them: a custom option's name resolved to its
    /// extension's full name (from `scope` outwards) and a sub-field path folded into an
    /// aggregate (`(a).b = 1` becomes `(pkg.a) = { b: 1 }`); all sorted by name (Java's
    /// `String` order, parentheses aside); the statements of one non-repeated extension merged
    /// into one (nested singular messages merged in depth, a singular value set twice keeping
    /// the last, repeated values joined without duplicates); numbers rewritten.
    private func options(_ options: [ProtoOption], scope: String) -> [ProtoOption] {
        var named: [(name: String, option: ProtoOption, field: (ProtoField, String)?, repeated: Bool)] = options.map { option in
            guard let first = option.name.first, first.isExtension, let (fullName, ext) = customOptions.extensionField(named: first.name, in: scope) else {
                return (option.name.first.map { $0.isExtension ? $0.name : option.nameText } ?? "", option, nil, false)
            }
            var whole = option.folded
            whole.name = [ProtoOptionNamePart(fullName, isExtension: true)]
            return (fullName, whole, (ext.field, ext.scope), ext.field.label == .repeated)
        }
        named = named.enumerated().sorted { a, b in
            let (x, y) = (Array(a.element.name.utf16), Array(b.element.name.utf16))
            return x != y ? x.lexicographicallyPrecedes(y) : a.offset < b.offset
        }.map(\.element)
        var result: [ProtoOption] = []
        var index = 0
        while index < named.count {
            var end = index + 1
            while end < named.count, named[end].name == named[index].name { end += 1 }
            if let (field, fieldScope) = named[index].field, !named[index].repeated {
                var merged = named[index].option
                for next in named[(index + 1)..<end] {
                    merged.value = mergeOption(field, scope: fieldScope, merged.value, next.option.value)
                }
                result.append(merged)
            } else {
                result += named[index..<end].map(\.option)
            }
            index = end
        }
        return result.map { option in
            var o = option
            o.value = Self.normalized(option.value)
            return o
        }
    }

    /// Two statements of one extension `root` (declared in `scope`) merged, as Confluent's
    /// `mergeOption`: aggregates key by key, anything else replaced by the later one.
    private func mergeOption(_ root: ProtoField, scope: String, _ first: ProtoConstant, _ second: ProtoConstant) -> ProtoConstant {
        guard case .aggregate(let a) = first, case .aggregate(let b) = second else { return second }
        return .aggregate(mergeFields(of: root, scope: scope, a, b))
    }

    /// The fields of two aggregates of `container`'s message type merged key by key.
    private func mergeFields(of container: ProtoField, scope: String, _ a: [ProtoAggregateField], _ b: [ProtoAggregateField]) -> [ProtoAggregateField] {
        let type = customOptions.messageType(of: container, in: scope)
        var merged = a
        for entry in b {
            let nested = type?.message.allFields.first { $0.name == entry.name }
            if let at = merged.firstIndex(where: { $0.name == entry.name }) {
                merged[at].value = mergeValues(nested, scope: type?.fullName ?? scope, merged[at].value, entry.value)
            } else {
                merged.append(entry)
            }
        }
        return merged
    }

    /// Two values of one field (nil when unknown) merged as Confluent's `mergeOptionValues`: a
    /// singular message in depth, a singular value by the later one, anything else as the
    /// list of both without duplicates.
    private func mergeValues(_ field: ProtoField?, scope: String, _ first: ProtoConstant, _ second: ProtoConstant) -> ProtoConstant {
        let singular = field.map { $0.label != .repeated } ?? false
        if singular, let field, case .aggregate(let a) = first, case .aggregate(let b) = second,
           customOptions.messageType(of: field, in: scope) != nil {
            return .aggregate(mergeFields(of: field, scope: scope, a, b))
        }
        if singular { return second }
        var values: [ProtoConstant] = []
        for value in [first, second] {
            let items: [ProtoConstant] = if case .list(let list) = value { list } else { [value] }
            for item in items where !values.contains(item) { values.append(item) }
        }
        return .list(values)
    }

    /// A value with its numbers rewritten and its aggregate keys sorted.
    static func normalized(_ value: ProtoConstant) -> ProtoConstant {
        switch value {
        case .integer(let negative, let literal):
            guard let magnitude = ProtoParser.integerValue(literal) else { return value }
            return .integer(negative: negative, literal: String(magnitude))
        case .float(let negative, let literal):
            return .float(negative: negative, literal: number(literal))
        case .aggregate(let fields):
            return .aggregate(
                fields.map { ProtoAggregateField(name: $0.name, isExtension: $0.isExtension, value: normalized($0.value)) }
                    .filter { if case .list(let items) = $0.value { !items.isEmpty } else { true } }
                    .map { field in
                        if case .list(let items) = field.value, items.count == 1 {
                            return ProtoAggregateField(name: field.name, isExtension: field.isExtension, value: items[0])
                        }
                        return field
                    }
                    .sorted { Array($0.name.utf16).lexicographicallyPrecedes(Array($1.name.utf16)) })
        case .list(let items):
            return .list(items.map(normalized))
        case .identifier, .string:
            return value
        }
    }

    /// A decimal as Confluent rewrites it: at most three fraction digits, rounded half to even,
    /// no trailing zeros (`1.0` -> `1`, `1.23456` -> `1.235`); `inf`, `nan` and anything that does
    /// not read as a number as written.
    static func number(_ literal: String) -> String {
        let trimmed = literal.hasSuffix("f") || literal.hasSuffix("F") ? String(literal.dropLast()) : literal
        guard let value = Decimal(string: trimmed), trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" })
        else { return literal }
        var input = value, rounded = Decimal()
        NSDecimalRound(&rounded, &input, 3, .bankers)
        var text = NSDecimalNumber(decimal: rounded).stringValue
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
