extension ProtoFile {
    /// The file as Confluent shows it for `?format=ignore_extensions`: no `extend` blocks, no
    /// `extensions` ranges, and no custom options except Confluent's own (`confluent.*`), so
    /// that a client without the files declaring the extensions can still use the schema.
    public func withoutExtensions() -> ProtoFile {
        var file = self
        file.options = Self.keepingStandardOptions(options)
        file.declarations = declarations.compactMap { declaration in
            switch declaration {
            case .message(let m): return .message(m.withoutExtensions())
            case .enum(let e): return .enum(e.withoutCustomOptions())
            case .service(var s):
                s.options = Self.keepingStandardOptions(s.options)
                s.methods = s.methods.map { m in
                    var m = m
                    m.options = Self.keepingStandardOptions(m.options)
                    return m
                }
                return .service(s)
            case .extend: return nil
            }
        }
        return file
    }

    /// `options` without custom ones, Confluent's own kept.
    static func keepingStandardOptions(_ options: [ProtoOption]) -> [ProtoOption] {
        options.filter { option in
            guard let first = option.name.first, first.isExtension else { return true }
            return first.name.hasPrefix("confluent.")
        }
    }
}

extension ProtoMessage {
    fileprivate func withoutExtensions() -> ProtoMessage {
        var message = self
        message.options = ProtoFile.keepingStandardOptions(options)
        message.extensionRanges = []
        message.elements = elements.compactMap { element in
            switch element {
            case .field(let f): return .field(f.withoutCustomOptions())
            case .oneof(var o):
                o.options = ProtoFile.keepingStandardOptions(o.options)
                o.fields = o.fields.map { $0.withoutCustomOptions() }
                return .oneof(o)
            case .message(let m): return .message(m.withoutExtensions())
            case .enum(let e): return .enum(e.withoutCustomOptions())
            case .extend: return nil
            }
        }
        return message
    }
}

extension ProtoField {
    fileprivate func withoutCustomOptions() -> ProtoField {
        var field = self
        field.options = ProtoFile.keepingStandardOptions(options)
        field.group = group?.withoutExtensions()
        return field
    }
}

extension ProtoEnum {
    fileprivate func withoutCustomOptions() -> ProtoEnum {
        var value = self
        value.options = ProtoFile.keepingStandardOptions(options)
        value.values = values.map { v in
            var v = v
            v.options = ProtoFile.keepingStandardOptions(v.options)
            return v
        }
        return value
    }
}
