/// The differences between an original and an updated `.proto` file, as Confluent's
/// `SchemaDiff` finds them (its 2026 rewrite, fields matched by tag whether in a oneof or
/// not); the rules are in `../shared/reference/compatibility.md`, section 4.
///
/// Not compared, as in Confluent: syntax, options, imports, services, reserved ranges,
/// defaults, `packed`, `json_name`, extensions.
public struct ProtoSchemaDiff {
    private let original: Side
    private let update: Side
    private var differences: [ProtoDifference] = []
    /// Pairs of messages (original, update full names) being compared, so that recursive
    /// types end.
    private var stack: Set<String> = []
    /// How many comparisons the stack has cut short: a result computed without any cut does
    /// not depend on where it was asked for.
    private var cutShort = 0
    /// The differences an in-depth comparison of a pair of message types gave, by pair: a type
    /// used by many fields (or versions of a chain of types) is compared once, and its
    /// differences repeated where Confluent repeats them.
    private var inDepth: [String: [ProtoDifference]] = [:]
    /// Whether the checks beyond Confluent's run.
    private let extended: Bool

    /// One side of the comparison: the file and everything its names resolve against.
    struct Side {
        let file: ProtoFile
        let symbols: ProtoSymbolTable
        /// Every message by full name.
        var messages: [String: ProtoMessage] = [:]
        /// The file declaring each message, nil for the file itself.
        var origins: [String: ProtoFile] = [:]

        init(_ file: ProtoFile, dependencies: [ProtoFile]) {
            self.file = file
            symbols = ProtoSymbolTable(file: file, dependencies: dependencies)
            for m in file.messages { index(m, scope: file.package ?? "", origin: nil) }
            for f in ProtoWellKnownFiles.visibleFiles(for: file, dependencies: dependencies) {
                for m in f.messages { index(m, scope: f.package ?? "", origin: f) }
            }
        }

        private mutating func index(_ message: ProtoMessage, scope: String, origin: ProtoFile?) {
            let full = ProtoSymbolTable.join(scope, message.name)
            messages[full] = message
            origins[full] = origin
            for nested in message.nestedMessages { index(nested, scope: full, origin: origin) }
        }

        /// The package of the file declaring `fullName`.
        func package(of fullName: String) -> String {
            (origins[fullName] ?? file).package ?? ""
        }

        var package: String { file.package ?? "" }
    }

    /// The changes from `original` to `update`, each file with the files its imports name;
    /// `checks` adds ours to Confluent's.
    public static func compare(
        original: ProtoFile, update: ProtoFile, originalDependencies: [ProtoFile] = [], updateDependencies: [ProtoFile] = [],
        checks: ProtoCompatibilityChecks = .confluent
    ) -> [ProtoDifference] {
        var diff = ProtoSchemaDiff(
            original: Side(original, dependencies: originalDependencies), update: Side(update, dependencies: updateDependencies),
            extended: checks == .extended)
        diff.compareFiles()
        return diff.differences
    }

    private init(original: Side, update: Side, extended: Bool) {
        self.original = original
        self.update = update
        self.extended = extended
    }

    private mutating func add(_ type: ProtoDifferenceType, _ path: String) {
        differences.append(ProtoDifference(type: type, path: path))
    }

    private mutating func compareFiles() {
        if original.package != update.package { add(.packageChanged, "#/") }
        if extended, original.file.syntax != update.file.syntax { add(.syntaxChanged, "#/") }
        compareTypes(
            original.file.messages, original.file.enums, originalScope: original.package,
            update.file.messages, update.file.enums, updateScope: update.package, path: "#")
    }

