/// Confluent's inline tags in Protobuf schemas: the `tags` of `(confluent.message_meta)` on a
/// message and of `(confluent.field_meta)` on a field, which data-contract rules and the
/// catalog use (`?findTags=`, `schemaTagsToAdd`/`schemaTagsToRemove` on registration).
///
/// Entities are named as Confluent names them: a message by its name inside the file, nested
/// names joined by dots, without the package (`Order`, `Order.Line`); a field by its message's
/// name, a dot and the field's name (`Order.email`), which may also go through a oneof's name
/// (`Order.payment.card`) when editing.
public enum ProtoMetaTags {
    /// A message or field that carries tags.
    public struct Entity: Hashable, Sendable {
        /// The entity path (`Order`, `Order.email`).
        public var path: String
        /// A message (`true`) or a field.
        public var isMessage: Bool
        /// The tags, without duplicates, in the order written.
        public var tags: [String]
    }

    /// An edit of one entity's tags.
    public struct Edit: Sendable {
        public var path: String
        public var isMessage: Bool
        public var add: [String]
        public var remove: [String]

        /// Creates an edit: `add` is merged in first, then `remove` taken out.
        public init(path: String, isMessage: Bool, add: [String], remove: [String]) {
            self.path = path
            self.isMessage = isMessage
            self.add = add
            self.remove = remove
        }
    }

    /// Why an edit could not be made, in Confluent's words.
    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let messageMeta = "confluent.message_meta"
    static let fieldMeta = "confluent.field_meta"

    // MARK: Finding

    /// Every tagged message and field, in Confluent's order: depth first, for each message its
    /// own tags, then its oneofs' fields, then its other fields, then its nested messages.
    public static func entities(in file: ProtoFile) -> [Entity] {
        var result: [Entity] = []
        func walk(_ message: ProtoMessage, scope: String) {
            let path = scope + message.name
            let own = tags(in: message.options, named: messageMeta)
            if !own.isEmpty { result.append(Entity(path: path, isMessage: true, tags: own)) }
            let fields = message.oneofs.flatMap(\.fields) + message.elements.compactMap { if case .field(let f) = $0 { f } else { nil } }
            for field in fields {
                let tags = tags(in: field.options, named: fieldMeta)
                if !tags.isEmpty { result.append(Entity(path: path + "." + field.name, isMessage: false, tags: tags)) }
            }
            for case .message(let nested) in message.elements { walk(nested, scope: path + ".") }
        }
        for message in file.messages { walk(message, scope: "") }
        return result
    }

    /// The tags of the meta option `name` among `options`, its statements merged.
    static func tags(in options: [ProtoOption], named name: String) -> [String] {
        guard let meta = merged(options).first(where: { $0.key == name })?.option,
              case .aggregate(let fields) = meta.value,
              let value = fields.first(where: { $0.name == "tags" })?.value
        else { return [] }
        let items: [ProtoConstant] = if case .list(let list) = value { list } else { [value] }
        var seen: Set<String> = []
        return items.compactMap { item -> String? in
            if case .string(let bytes) = item { return String(decoding: bytes, as: UTF8.self) }
            return nil
        }.filter { seen.insert($0).inserted }
    }

    // MARK: Editing

    /// `file` with `edits` made, as Confluent's `modifySchemaTags` makes them: the element's
    /// options merged by name (statements of one option become one, repeated values joined
    /// without duplicates), the tags added then removed, the meta option dropped when nothing
    /// is left in it. The merged options come in the order Java's `HashMap` gives them, which
    /// is what Confluent writes back.
    public static func applying(_ edits: [Edit], to file: ProtoFile) throws(NotFound) -> ProtoFile {
        var file = file
        for edit in edits {
            let identifiers = edit.path.hasPrefix(".") ? edit.path.dropFirst().split(separator: ".").map(String.init)
                : edit.path.split(separator: ".").map(String.init)
            try locate(identifiers, isField: !edit.isMessage, in: &file.declarations) { (options: inout [ProtoOption]) in
                options = retagged(options, meta: edit.isMessage ? messageMeta : fieldMeta, add: edit.add, remove: edit.remove)
            }
        }
        return file
    }

    /// The options of an element after a tag edit.
    static func retagged(_ options: [ProtoOption], meta name: String, add: [String], remove: [String]) -> [ProtoOption] {
        let location = options.first?.location ?? ProtoSourceLocation(line: 0, column: 0)
        var all = options
        if !add.isEmpty {
            all.append(ProtoOption(
                name: [ProtoOptionNamePart(name, isExtension: true), ProtoOptionNamePart("tags")],
                value: .list(add.map { .string(Array($0.utf8)) }), location: location))
        }
        var result = merged(all)
        if !remove.isEmpty, let index = result.firstIndex(where: { $0.key == name }), case .aggregate(var fields) = result[index].option.value,
           let tagsIndex = fields.firstIndex(where: { $0.name == "tags" }) {
            let current: [ProtoConstant] = if case .list(let list) = fields[tagsIndex].value { list } else { [fields[tagsIndex].value] }
            let left = current.filter { item in
                guard case .string(let bytes) = item else { return true }
                return !remove.contains(String(decoding: bytes, as: UTF8.self))
            }
            if left.isEmpty { fields.remove(at: tagsIndex) } else { fields[tagsIndex].value = .list(left) }
            if fields.isEmpty {
                result.remove(at: index)
            } else {
                result[index].option.value = .aggregate(fields)
            }
        }
        return javaHashMapOrder(result).map(\.option)
    }

