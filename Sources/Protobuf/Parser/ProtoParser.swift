/// Reads `.proto` text into a `ProtoFile`, following the protobuf language specification
/// for proto2, proto3 and editions, the way protoc's parser reads it.
///
/// This is the syntax only: names are kept as written and not resolved, numbers are not yet
/// checked against each other. Every error names the line and column of the token it was
/// found at, with protoc's wording where protoc has one.
public struct ProtoParser {
    private var tokens: [ProtoToken]
    private var position = 0
    /// How deeply messages, groups and aggregate values nest, bounded so that hostile input
    /// gives an error rather than a stack overflow.
    private var depth = 0
    static let maximumDepth = 100

    private init(tokens: [ProtoToken]) {
        self.tokens = tokens
    }

    /// Parses a whole file.
    public static func parse(_ text: String) throws(ProtoError) -> ProtoFile {
        var lexer = ProtoLexer(text)
        var parser = ProtoParser(tokens: try lexer.tokenize())
        return try parser.file()
    }

    // MARK: Tokens

    private var current: ProtoToken { tokens[position] }

    private func peek(_ offset: Int) -> ProtoToken {
        tokens[min(position + offset, tokens.count - 1)]
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func isSymbol(_ symbol: String, _ token: ProtoToken? = nil) -> Bool {
        let token = token ?? current
        return token.kind == .symbol && token.text == symbol
    }

    private func isKeyword(_ word: String, _ token: ProtoToken? = nil) -> Bool {
        let token = token ?? current
        return token.kind == .identifier && token.text == word
    }

    private func error(_ message: String, at token: ProtoToken? = nil) -> ProtoError {
        ProtoError(message, at: (token ?? current).location)
    }

    /// What the current token looks like in an error message, as protoc quotes it.
    private var found: String {
        current.kind == .endOfInput ? "end of input" : "\"\(current.text)\""
    }

    private mutating func expect(_ symbol: String) throws(ProtoError) {
        guard isSymbol(symbol) else { throw error("Expected \"\(symbol)\", found \(found).") }
        advance()
    }

    private mutating func accept(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func identifier(_ what: String = "identifier") throws(ProtoError) -> String {
        guard current.kind == .identifier else { throw error("Expected \(what), found \(found).") }
        defer { advance() }
        return current.text
    }

    /// `a.b.c`, optionally with a leading dot (a fully qualified type name).
    private mutating func fullIdentifier(allowLeadingDot: Bool = false, _ what: String = "identifier") throws(ProtoError) -> String {
        var name = ""
        if allowLeadingDot, accept(".") { name = "." }
        name += try identifier(what)
        while isSymbol("."), peek(1).kind == .identifier {
            advance()
            name += "." + current.text
            advance()
        }
        return name
    }

    /// One or more adjacent string literals, joined.
    private mutating func stringBytes() throws(ProtoError) -> [UInt8] {
        guard current.kind == .string else { throw error("Expected string, found \(found).") }
        var bytes: [UInt8] = []
        while current.kind == .string {
            bytes += current.bytes
            advance()
        }
        return bytes
    }

    private mutating func string() throws(ProtoError) -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }

    /// An integer literal, optionally negative, as a value.
    private mutating func integer(allowNegative: Bool = false, _ what: String = "integer") throws(ProtoError) -> Int {
        let start = current
        let negative = allowNegative && accept("-")
        guard current.kind == .integer else { throw error("Expected \(what), found \(found).") }
        guard let magnitude = Self.integerValue(current.text) else { throw error("Integer out of range.") }
        advance()
        guard negative ? magnitude <= UInt64(Int64.max) + 1 : magnitude <= UInt64(Int64.max) else {
            throw error("Integer out of range.", at: start)
        }
        return negative ? Int(truncatingIfNeeded: 0 &- magnitude) : Int(magnitude)
    }

    /// An integer literal's value: hex `0x1F`, octal `017` or decimal.
    static func integerValue(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt64(text.dropFirst(2), radix: 16) }
        if text.count > 1, text.hasPrefix("0") { return UInt64(text.dropFirst(), radix: 8) }
        return UInt64(text)
    }