    /// Messages and enums of one scope, matched by name.
    private mutating func compareTypes(
        _ oldMessages: [ProtoMessage], _ oldEnums: [ProtoEnum], originalScope: String,
        _ newMessages: [ProtoMessage], _ newEnums: [ProtoEnum], updateScope: String, path: String
    ) {
        let old = oldMessages.filter { !$0.isMapEntry }, new = newMessages.filter { !$0.isMapEntry }
        // Confluent lists the messages removed, then those added or moved (in the update's order),
        // then what changed inside the messages both have, then the same for enums.
        for message in old where !new.contains(where: { $0.name == message.name }) { add(.messageRemoved, path + "/" + message.name) }
        var matched: [(ProtoMessage, ProtoMessage)] = []
        for (newIndex, message) in new.enumerated() {
            guard let oldIndex = old.firstIndex(where: { $0.name == message.name }) else {
                add(.messageAdded, path + "/" + message.name)
                continue
            }
            if oldIndex != newIndex { add(.messageMoved, path + "/" + message.name) }
            matched.append((old[oldIndex], message))
        }
        for (before, after) in matched {
            compareMessages(
                before, originalName: ProtoSymbolTable.join(originalScope, before.name), after,
                updateName: ProtoSymbolTable.join(updateScope, after.name), path: path + "/" + after.name)
        }
        // Enums come after the messages, contents included.
        for value in oldEnums where !newEnums.contains(where: { $0.name == value.name }) { add(.enumRemoved, path + "/" + value.name) }
        for value in newEnums where !oldEnums.contains(where: { $0.name == value.name }) { add(.enumAdded, path + "/" + value.name) }
        for value in newEnums {
            guard let before = oldEnums.first(where: { $0.name == value.name }) else { continue }
            compareEnums(before, value, path: path + "/" + value.name)
        }
    }

    /// Whether the update's (the reader's) enums are closed: a value it does not declare is
    /// read as unknown, and the field as unset.
    private var readerEnumsAreClosed: Bool { update.file.syntax == .proto2 }

    private mutating func compareEnums(_ old: ProtoEnum, _ new: ProtoEnum, path: String) {
        var oldByNumber: [Int: String] = [:], newByNumber: [Int: String] = [:]
        for v in old.values where oldByNumber[v.number] == nil { oldByNumber[v.number] = v.name }
        for v in new.values where newByNumber[v.number] == nil { newByNumber[v.number] = v.name }
        for number in Set(oldByNumber.keys).union(newByNumber.keys).sorted() {
            let constantPath = path + "/\(number)"
            switch (oldByNumber[number], newByNumber[number]) {
            case (_?, nil):
                add(.enumConstRemoved, constantPath)
                if extended, readerEnumsAreClosed { add(.closedEnumConstMissing, constantPath) }
            case (nil, _?): add(.enumConstAdded, constantPath)
            case (let a?, let b?) where a != b: add(.enumConstChanged, constantPath)
            default: break
            }
        }
    }

    /// Where a tag sits in a message: its field and the oneof holding it, if any.
    private struct Slot {
        var field: ProtoField
        var oneof: String?
    }

    private static func slots(_ message: ProtoMessage) -> [Int: Slot] {
        var slots: [Int: Slot] = [:]
        for element in message.elements {
            switch element {
            case .field(let f): slots[f.number] = Slot(field: f, oneof: nil)
            case .oneof(let o): for f in o.fields { slots[f.number] = Slot(field: f, oneof: o.name) }
            default: break
            }
        }
        return slots
    }

