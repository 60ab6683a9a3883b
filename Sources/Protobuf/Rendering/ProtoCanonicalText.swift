/// The text Confluent stores and returns for a Protobuf schema (`canonicalString()`, what
/// `GET /schemas/ids/{id}` answers), rendered from a parsed file.
///
/// Confluent re-renders the file from its parse (Square Wire's) in a fixed layout, not the
/// source's (facts in `docs/reference/protobuf-canonical.md`): comments dropped, two-space
/// indentation, the file as syntax, package, imports (plain then public; weak ones dropped),
/// options, messages then enums, extends, services; each message as reserved, options,
/// fields, oneofs, groups, extension ranges, extends, nested messages then enums, in
/// sections separated by a blank line. Names and values are printed as written.
public enum ProtoCanonicalText {
    /// The canonical text of `file`; `normalized` for a file `ProtoNormalizer` made, which
    /// prints `syntax` for proto3 only and field options in the order given.
    public static func render(_ file: ProtoFile, normalized: Bool = false) -> String {
        var out = ""
        if case .edition(let edition) = file.syntax {
            // Wire (and so Confluent) cannot read editions; ours keeps the statement, since a
            // `syntax` line naming an edition would not parse and no line would mean proto2.
            // Escaped like import paths, so an odd edition string renders text that parses.
            out += "edition = \"\(escaped(edition))\";\n"
        } else if normalized ? file.syntax == .proto3 : file.declaresSyntax {
            out += "syntax = \"\(file.syntax.name)\";\n"
        }
        if let package = file.package { out += "package \(package);\n" }
        let imports = file.imports.filter { $0.kind == .normal } + file.imports.filter { $0.kind == .public }
        if !imports.isEmpty {
            out += "\n"
            // Escaped, where Confluent prints the path as is: a path holding a quote or a
            // backslash (only reachable through a reference of that name) would otherwise
            // render text that does not parse (found by scripts/fuzz).
            for i in imports { out += "import " + (i.kind == .public ? "public " : "") + "\"\(escaped(i.path))\";\n" }
        }
        if !file.options.isEmpty {
            out += "\n"
            for option in file.options { out += "option " + Self.option(option) + ";\n" }
        }
        let types = file.messages.map { message($0, normalized: normalized) } + file.enums.map(enumeration)
        if !types.isEmpty { out += "\n" + types.joined() }
        if !file.extensions.isEmpty { out += "\n" + file.extensions.map { extend($0, normalized: normalized) }.joined() }
        if !file.services.isEmpty { out += "\n" + file.services.map(service).joined() }
        return out
    }

    /// `text` with every line indented two spaces; a blank line becomes the indentation alone
    /// (Confluent splits and re-joins nested blocks so).
    static func indented(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { "  " + $0 + "\n" }.joined()
    }

    /// A block `header {` with sections separated by blank lines, or `header {}` when empty.
    static func block(_ header: String, _ sections: [String], closing: String = "}\n") -> String {
        let present = sections.filter { !$0.isEmpty }
        guard !present.isEmpty else { return header + " {}\n" }
        return header + " {" + present.map { "\n" + indented($0) }.joined() + closing
    }

    // MARK: Messages

    static func message(_ message: ProtoMessage, normalized: Bool = false) -> String {
        block("message \(message.name)", body(of: message, normalized: normalized, withOptions: true))
    }

    /// A message's sections: reserved, options, fields, oneofs, groups, extension ranges,
    /// extends, nested types. A group's body is a message too, printed without its options (as
    /// Confluent prints groups); for the usual group of plain fields that is the fields alone.
    static func body(of message: ProtoMessage, normalized: Bool, withOptions: Bool) -> [String] {
        var fields = "", oneofs: [String] = [], groups = "", extends = ""
        for element in message.elements {
            switch element {
            case .field(let f) where f.group != nil: groups += group(f, normalized: normalized)
            case .field(let f): fields += field(f, normalized: normalized)
            case .oneof(let o): oneofs.append(oneof(o, normalized: normalized))
            case .extend(let x): extends += extend(x, normalized: normalized)
            case .message, .enum: break
            }
        }
        let nested = message.elements.compactMap { if case .message(let m) = $0 { Self.message(m, normalized: normalized) } else { nil } }.joined()
            + message.nestedEnums.map(enumeration).joined()
        return [
            message.reservedStatements.map(reserved).joined(),
            withOptions ? message.options.map { "option " + option($0) + ";\n" }.joined() : "",
            fields,
            oneofs.joined(),
            groups,
            message.extensionRanges.map(extensionRange).joined(),
            extends,
            nested,
        ]
    }

    static func field(_ field: ProtoField, normalized: Bool = false) -> String {
        var text = field.label.map { $0.rawValue + " " } ?? ""
        text += field.map.map { "map<\($0.key), \($0.value)>" } ?? field.type
        text += " \(field.name) = \(field.number)"
        // Wire keeps `default` and `json_name` apart and puts them back last; normalized, every
        // option is sorted by name.
        if normalized { return text + bracketed(field.options.map(option)) + ";\n" }
        var options = field.options.filter { $0.nameText != "default" && $0.nameText != "json_name" }.map(option)
        if let value = field.options.first(where: { $0.nameText == "default" })?.value {
            options.append("default = " + defaultValue(value, type: field.type))
        }
        if let value = field.options.first(where: { $0.nameText == "json_name" })?.value {
            options.append("json_name = " + constant(value))
        }
        return text + bracketed(options) + ";\n"
    }