    /// Options merged by name, as Confluent's `mergeOptions`: `(meta).tags = x` becomes
    /// `(meta) = { tags: x }`; two aggregates of one name merge field by field, a field in both
    /// becoming the list of their values without duplicates; otherwise the later one wins.
    static func merged(_ options: [ProtoOption]) -> [(key: String, option: ProtoOption)] {
        var result: [(key: String, option: ProtoOption)] = []
        for option in options {
            guard let first = option.name.first else { continue }
            let key = first.name.hasPrefix(".") ? String(first.name.dropFirst()) : first.name
            var whole = option.folded
            if let index = result.firstIndex(where: { $0.key == key }) {
                if case .aggregate(let existing) = result[index].option.value, case .aggregate(let replacement) = whole.value {
                    var fields = existing
                    for field in replacement {
                        if let at = fields.firstIndex(where: { $0.name == field.name }) {
                            var values: [ProtoConstant] = []
                            for value in [fields[at].value, field.value] {
                                let items: [ProtoConstant] = if case .list(let list) = value { list } else { [value] }
                                for item in items where !values.contains(item) { values.append(item) }
                            }
                            fields[at].value = .list(values)
                        } else {
                            fields.append(field)
                        }
                    }
                    whole.value = .aggregate(fields)
                }
                result[index].option = whole
            } else {
                result.append((key, whole))
            }
        }
        return result
    }

    /// Entries in the order a Java `HashMap` with default capacity iterates them: by bucket
    /// of the spread `String.hashCode`, insertion order within a bucket.
    static func javaHashMapOrder<T>(_ entries: [(key: String, option: T)]) -> [(key: String, option: T)] {
        var capacity = 16
        while Double(entries.count) > Double(capacity) * 0.75 { capacity *= 2 }
        func bucket(_ key: String) -> Int {
            var hash: Int32 = 0
            for unit in key.utf16 { hash = hash &* 31 &+ Int32(unit) }
            let spread = hash ^ Int32(bitPattern: UInt32(bitPattern: hash) >> 16)
            return Int(spread) & (capacity - 1)
        }
        return entries.enumerated().sorted { a, b in
            let (x, y) = (bucket(a.element.key), bucket(b.element.key))
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// Finds the message (or field) at `identifiers` and lets `edit` change its options, with
    /// Confluent's errors when there is none.
    private static func locate(
        _ identifiers: [String], isField: Bool, in declarations: inout [ProtoDeclaration],
        _ edit: (inout [ProtoOption]) -> Void
    ) throws(NotFound) {
        guard let first = identifiers.first else { throw NotFound(description: "No matching Message with name '' found in the schema") }
        guard let index = declarations.firstIndex(where: { if case .message(let m) = $0 { m.name == first } else { false } }),
              case .message(var message) = declarations[index]
        else {
            if isField, identifiers.count == 1 { throw NotFound(description: "No matching Field with name '\(first)' found in the schema") }
            throw NotFound(description: "No matching Message with name '\(first)' found in the schema")
        }
        try locate(identifiers.dropFirst(), isField: isField, in: &message, edit)
        declarations[index] = .message(message)
    }

    private static func locate(
        _ rest: ArraySlice<String>, isField: Bool, in message: inout ProtoMessage, _ edit: (inout [ProtoOption]) -> Void
    ) throws(NotFound) {
        if rest.isEmpty {
            guard !isField else { throw NotFound(description: "No matching Field with name '\(message.name)' found in the schema") }
            edit(&message.options)
            return
        }
        let name = rest[rest.startIndex]
        if rest.count == 1 && isField {
            for (i, element) in message.elements.enumerated() {
                switch element {
                case .field(var field) where field.name == name:
                    edit(&field.options)
                    message.elements[i] = .field(field)
                    return
                case .oneof(var oneof):
                    if let j = oneof.fields.firstIndex(where: { $0.name == name }) {
                        edit(&oneof.fields[j].options)
                        message.elements[i] = .oneof(oneof)
                        return
                    }
                default: continue
                }
            }
            throw NotFound(description: "No matching Field with name '\(name)' found in the schema")
        }
        if let i = message.elements.firstIndex(where: { if case .message(let m) = $0 { m.name == name } else { false } }),
           case .message(var nested) = message.elements[i] {
            try locate(rest.dropFirst(), isField: isField, in: &nested, edit)
            message.elements[i] = .message(nested)
            return
        }
        // `Message.oneof.field`: the second to last identifier may name a oneof.
        if isField, rest.count == 2, let i = message.elements.firstIndex(where: { if case .oneof(let o) = $0 { o.name == name } else { false } }),
           case .oneof(var oneof) = message.elements[i] {
            let fieldName = rest[rest.index(after: rest.startIndex)]
            guard let j = oneof.fields.firstIndex(where: { $0.name == fieldName }) else {
                throw NotFound(description: "No matching Field with name '\(fieldName)' found in the schema")
            }
            edit(&oneof.fields[j].options)
            message.elements[i] = .oneof(oneof)
            return
        }
        if isField, rest.count == 2 {
            throw NotFound(description: "No matching Field with name '\(rest[rest.index(after: rest.startIndex)])' found in the schema")
        }
        throw NotFound(description: "No matching Message with name '\(name)' found in the schema")
    }
}