    private mutating func compareMessages(_ old: ProtoMessage, originalName: String, _ new: ProtoMessage, updateName: String, path: String) {
        let key = originalName + "\u{0}" + updateName
        guard stack.insert(key).inserted else {
            cutShort += 1
            return
        }
        defer { stack.remove(key) }
        let oldSlots = Self.slots(old), newSlots = Self.slots(new)
        let oldOneofs = old.oneofs, newOneofs = new.oneofs
        let newOneofNames = Set(newOneofs.map(\.name))
        // A oneof gone by name with none of its tags left anywhere is wholly deleted: its members
        // are not reported one by one.
        let whollyDeleted = Set(
            oldOneofs.filter { o in !newOneofNames.contains(o.name) && !o.fields.contains { newSlots[$0.number] != nil } }.map(\.name))
        // Pre-existing tags gathered into one oneof from more than one place.
        for oneof in newOneofs {
            var origins: Set<String> = []
            var formerTopLevel = 0
            for f in oneof.fields {
                guard let before = oldSlots[f.number] else { continue }
                if let origin = before.oneof {
                    origins.insert("oneof " + origin)
                } else {
                    origins.insert("field \(f.number)")
                    formerTopLevel += 1
                }
            }
            if origins.count > 1 {
                add(formerTopLevel > 1 ? .multipleFieldsMovedToOneof : .fieldMovedToExistingOneof, path + "/" + oneof.name)
            }
        }
        let oldOneofNames = Set(oldOneofs.map(\.name))
        for name in oldOneofNames.subtracting(newOneofNames).sorted() { add(.oneofRemoved, path + "/" + name) }
        for name in newOneofNames.subtracting(oldOneofNames).sorted() { add(.oneofAdded, path + "/" + name) }
        for tag in Set(oldSlots.keys).union(newSlots.keys).sorted() {
            switch (oldSlots[tag], newSlots[tag]) {
            case (let before?, nil):
                if let oneof = before.oneof {
                    if !whollyDeleted.contains(oneof) { add(.oneofFieldRemoved, path + "/\(oneof)/\(tag)") }
                } else {
                    add(before.field.label == .required ? .requiredFieldRemoved : .fieldRemoved, path + "/\(tag)")
                }
            case (nil, let after?):
                if let oneof = after.oneof {
                    add(.oneofFieldAdded, path + "/\(oneof)/\(tag)")
                } else {
                    add(after.field.label == .required ? .requiredFieldAdded : .fieldAdded, path + "/\(tag)")
                }
            case (let before?, let after?):
                if before.oneof != nil, after.oneof == nil { add(.oneofFieldMovedToTopLevel, path + "/\(tag)") }
                let fieldPath = path + (after.oneof.map { "/\($0)" } ?? "") + "/\(tag)"
                compareFields(before.field, in: originalName, after.field, in: updateName, path: fieldPath)
            case (nil, nil):
                break
            }
        }
        compareTypes(
            old.nestedMessages, old.nestedEnums, originalScope: originalName, new.nestedMessages, new.nestedEnums,
            updateScope: updateName, path: path)
    }

    // MARK: Fields

    /// What a field holds: a scalar (enums included), a map, or a message.
    private enum Kind: Equatable {
        case scalar(ScalarGroup)
        case map(key: String, value: String)
        case message(String)
    }

    /// The groups of scalar types whose encodings read as one another.
    enum ScalarGroup: Equatable {
        case generalNumber, signedNumber, stringOrBytes, fixed32, fixed64, float, double
    }

    static let scalarGroups: [String: ScalarGroup] = [
        "int32": .generalNumber, "int64": .generalNumber, "uint32": .generalNumber, "uint64": .generalNumber, "bool": .generalNumber,
        "sint32": .signedNumber, "sint64": .signedNumber, "string": .stringOrBytes, "bytes": .stringOrBytes, "fixed32": .fixed32,
        "sfixed32": .fixed32, "fixed64": .fixed64, "sfixed64": .fixed64, "float": .float, "double": .double,
    ]

    private func kind(of type: String, map: ProtoMapTypes?, in side: Side, scope: String) -> Kind {
        if let map { return .map(key: map.key, value: map.value) }
        if let group = Self.scalarGroups[type] { return .scalar(group) }
        if side.symbols.resolve(type, in: scope)?.kind == .enum { return .scalar(.generalNumber) }
        return .message(type)
    }

    private mutating func compareFields(_ old: ProtoField, in oldScope: String, _ new: ProtoField, in newScope: String, path: String) {
        if old.name != new.name { add(.fieldNameChanged, path) }
        if extended, new.label == .required, old.label != .required { add(.fieldMadeRequired, path) }
        compareFieldTypes(
            old.group.map { _ in "group" } ?? old.type, old.map, oldLabel: old.label, in: oldScope, groupOf: old,
            new.group.map { _ in "group" } ?? new.type, new.map, newLabel: new.label, in: newScope, groupOf: new, path: path)
    }