    private mutating func nest() throws(ProtoError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("Nesting deeper than \(Self.maximumDepth) levels.") }
    }

    // MARK: File

    private mutating func file() throws(ProtoError) -> ProtoFile {
        var file = ProtoFile()
        if isKeyword("syntax") || isKeyword("edition") {
            let isEdition = isKeyword("edition")
            advance()
            try expect("=")
            let valueToken = current
            let value = try string()
            if isEdition {
                file.syntax = .edition(value)
            } else {
                switch value {
                case "proto2": file.syntax = .proto2
                case "proto3": file.syntax = .proto3
                default: throw error("Unrecognized syntax identifier \"\(value)\".  This parser only recognizes \"proto2\" and \"proto3\".", at: valueToken)
                }
            }
            file.declaresSyntax = true
            try expect(";")
        }
        while current.kind != .endOfInput {
            let comments = current.leadingComments
            if accept(";") { continue }
            guard current.kind == .identifier else { throw error("Expected top-level statement (e.g. \"message\").") }
            switch current.text {
            case "syntax", "edition":
                throw error("Syntax or edition statements must come first in a file.")
            case "package":
                if file.package != nil { throw error("Multiple package definitions.") }
                advance()
                file.package = try fullIdentifier()
                try expect(";")
            case "import":
                let location = current.location
                advance()
                var kind = ProtoImport.Kind.normal
                if isKeyword("public") {
                    kind = .public
                    advance()
                } else if isKeyword("weak") {
                    kind = .weak
                    advance()
                }
                file.imports.append(ProtoImport(path: try string(), kind: kind, location: location))
                try expect(";")
            case "option":
                file.options.append(try optionStatement())
            case "message":
                var message = try message()
                message.comments = comments
                file.declarations.append(.message(message))
            case "enum":
                var value = try enumeration()
                value.comments = comments
                file.declarations.append(.enum(value))
            case "service":
                var service = try service()
                service.comments = comments
                file.declarations.append(.service(service))
            case "extend":
                file.declarations.append(.extend(try extend()))
            default:
                throw error("Expected top-level statement (e.g. \"message\").")
            }
        }
        return file
    }

    // MARK: Options

    /// `option name = value;`
    private mutating func optionStatement() throws(ProtoError) -> ProtoOption {
        advance()  // option
        let option = try optionAssignment()
        try expect(";")
        return option
    }

    /// `name = value`, as in an option statement or a field's `[...]`.
    private mutating func optionAssignment() throws(ProtoError) -> ProtoOption {
        let location = current.location
        var parts: [ProtoOptionNamePart] = []
        repeat {
            if accept("(") {
                parts.append(ProtoOptionNamePart(try fullIdentifier(allowLeadingDot: true), isExtension: true))
                try expect(")")
            } else {
                parts.append(ProtoOptionNamePart(try identifier()))
            }
        } while accept(".")
        try expect("=")
        return ProtoOption(name: parts, value: try constant(), location: location)
    }

    /// `[a = 1, (b).c = "x"]` after a field or enum value; empty when there is none.
    private mutating func bracketedOptions() throws(ProtoError) -> [ProtoOption] {
        guard accept("[") else { return [] }
        var options = [try optionAssignment()]
        while accept(",") { options.append(try optionAssignment()) }
        try expect("]")
        return options
    }

    /// An option value.
    private mutating func constant() throws(ProtoError) -> ProtoConstant {
        if isSymbol("{") { return try aggregate(closing: "}") }
        if isSymbol("-") || isSymbol("+") {
            let negative = isSymbol("-")
            advance()
            switch current.kind {
            case .integer:
                defer { advance() }
                return .integer(negative: negative, literal: current.text)
            case .float:
                defer { advance() }
                return .float(negative: negative, literal: current.text)
            case .identifier where current.text == "inf" || current.text == "nan":
                defer { advance() }
                return .float(negative: negative, literal: current.text)
            default:
                throw error("Expected number, found \(found).")
            }
        }
        switch current.kind {
        case .integer:
            defer { advance() }
            return .integer(negative: false, literal: current.text)
        case .float:
            defer { advance() }
            return .float(negative: false, literal: current.text)
        case .string:
            return .string(try stringBytes())
        case .identifier:
            return .identifier(try fullIdentifier())
        default:
            throw error("Expected option value, found \(found).")
        }
    }

    /// A text-format message: `{ a: 1 b { c: 2 } d: [1, 2] [ext.e]: 3 }` (or `< ... >`).
    private mutating func aggregate(closing: String) throws(ProtoError) -> ProtoConstant {
        try nest()
        defer { depth -= 1 }
        advance()  // { or <
        var fields: [ProtoAggregateField] = []
        while !accept(closing) {
            guard current.kind != .endOfInput else { throw error("Expected \"\(closing)\", found end of input.") }
            var name: String
            var isExtension = false
            if accept("[") {
                isExtension = true
                name = try fullIdentifier()
                // An Any's type URL: [type.googleapis.com/pkg.Msg].
                while accept("/") { name += "/" + (try fullIdentifier()) }
                try expect("]")
            } else {
                name = try identifier("field name")
            }
            let hasColon = accept(":")
            let value: ProtoConstant
            if isSymbol("{") {
                value = try aggregate(closing: "}")
            } else if isSymbol("<") {
                value = try aggregate(closing: ">")
            } else {
                guard hasColon else { throw error("Expected \":\", found \(found).") }
                value = isSymbol("[") ? try aggregateList() : try constant()
            }
            fields.append(ProtoAggregateField(name: name, isExtension: isExtension, value: value))
            _ = accept(",") || accept(";")
        }
        return .aggregate(fields)
    }

    /// `[v1, v2]` inside an aggregate.
    private mutating func aggregateList() throws(ProtoError) -> ProtoConstant {
        advance()  // [
        var values: [ProtoConstant] = []
        if accept("]") { return .list(values) }
        repeat {
            if isSymbol("{") {
                values.append(try aggregate(closing: "}"))
            } else if isSymbol("<") {
                values.append(try aggregate(closing: ">"))
            } else {
                values.append(try constant())
            }
        } while accept(",")
        try expect("]")
        return .list(values)
    }

    // MARK: Messages

    private mutating func message() throws(ProtoError) -> ProtoMessage {
        let location = current.location
        advance()  // message
        var message = ProtoMessage(name: try identifier("message name"), location: location)
        try messageBody(into: &message)
        return message
    }

    /// `{ ... }` of a message or group.
    private mutating func messageBody(into message: inout ProtoMessage) throws(ProtoError) {
        try nest()
        defer { depth -= 1 }
        try expect("{")
        while !accept("}") {
            guard current.kind != .endOfInput else { throw error("Reached end of input in message definition (missing '}').") }
            let comments = current.leadingComments
            if accept(";") { continue }
            guard current.kind == .identifier || isSymbol(".") else { throw error("Expected field name.") }
            switch current.text {
            case "message" where !looksLikeField():
                var nested = try self.message()
                nested.comments = comments
                message.elements.append(.message(nested))
            case "enum" where !looksLikeField():
                var nested = try enumeration()
                nested.comments = comments
                message.elements.append(.enum(nested))
            case "extend" where !looksLikeField():
                message.elements.append(.extend(try extend()))
            case "oneof" where !looksLikeField():
                message.elements.append(.oneof(try oneof()))
            case "option" where !looksLikeField():
                message.options.append(try optionStatement())
            case "extensions" where !looksLikeField():
                advance()
                let ranges = try ranges(maximumAllowed: true)
                message.extensionRanges.append(ProtoExtensionRange(ranges: ranges, options: try bracketedOptions()))
                try expect(";")
            case "reserved" where !looksLikeField():
                advance()
                let statement = try reserved()
                message.reservedRanges += statement.ranges
                message.reservedNames += statement.names
                message.reservedStatements.append(statement)
            default:
                var field = try field(inOneof: false)
                field.comments = comments
                message.elements.append(.field(field))
            }
        }
    }

    /// Whether the statement at hand is a field whose type is spelt like a keyword
    /// (`message message = 1;`, `optional enum e = 2;` cannot be, but `Msg option = 3;` can).
    private func looksLikeField() -> Bool {
        // A declaration keyword is followed by a name and then `{` (or, for option, `=`/`(`/`.`):
        // a field of a type with that name is followed by a name and then `=`.
        // `option` always starts an option, as in protoc.
        if isKeyword("option") { return false }
        return peek(1).kind == .identifier && isSymbol("=", peek(2))
    }

    /// A field, group or map field; `inOneof` forbids labels.
    private mutating func field(inOneof: Bool) throws(ProtoError) -> ProtoField {
        let location = current.location
        var label: ProtoField.Label? = nil
        if current.kind == .identifier, let l = ProtoField.Label(rawValue: current.text), !isSymbol("=", peek(2)) || peek(1).kind != .identifier {
            // `optional` could also be a type named `optional` (`optional x = 1;`).
            if inOneof { throw error("Fields in oneofs must not have labels (required / optional / repeated).") }
            label = l
            advance()
        }
        if isKeyword("map"), isSymbol("<", peek(1)) {
            advance()
            advance()
            let key = try fullIdentifier(allowLeadingDot: true, "map key type")
            try expect(",")
            let value = try fullIdentifier(allowLeadingDot: true, "map value type")
            try expect(">")
            let name = try identifier("field name")
            try expect("=")
            var field = ProtoField(label: label, type: "map<\(key), \(value)>", name: name, number: try integer(allowNegative: true, "field number"), location: location)
            field.map = ProtoMapTypes(key: key, value: value)
            field.options = try bracketedOptions()
            try expect(";")
            return field
        }
        // `group` is always the keyword here, as in protoc.
        if isKeyword("group"), peek(1).kind == .identifier {
            advance()
            let groupLocation = current.location
            let name = try identifier("group name")
            guard let first = name.unicodeScalars.first, first >= "A" && first <= "Z" else {
                throw error("Group names must start with a capital letter.", at: tokens[position - 1])
            }
            try expect("=")
            let number = try integer(allowNegative: true, "field number")
            var field = ProtoField(label: label, type: "group", name: name.lowercased(), number: number, location: location)
            field.options = try bracketedOptions()
            var body = ProtoMessage(name: name, location: groupLocation)
            try messageBody(into: &body)
            field.group = body
            return field
        }
        let type = try fullIdentifier(allowLeadingDot: true, "type name")
        let name = try identifier("field name")
        try expect("=")
        var field = ProtoField(label: label, type: type, name: name, number: try integer(allowNegative: true, "field number"), location: location)
        field.options = try bracketedOptions()
        try expect(";")
        return field
    }

    private mutating func oneof() throws(ProtoError) -> ProtoOneof {
        let location = current.location
        advance()  // oneof
        var oneof = ProtoOneof(name: try identifier("oneof name"), location: location)
        try expect("{")
        while !accept("}") {
            guard current.kind != .endOfInput else { throw error("Reached end of input in oneof definition (missing '}').") }
            if accept(";") { continue }
            if isKeyword("option"), !isSymbol("=", peek(2)) {
                oneof.options.append(try optionStatement())
                continue
            }
            oneof.fields.append(try field(inOneof: true))
        }
        return oneof
    }

    /// `2, 15, 9 to 11, 100 to max`; `max` only where `maximumAllowed`.
    private mutating func ranges(maximumAllowed: Bool) throws(ProtoError) -> [ProtoRange] {
        var ranges: [ProtoRange] = []
        repeat {
            let start = try integer(allowNegative: true, "field number range")
            var end: Int? = start
            if isKeyword("to") {
                advance()
                if isKeyword("max") {
                    guard maximumAllowed else { throw error("\"max\" is not allowed here.") }
                    advance()
                    end = nil
                } else {
                    end = try integer(allowNegative: true, "field number range end")
                }
            }
            ranges.append(ProtoRange(start: start, end: end))
        } while accept(",")
        return ranges
    }

    /// After `reserved`: numbers and ranges, or names (quoted; bare in editions).
    private mutating func reserved() throws(ProtoError) -> ProtoReserved {
        var statement = ProtoReserved()
        if current.kind == .string || current.kind == .identifier {
            repeat {
                statement.names.append(current.kind == .string ? try string() : try identifier("reserved name"))
            } while accept(",")
        } else {
            statement.ranges = try self.ranges(maximumAllowed: true)
        }
        try expect(";")
        return statement
    }

    private mutating func extend() throws(ProtoError) -> ProtoExtend {
        let location = current.location
        advance()  // extend
        var extend = ProtoExtend(extendee: try fullIdentifier(allowLeadingDot: true, "type name"), location: location)
        try expect("{")
        while !accept("}") {
            guard current.kind != .endOfInput else { throw error("Reached end of input in extend definition (missing '}').") }
            if accept(";") { continue }
            extend.fields.append(try field(inOneof: false))
        }
        return extend
    }

    // MARK: Enums

    private mutating func enumeration() throws(ProtoError) -> ProtoEnum {
        let location = current.location
        advance()  // enum
        var value = ProtoEnum(name: try identifier("enum name"), location: location)
        try nest()
        defer { depth -= 1 }
        try expect("{")
        while !accept("}") {
            guard current.kind != .endOfInput else { throw error("Reached end of input in enum definition (missing '}').") }
            if accept(";") { continue }
            if isKeyword("option"), !isSymbol("=", peek(1)) {
                value.options.append(try optionStatement())
            } else if isKeyword("reserved"), !isSymbol("=", peek(1)) {
                advance()
                let statement = try reserved()
                value.reservedRanges += statement.ranges
                value.reservedNames += statement.names
                value.reservedStatements.append(statement)
            } else {
                let location = current.location
                let name = try identifier("enum constant name")
                try expect("=")
                var constant = ProtoEnumValue(name: name, number: try integer(allowNegative: true, "integer"), location: location)
                constant.options = try bracketedOptions()
                try expect(";")
                value.values.append(constant)
            }
        }
        return value
    }

    // MARK: Services

    private mutating func service() throws(ProtoError) -> ProtoService {
        let location = current.location
        advance()  // service
        var service = ProtoService(name: try identifier("service name"), location: location)
        try expect("{")
        while !accept("}") {
            guard current.kind != .endOfInput else { throw error("Reached end of input in service definition (missing '}').") }
            if accept(";") { continue }
            if isKeyword("option") {
                service.options.append(try optionStatement())
            } else if isKeyword("rpc") {
                service.methods.append(try method())
            } else {
                throw error("Expected \"rpc\".")
            }
        }
        return service
    }

    private mutating func method() throws(ProtoError) -> ProtoMethod {
        let location = current.location
        advance()  // rpc
        let name = try identifier("method name")
        let (input, clientStreaming) = try methodType()
        guard isKeyword("returns") else { throw error("Expected \"returns\".") }
        advance()
        let (output, serverStreaming) = try methodType()
        var method = ProtoMethod(
            name: name, inputType: input, outputType: output, clientStreaming: clientStreaming, serverStreaming: serverStreaming,
            location: location)
        if accept("{") {
            method.hasBody = true
            while !accept("}") {
                guard current.kind != .endOfInput else { throw error("Reached end of input in method options (missing '}').") }
                if accept(";") { continue }
                guard isKeyword("option") else { throw error("Expected \"option\".") }
                method.options.append(try optionStatement())
            }
            _ = accept(";")
        } else {
            try expect(";")
        }
        return method
    }

    /// `( [stream] Type )`.
    private mutating func methodType() throws(ProtoError) -> (String, Bool) {
        try expect("(")
        var streaming = false
        if isKeyword("stream"), !isSymbol(")", peek(1)) {
            streaming = true
            advance()
        }
        let type = try fullIdentifier(allowLeadingDot: true, "type name")
        try expect(")")
        return (type, streaming)
    }
}