    /// A `default`: quoted for `string` fields, as written for every other type (numbers,
    /// booleans, enum values, and, as in Confluent, `bytes` too).
    static func defaultValue(_ value: ProtoConstant, type: String) -> String {
        if type == "string" { return constant(value) }
        if case .string(let bytes) = value { return String(decoding: bytes, as: UTF8.self) }
        return constant(value)
    }

    /// ` [a = 1]`, or one option per line when there are several; empty for none.
    static func bracketed(_ options: [String]) -> String {
        switch options.count {
        case 0: return ""
        case 1: return " [\(options[0])]"
        default: return " [\n" + indented(options.joined(separator: ",\n")) + "]"
        }
    }

    /// `[label ]group Name = N { ... }`. Its body keeps nested groups, extends and types
    /// (printing only the fields once lost a group inside a group: found by scripts/fuzz).
    static func group(_ field: ProtoField, normalized: Bool = false) -> String {
        let label = field.label.map { $0.rawValue + " " } ?? ""
        let sections = field.group.map { body(of: $0, normalized: normalized, withOptions: false) } ?? []
        return block("\(label)group \(field.group?.name ?? field.name) = \(field.number)", sections)
    }

    static func oneof(_ oneof: ProtoOneof, normalized: Bool = false) -> String {
        let fields = oneof.fields.filter { $0.group == nil }.map { field($0, normalized: normalized) }.joined()
        let groups = oneof.fields.filter { $0.group != nil }.map { group($0, normalized: normalized) }.joined()
        return block("oneof \(oneof.name)", [oneof.options.map { "option " + option($0) + ";\n" }.joined(), fields, groups])
    }

    /// Names are escaped, where Confluent prints them as is: protoc only warns about a name
    /// that is not an identifier, and one holding a newline or a quote would otherwise render
    /// text that does not parse (found by scripts/fuzz).
    static func reserved(_ statement: ProtoReserved) -> String {
        let entries = statement.ranges.map(range) + statement.names.map { "\"\(escaped($0))\"" }
        return "reserved " + entries.joined(separator: ", ") + ";\n"
    }

    static func range(_ range: ProtoRange) -> String {
        guard range.end != range.start else { return "\(range.start)" }
        guard let end = range.end, end < 536_870_911 else { return "\(range.start) to max" }
        return "\(range.start) to \(end)"
    }

    static func extensionRange(_ extensions: ProtoExtensionRange) -> String {
        "extensions " + extensions.ranges.map(range).joined(separator: ", ") + bracketed(extensions.options.map(option)) + ";\n"
    }

    static func extend(_ extend: ProtoExtend, normalized: Bool = false) -> String {
        block(
            "extend \(extend.extendee)",
            [extend.fields.map { $0.group != nil ? group($0, normalized: normalized) : field($0, normalized: normalized) }.joined()])
    }

    // MARK: Enums and services

    static func enumeration(_ value: ProtoEnum) -> String {
        let reserved = value.reservedStatements.map(Self.reserved).joined()
        let body = value.options.map { "option " + option($0) + ";\n" }.joined()
            + value.values.map { "\($0.name) = \($0.number)" + bracketed($0.options.map(option)) + ";\n" }.joined()
        guard !reserved.isEmpty || !body.isEmpty else { return "enum \(value.name) {}\n" }
        return "enum \(value.name) {\n" + indented(reserved + body) + "}\n"
    }

    static func service(_ service: ProtoService) -> String {
        block("service \(service.name)", [service.options.map { "option " + option($0) + ";\n" }.joined(), service.methods.map(method).joined()])
    }

    static func method(_ method: ProtoMethod) -> String {
        let text =
            "rpc \(method.name) (" + (method.clientStreaming ? "stream " : "") + method.inputType + ") returns ("
            + (method.serverStreaming ? "stream " : "") + method.outputType + ")"
        guard !method.options.isEmpty else { return text + ";\n" }
        return text + " {\n" + indented(method.options.map { "option " + option($0) + ";\n" }.joined()) + "};\n"
    }

    // MARK: Options

    /// `name = value`, the name as written (`(my.ext).field`).
    static func option(_ option: ProtoOption) -> String {
        option.nameText + " = " + constant(option.value)
    }

    /// A value as Confluent prints it: numbers, booleans and identifiers as written, strings
    /// double-quoted with its escapes, aggregates and lists one entry per line.
    static func constant(_ value: ProtoConstant) -> String {
        switch value {
        case .identifier(let name): return name
        case .integer(let negative, let literal), .float(let negative, let literal): return (negative ? "-" : "") + literal
        case .string(let bytes): return "\"" + escaped(String(decoding: bytes, as: UTF8.self)) + "\""
        case .aggregate(let fields):
            let entries = fields.map { ($0.isExtension ? "[\($0.name)]" : $0.name) + ": " + constant($0.value) }
            return "{\n" + indented(entries.joined(separator: ",\n")) + "}"
        case .list(let values):
            return "[\n" + indented(values.map(constant).joined(separator: ",\n")) + "]"
        }
    }

    /// Confluent's escapes: the C control escapes, backslash and both quotes; everything else
    /// (other control characters, non-ASCII) as is.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