    private mutating func compareFieldTypes(
        _ oldType: String, _ oldMap: ProtoMapTypes?, oldLabel: ProtoField.Label?, in oldScope: String, groupOf oldField: ProtoField? = nil,
        _ newType: String, _ newMap: ProtoMapTypes?, newLabel: ProtoField.Label?, in newScope: String, groupOf newField: ProtoField? = nil,
        path: String
    ) {
        let oldKind = oldField?.group != nil ? Kind.message(oldField!.group!.name) : kind(of: oldType, map: oldMap, in: original, scope: oldScope)
        let newKind = newField?.group != nil ? Kind.message(newField!.group!.name) : kind(of: newType, map: newMap, in: update, scope: newScope)
        switch (oldKind, newKind) {
        case (.scalar(let a), .scalar(let b)):
            if a != b {
                add(.fieldScalarKindChanged, path)
            } else if let oldLabel, let newLabel, oldLabel != newLabel {
                add(a == .stringOrBytes ? .fieldStringOrBytesLabelChanged : .fieldNumericLabelChanged, path)
            } else if extended, a != .stringOrBytes, (oldLabel == .repeated) != (newLabel == .repeated) {
                // One side unlabelled (proto3): Confluent compares labels only when both are
                // written, yet a repeated number is packed and a singular reader misreads it.
                add(.fieldNumericCardinalityChanged, path)
            }
        case (.map(let oldKey, let oldValue), .map(let newKey, let newValue)):
            compareFieldTypes(oldKey, nil, oldLabel: nil, in: oldScope, newKey, nil, newLabel: nil, in: newScope, path: path)
            compareFieldTypes(oldValue, nil, oldLabel: nil, in: oldScope, newValue, nil, newLabel: nil, in: newScope, path: path)
        case (.message(let a), .message(let b)):
            compareNamedTypes(a, in: oldScope, b, in: newScope, path: path)
        default:
            add(.fieldKindChanged, path)
        }
    }

    /// Message-typed fields: the same type relative to each side's package, compared in depth.
    private mutating func compareNamedTypes(_ oldType: String, in oldScope: String, _ newType: String, in newScope: String, path: String) {
        let oldFull = original.symbols.resolve(oldType, in: oldScope)?.fullName
        let newFull = update.symbols.resolve(newType, in: newScope)?.fullName
        guard let oldFull, let newFull else {
            if oldType != newType { add(.fieldNamedTypeChanged, path) }
            return
        }
        let oldLocal = Self.local(oldFull, package: original.package(of: oldFull))
        guard oldLocal == Self.local(newFull, package: update.package(of: newFull)) else {
            add(.fieldNamedTypeChanged, path)
            return
        }
        guard let oldMessage = original.messages[oldFull], let newMessage = update.messages[newFull] else { return }
        // Types from the same referenced file on both sides are the same types.
        if let a = original.origins[oldFull], let b = update.origins[newFull], a == b { return }
        let before = differences.count
        let key = oldFull + "\u{0}" + newFull
        if let known = inDepth[key] {
            differences += known
        } else {
            let cutsBefore = cutShort
            // The types are compared in a context of their own: paths start again at their names.
            compareMessages(
                oldMessage, originalName: oldFull, newMessage, updateName: newFull, path: "#/" + oldLocal.replacingOccurrences(of: ".", with: "/"))
            if cutShort == cutsBefore { inDepth[key] = Array(differences[before...]) }
        }
        if differences[before...].contains(where: { !$0.type.isCompatible }) { add(.fieldNamedTypeChanged, path) }
    }

    /// A full name without its file's package.
    private static func local(_ fullName: String, package: String) -> String {
        guard !package.isEmpty, fullName.hasPrefix(package + ".") else { return fullName }
        return String(fullName.dropFirst(package.count + 1))
    }
}
