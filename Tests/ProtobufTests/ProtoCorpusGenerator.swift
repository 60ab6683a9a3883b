/// Writes valid `.proto` files from a seed, for the differential test against protoc: each
/// seed gives another mix of syntax, nesting, field types and labels, maps, oneofs, enums,
/// reserved ranges, options, services, and for proto2 defaults, groups and extensions.
struct ProtoCorpusGenerator {
    private var state: UInt64
    private let proto3: Bool
    private var lines: [String] = []
    /// Every message and enum declared so far, by full name relative to the package, so
    /// fields can refer to them (in several spellings).
    private var messages: [String] = []
    private var enums: [(name: String, firstValue: String)] = []
    private var counter = 0
    private var package = ""
    /// Messages with an extension range, and its first number.
    private var extendable: [(message: String, first: Int)] = []

    init(seed: UInt64) {
        state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        proto3 = seed % 3 != 0
    }

    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    private mutating func chance(_ percent: Int) -> Bool { next(100) < percent }

    private mutating func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    static let scalars = ["double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "bytes", "uint32", "sfixed32", "sfixed64", "sint32", "sint64"]
    static let numeric = ["double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "uint32", "sfixed32", "sfixed64", "sint32", "sint64"]
    static let mapKeys = ["int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "uint32", "sfixed32", "sfixed64", "sint32", "sint64"]

    /// The text of one file in package `package`.
    mutating func file(package: String) -> String {
        lines.append(proto3 ? "syntax = \"proto3\";" : (chance(50) ? "syntax = \"proto2\";" : "// proto2 by default"))
        self.package = package
        lines.append("package \(package);")
        if chance(40) { lines.append("option java_package = \"com.example.\(package)\";") }
        if chance(30) { lines.append("option optimize_for = \(["SPEED", "CODE_SIZE", "LITE_RUNTIME"][next(3)]);") }
        if chance(20) { lines.append("option deprecated = true;") }
        for _ in 0..<(1 + next(3)) { topLevelEnum() }
        for _ in 0..<(1 + next(4)) { message(depth: 0, scope: "", indent: "") }
        if !proto3, !extendable.isEmpty { extend(extendable[next(extendable.count)]) }
        if chance(50) { service() }
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func topLevelEnum() {
        enumeration(scope: "", indent: "")
    }

    private mutating func enumeration(scope: String, indent: String) {
        let name = fresh("Enum")
        let first = "\(name.uppercased())_ZERO"
        lines.append("\(indent)enum \(name) {")
        let alias = chance(20)
        if alias { lines.append("\(indent)  option allow_alias = true;") }
        lines.append("\(indent)  \(first) = 0;")
        for i in 1...(1 + next(4)) {
            let option = chance(15) ? " [deprecated = true]" : ""
            lines.append("\(indent)  \(name.uppercased())_V\(i) = \(i * (chance(20) ? 10 : 1))\(option);")
        }
        if alias { lines.append("\(indent)  \(name.uppercased())_ALIAS = 0;") }
        if chance(30) { lines.append("\(indent)  reserved 100 to 110, 200;") }
        if chance(20) { lines.append("\(indent)  reserved \"\(name.uppercased())_OLD\";") }
        if !proto3, chance(20) { lines.append("\(indent)  \(name.uppercased())_NEGATIVE = -\(1 + next(5));") }
        lines.append("\(indent)}")
        enums.append((scope.isEmpty ? name : scope + "." + name, first))
    }

    private mutating func fieldType(numericOnly: Bool = false) -> (type: String, enumDefault: String?) {
        if numericOnly { return (Self.numeric[next(Self.numeric.count)], nil) }
        switch next(10) {
        case 0...5: return (Self.scalars[next(Self.scalars.count)], nil)
        case 6...7 where !enums.isEmpty:
            let e = enums[next(enums.count)]
            return (spell(e.name), e.firstValue)
        default:
            if messages.isEmpty { return ("string", nil) }
            return (spell(messages[next(messages.count)]), nil)
        }
    }

    /// A type name in one of the spellings protoc accepts from anywhere in the file.
    private mutating func spell(_ name: String) -> String {
        switch next(3) {
        case 0: return name
        case 1: return ".\(package).\(name)"
        default: return "\(package).\(name)"
        }
    }

    private mutating func message(depth: Int, scope: String, indent: String) {
        let name = fresh("Msg")
        let full = scope.isEmpty ? name : scope + "." + name
        lines.append("\(indent)message \(name) {")
        messages.append(full)
        let inner = indent + "  "
        var number = 1
        if chance(20) { lines.append("\(inner)option deprecated = true;") }
        if depth < 2, chance(40) { message(depth: depth + 1, scope: full, indent: inner) }
        if chance(30) { enumeration(scope: full, indent: inner) }
        for _ in 0..<(1 + next(6)) {
            number += 1 + next(3)
            let fieldName = fresh("field_")
            let kind = next(10)
            if kind == 0 {
                let key = Self.mapKeys[next(Self.mapKeys.count)]
                let value = fieldType().type
                lines.append("\(inner)map<\(key), \(value)> \(fieldName) = \(number);")
            } else if kind == 1 {
                let (type, _) = fieldType(numericOnly: true)
                let packed = chance(50) ? " [packed = \(chance(50) ? "true" : "false")]" : ""
                lines.append("\(inner)repeated \(type) \(fieldName) = \(number)\(packed);")
            } else if kind == 2 {
                lines.append("\(inner)oneof \(fresh("choice_")) {")
                for _ in 0..<(1 + next(3)) {
                    lines.append("\(inner)  \(fieldType().type) \(fresh("option_")) = \(number);")
                    number += 1
                }
                lines.append("\(inner)}")
            } else if kind == 3, !proto3 {
                let group = fresh("Group")
                lines.append("\(inner)optional group \(group) = \(number) {")
                number += 1
                lines.append("\(inner)  optional int32 \(fresh("inside_")) = \(number);")
                lines.append("\(inner)}")
                messages.append(full + "." + group)
            } else {
                let (type, enumDefault) = fieldType()
                var label = ""
                if proto3 {
                    label = chance(30) ? "optional " : (chance(20) ? "repeated " : "")
                } else {
                    label = ["optional ", "repeated ", "required "][chance(80) ? 0 : (chance(50) ? 1 : 2)]
                }
                var options: [String] = []
                if chance(15) { options.append("deprecated = true") }
                if chance(10) { options.append("json_name = \"\(fresh("json"))\"") }
                if !proto3, label == "optional ", chance(40) {
                    if let enumDefault {
                        options.append("default = \(enumDefault)")
                    } else if let value = defaultValue(for: type) {
                        options.append("default = \(value)")
                    }
                }
                let suffix = options.isEmpty ? "" : " [\(options.joined(separator: ", "))]"
                lines.append("\(inner)\(label)\(type) \(fieldName) = \(number)\(suffix);")
            }
        }
        if chance(30) {
            lines.append("\(inner)reserved \(number + 1), \(number + 5) to \(number + 8);")
            number += 8
        }
        if chance(20) { lines.append("\(inner)reserved \"\(fresh("gone_"))\";") }
        if !proto3, chance(30) {
            lines.append("\(inner)extensions \(number + 100) to \(number + 199);")
            extendable.append((full, number + 100))
        }
        lines.append("\(indent)}")
    }

    private mutating func defaultValue(for type: String) -> String? {
        switch type {
        case "double", "float": return ["1.5", "-2.25", "1e10", "0.125", "inf", "-inf", "nan", "3"][next(8)]
        case "int32", "int64", "sint32", "sint64", "sfixed32", "sfixed64": return ["-7", "42", "0x1F", "017", "0"][next(5)]
        case "uint32", "uint64", "fixed32", "fixed64": return ["7", "0x10", "0"][next(3)]
        case "bool": return chance(50) ? "true" : "false"
        case "string": return ["\"hello\"", "\"with \\\"quotes\\\"\"", "\"\""][next(3)]
        case "bytes": return ["\"\\001\\002abc\"", "\"plain\""][next(2)]
        default: return nil
        }
    }

    private mutating func extend(_ target: (message: String, first: Int)) {
        lines.append("extend \(spell(target.message)) {")
        lines.append("  optional string \(fresh("ext_")) = \(target.first + next(50));")
        lines.append("  repeated int32 \(fresh("ext_")) = \(target.first + 50 + next(50));")
        lines.append("}")
    }

    private mutating func service() {
        guard !messages.isEmpty else { return }
        lines.append("service \(fresh("Service")) {")
        for _ in 0..<(1 + next(3)) {
            let input = spell(messages[next(messages.count)]), output = spell(messages[next(messages.count)])
            let body = chance(30) ? " {}" : ";"
            lines.append("  rpc \(fresh("Call")) (\(chance(30) ? "stream " : "")\(input)) returns (\(chance(30) ? "stream " : "")\(output))\(body)")
        }
        lines.append("}")
    }
}
