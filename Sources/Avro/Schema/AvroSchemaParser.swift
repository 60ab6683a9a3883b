import JSONModel

extension AvroSchema {
    /// Parses an Avro schema document.
    ///
    /// - Parameters:
    ///   - text: the schema as JSON text.
    ///   - references: schemas whose named types this one may use by name (Confluent's schema
    ///     references). Their types become part of the result, marked as referenced.
    ///   - options: how strictly names, namespaces and defaults are checked; Java Avro's
    ///     default parser by default.
    /// - Throws: `AvroSchemaError` naming the JSON path of the first problem.
    public init(parsing text: String, references: [AvroSchema] = [], options: AvroParsingOptions = .standard) throws(AvroSchemaError) {
        let json: JSONValue
        do {
            json = try JSONParser().parse(text)
        } catch {
            throw AvroSchemaError(path: "", reason: .malformedJSON(error.description))
        }
        try self.init(json: json, references: references, options: options)
    }

    /// Parses an Avro schema from an already-parsed JSON document.
    public init(json: JSONValue, references: [AvroSchema] = [], options: AvroParsingOptions = .standard) throws(AvroSchemaError) {
        var parser = AvroSchemaParser(options: options)
        for reference in references {
            for (name, type) in reference.types where parser.types[name] == nil {
                parser.types[name] = type
                parser.referenced.insert(name)
            }
        }
        let root = try parser.parseType(json, path: "", namespace: nil)
        self.init(root: root, types: parser.types, referencedTypeNames: parser.referenced)
    }
}

/// The recursive descent over the JSON document; holds the named types defined so far.
struct AvroSchemaParser {
    let options: AvroParsingOptions
    var types: [String: AvroNamedType] = [:]
    var referenced: Set<String> = []

    static let schemaReserved: Set<String> = [
        "doc", "fields", "items", "name", "namespace", "size", "symbols", "values", "type", "aliases",
    ]
    static let enumReserved: Set<String> = schemaReserved.union(["default"])
    static let fieldReserved: Set<String> = ["default", "doc", "name", "order", "type", "aliases"]

    mutating func parseType(_ json: JSONValue, path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        switch json {
        case .string(let name):
            return try resolve(name, path: path, namespace: namespace)
        case .array(let branches):
            return try parseUnion(branches, path: path, namespace: namespace)
        case .object(let object):
            return try parseObject(object, path: path, namespace: namespace)
        default:
            throw AvroSchemaError(
                path: path, reason: .invalidAttribute("type", expected: "a type name, an object or a union array"))
        }
    }

    func resolve(_ name: String, path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        if let primitive = AvroPrimitive(rawValue: name) { return .primitive(primitive) }
        // A simple name is looked up in the enclosing namespace first, then in the null namespace.
        let qualified = AvroName(resolving: name, in: namespace).fullName
        if types[qualified] != nil { return .named(qualified) }
        if types[name] != nil { return .named(name) }
        throw AvroSchemaError(path: path, reason: .unknownType(name))
    }

    mutating func parseUnion(_ branches: [JSONValue], path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        var result: [AvroType] = []
        var seen: Set<String> = []
        for (i, branch) in branches.enumerated() {
            let branchPath = path + "/" + String(i)
            let type = try parseType(branch, path: branchPath, namespace: namespace)
            let key: String
            switch type {
            case .union: throw AvroSchemaError(path: branchPath, reason: .nestedUnion)
            case .primitive(let p): key = p.kind.rawValue
            case .array: key = "array"
            case .map: key = "map"
            case .named(let n): key = n
            }
            guard seen.insert(key).inserted else {
                throw AvroSchemaError(path: branchPath, reason: .duplicateUnionBranch(key))
            }
            result.append(type)
        }
        return .union(result)
    }

    mutating func parseObject(_ object: JSONObject, path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        guard let typeValue = object["type"] else {
            throw AvroSchemaError(path: path, reason: .missingAttribute("type"))
        }
        guard case .string(let type) = typeValue else {
            throw AvroSchemaError(path: path + "/type", reason: .invalidAttribute("type", expected: "a string"))
        }
        switch type {
        case "record", "error":
            return try parseRecord(object, path: path, namespace: namespace, isError: type == "error")
        case "enum":
            return try parseEnum(object, path: path, namespace: namespace)
        case "fixed":
            return try parseFixed(object, path: path, namespace: namespace)
        case "array":
            guard let items = object["items"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("items")) }
            let itemType = try parseType(items, path: path + "/items", namespace: namespace)
            return .array(items: itemType, properties: properties(of: object, excluding: Self.schemaReserved))
        case "map":
            guard let values = object["values"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("values")) }
            let valueType = try parseType(values, path: path + "/values", namespace: namespace)
            return .map(values: valueType, properties: properties(of: object, excluding: Self.schemaReserved))
        default:
            if let kind = AvroPrimitive(rawValue: type) {
                let props = properties(of: object, excluding: Self.schemaReserved)
                let logical = Self.logicalType(props, primitive: kind)
                return .primitive(AvroPrimitiveType(kind, logicalType: logical, properties: props))
            }
            // `{"type": "SomeDefinedName"}` refers to a named type, as Java Avro allows.
            return try resolve(type, path: path + "/type", namespace: namespace)
        }
    }

    // MARK: Named types

    /// Reads `name` and `namespace` the way Java Avro does: a dotted name carries its own
    /// namespace; otherwise `namespace`, otherwise the enclosing namespace.
    func parseName(_ object: JSONObject, path: String, enclosing: String?) throws(AvroSchemaError) -> AvroName {
        guard let nameValue = object["name"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("name")) }
        guard case .string(let text) = nameValue else {
            throw AvroSchemaError(path: path + "/name", reason: .invalidAttribute("name", expected: "a string"))
        }
        var space = enclosing
        if let ns = object["namespace"] {
            switch ns {
            case .string(let s): space = s
            case .null: break
            default:
                throw AvroSchemaError(path: path + "/namespace", reason: .invalidAttribute("namespace", expected: "a string"))
            }
        }
        let name = AvroName(resolving: text, in: space)
        guard Self.isValidName(name.name, rule: options.names) else {
            throw AvroSchemaError(path: path + "/name", reason: .invalidName(text))
        }
        if AvroPrimitive(rawValue: name.fullName) != nil {
            throw AvroSchemaError(path: path + "/name", reason: .redefinedName(name.fullName))
        }
        return name
    }

    /// Checks each part of a named type's namespace, as Java Avro does when it files the type
    /// (after a record's fields, so errors inside come first). An empty namespace is none.
    func checkNamespace(of name: AvroName, path: String) throws(AvroSchemaError) {
        guard options.checksNamespaces, let namespace = name.namespace else { return }
        for part in namespace.split(separator: ".", omittingEmptySubsequences: false) {
            let part = String(part)
            guard Self.isValidName(part, rule: options.names) else {
                throw AvroSchemaError(path: path + "/namespace", reason: .invalidNamespace(part: part))
            }
        }
    }

    mutating func define(_ type: AvroNamedType, path: String) throws(AvroSchemaError) {
        let full = type.name.fullName
        guard types[full] == nil else { throw AvroSchemaError(path: path + "/name", reason: .redefinedName(full)) }
        types[full] = type
    }

    func aliases(_ object: JSONObject, path: String, namespace: String?) throws(AvroSchemaError) -> [String] {
        guard let value = object["aliases"] else { return [] }
        guard case .array(let items) = value else {
            throw AvroSchemaError(path: path + "/aliases", reason: .invalidAttribute("aliases", expected: "an array of strings"))
        }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let alias) = item else {
                throw AvroSchemaError(path: path + "/aliases/\(i)", reason: .invalidAttribute("aliases", expected: "an array of strings"))
            }
            let full = namespace == nil ? alias : AvroName(resolving: alias, in: namespace).fullName
            if !result.contains(full) { result.append(full) }
        }
        return result
    }

    func optionalString(_ object: JSONObject, _ key: String, path: String) throws(AvroSchemaError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw AvroSchemaError(path: path + "/" + key, reason: .invalidAttribute(key, expected: "a string"))
        }
    }

    mutating func parseRecord(_ object: JSONObject, path: String, namespace: String?, isError: Bool) throws(AvroSchemaError) -> AvroType {
        let name = try parseName(object, path: path, enclosing: namespace)
        let doc = try optionalString(object, "doc", path: path)
        let recordAliases = try aliases(object, path: path, namespace: name.namespace)
        let props = properties(of: object, excluding: Self.schemaReserved)
        guard case .array(let fieldValues)? = object["fields"] else {
            throw AvroSchemaError(
                path: object["fields"] == nil ? path : path + "/fields",
                reason: object["fields"] == nil ? .missingAttribute("fields") : .invalidAttribute("fields", expected: "an array"))
        }
        // Define the name before the fields so that fields may refer to the record itself.
        var record = AvroRecord(name: name, doc: doc, aliases: recordAliases, fields: [], properties: props, isError: isError)
        try define(.record(record), path: path)
        var seen: Set<String> = []
        for (i, fieldValue) in fieldValues.enumerated() {
            let fieldPath = path + "/fields/\(i)"
            let field = try parseField(fieldValue, path: fieldPath, namespace: name.namespace)
            guard seen.insert(field.name).inserted else {
                throw AvroSchemaError(path: fieldPath + "/name", reason: .duplicateField(field.name))
            }
            // The table's copy shares the fields' storage: drop it before appending, so the
            // append grows the array in place instead of copying every field so far (which made
            // wide records quadratic), then publish the fields so far for the next field's
            // default (a field may refer to the record itself).
            types[name.fullName] = nil
            record.fields.append(field)
            types[name.fullName] = .record(record)
        }
        try checkNamespace(of: name, path: path)
        types[name.fullName] = .record(record)
        return .named(name.fullName)
    }

    mutating func parseField(_ json: JSONValue, path: String, namespace: String?) throws(AvroSchemaError) -> AvroField {
        guard case .object(let object) = json else {
            throw AvroSchemaError(path: path, reason: .invalidAttribute("field", expected: "an object"))
        }
        guard let nameValue = object["name"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("name")) }
        guard case .string(let name) = nameValue else {
            throw AvroSchemaError(path: path + "/name", reason: .invalidAttribute("name", expected: "a string"))
        }
        guard Self.isValidName(name, rule: options.names) else { throw AvroSchemaError(path: path + "/name", reason: .invalidName(name)) }
        guard let typeValue = object["type"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("type")) }
        let type = try parseType(typeValue, path: path + "/type", namespace: namespace)
        let doc = try optionalString(object, "doc", path: path)
        var order = AvroSortOrder.ascending
        if let orderValue = object["order"] {
            guard case .string(let text) = orderValue, let parsed = AvroSortOrder(rawValue: text.lowercased()) else {
                throw AvroSchemaError(
                    path: path + "/order", reason: .invalidAttribute("order", expected: "\"ascending\", \"descending\" or \"ignore\""))
            }
            order = parsed
        }
        var defaultValue = object["default"]
        if case .string(let text)? = defaultValue, case .primitive(let p) = type, p.kind == .float || p.kind == .double {
            // Java Avro reads a textual float default ("NaN", "Infinity", "1.5") as a number.
            // Java parses it whatever the options say, so a text that is no number always fails.
            guard let d = Double(text) ?? Self.javaSpecialDouble(text) else {
                throw AvroSchemaError(
                    path: path + "/default", reason: .invalidDefault(field: name, value: JSONWriter.string(.string(text)), type: typeText(type)))
            }
            defaultValue = .double(d)
        }
        if options.checksDefaults, let value = defaultValue, !isValidDefault(value, for: type) {
            throw AvroSchemaError(
                path: path + "/default", reason: .invalidDefault(field: name, value: JSONWriter.string(value), type: typeText(type)))
        }
        var fieldAliases: [String] = []
        for alias in try aliases(object, path: path, namespace: nil) where !fieldAliases.contains(alias) {
            fieldAliases.append(alias)
        }
        return AvroField(
            name: name, type: type, doc: doc, defaultValue: defaultValue, order: order, aliases: fieldAliases,
            properties: properties(of: object, excluding: Self.fieldReserved))
    }

    mutating func parseEnum(_ object: JSONObject, path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        let name = try parseName(object, path: path, enclosing: namespace)
        let doc = try optionalString(object, "doc", path: path)
        let enumAliases = try aliases(object, path: path, namespace: name.namespace)
        guard case .array(let symbolValues)? = object["symbols"] else {
            throw AvroSchemaError(
                path: object["symbols"] == nil ? path : path + "/symbols",
                reason: object["symbols"] == nil ? .missingAttribute("symbols") : .invalidAttribute("symbols", expected: "an array of strings"))
        }
        var symbols: [String] = []
        var seen: Set<String> = []
        for (i, value) in symbolValues.enumerated() {
            guard case .string(let symbol) = value else {
                throw AvroSchemaError(path: path + "/symbols/\(i)", reason: .invalidAttribute("symbols", expected: "an array of strings"))
            }
            guard Self.isValidName(symbol, rule: options.names) else { throw AvroSchemaError(path: path + "/symbols/\(i)", reason: .invalidName(symbol)) }
            guard seen.insert(symbol).inserted else {
                throw AvroSchemaError(path: path + "/symbols/\(i)", reason: .duplicateSymbol(symbol))
            }
            symbols.append(symbol)
        }
        var defaultSymbol: String? = nil
        if let value = object["default"] {
            guard case .string(let symbol) = value else {
                throw AvroSchemaError(path: path + "/default", reason: .invalidAttribute("default", expected: "a string"))
            }
            guard seen.contains(symbol) else { throw AvroSchemaError(path: path + "/default", reason: .invalidEnumDefault(symbol)) }
            defaultSymbol = symbol
        }
        try checkNamespace(of: name, path: path)
        let enumeration = AvroEnum(
            name: name, doc: doc, aliases: enumAliases, symbols: symbols, defaultSymbol: defaultSymbol,
            properties: properties(of: object, excluding: Self.enumReserved))
        try define(.enumeration(enumeration), path: path)
        return .named(name.fullName)
    }

    mutating func parseFixed(_ object: JSONObject, path: String, namespace: String?) throws(AvroSchemaError) -> AvroType {
        let name = try parseName(object, path: path, enclosing: namespace)
        let doc = try optionalString(object, "doc", path: path)
        let fixedAliases = try aliases(object, path: path, namespace: name.namespace)
        guard let sizeValue = object["size"] else { throw AvroSchemaError(path: path, reason: .missingAttribute("size")) }
        guard case .integer(let size) = sizeValue, size >= 0, size <= Int64(Int32.max) else {
            throw AvroSchemaError(path: path + "/size", reason: .invalidAttribute("size", expected: "a non-negative integer"))
        }
        let props = properties(of: object, excluding: Self.schemaReserved)
        let fixed = AvroFixed(
            name: name, doc: doc, aliases: fixedAliases, size: Int(size),
            logicalType: Self.logicalType(props, fixedSize: Int(size)), properties: props)
        try checkNamespace(of: name, path: path)
        try define(.fixed(fixed), path: path)
        return .named(name.fullName)
    }

    // MARK: Attributes

    func properties(of object: JSONObject, excluding reserved: Set<String>) -> JSONObject {
        var props = JSONObject()
        for member in object where !reserved.contains(member.key) {
            props.appendUnchecked(member.key, member.value)
        }
        return props
    }

    /// Whether `name` follows `rule`: the specification's ASCII rule, or Java's
    /// (`Character.isLetter`/`isLetterOrDigit`), which admits non-ASCII letters and which
    /// Confluent registries hold names under.
    static func isValidName(_ name: String, rule: AvroParsingOptions.NameRule) -> Bool {
        if rule == .strict {
            guard let first = name.utf8.first, first == UInt8(ascii: "_") || isASCIILetter(first) else { return false }
            return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isASCIILetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        var first = true
        for scalar in name.unicodeScalars {
            let category = scalar.properties.generalCategory
            let isLetter: Bool
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: isLetter = true
            default: isLetter = false
            }
            if scalar == "_" || isLetter {
            } else if !first && category == .decimalNumber {
            } else {
                return false
            }
            first = false
        }
        return !first
    }

    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func javaSpecialDouble(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return nil
        }
    }

    // MARK: Logical types

    /// The logical type of a primitive, or `nil` when absent or invalid (it then stays a plain
    /// property, as the specification says).
    static func logicalType(_ props: JSONObject, primitive: AvroPrimitive) -> AvroLogicalType? {
        guard case .string(let name)? = props["logicalType"] else { return nil }
        switch (name, primitive) {
        case ("decimal", .bytes): return decimal(props, maxPrecision: nil)
        case ("uuid", .string): return .uuid
        case ("date", .int): return .date
        case ("time-millis", .int): return .timeMillis
        case ("time-micros", .long): return .timeMicros
        case ("timestamp-millis", .long): return .timestampMillis
        case ("timestamp-micros", .long): return .timestampMicros
        case ("timestamp-nanos", .long): return .timestampNanos
        case ("local-timestamp-millis", .long): return .localTimestampMillis
        case ("local-timestamp-micros", .long): return .localTimestampMicros
        case ("local-timestamp-nanos", .long): return .localTimestampNanos
        default: return nil
        }
    }

    /// The logical type of a fixed, or `nil` when absent or invalid.
    static func logicalType(_ props: JSONObject, fixedSize: Int) -> AvroLogicalType? {
        guard case .string(let name)? = props["logicalType"] else { return nil }
        switch name {
        case "decimal": return decimal(props, maxPrecision: maxDecimalPrecision(fixedSize: fixedSize))
        case "duration": return fixedSize == 12 ? .duration : nil
        case "uuid": return fixedSize == 16 ? .uuid : nil
        default: return nil
        }
    }

    static func decimal(_ props: JSONObject, maxPrecision: Int?) -> AvroLogicalType? {
        guard case .integer(let precision)? = props["precision"], precision > 0, precision <= Int64(Int32.max) else { return nil }
        var scale: Int64 = 0
        if let s = props["scale"] {
            guard case .integer(let value) = s, value >= 0 else { return nil }
            scale = value
        }
        guard scale <= precision else { return nil }
        if let maxPrecision, precision > Int64(maxPrecision) { return nil }
        return .decimal(precision: Int(precision), scale: Int(scale))
    }

    /// The most decimal digits a two's-complement number of `fixedSize` bytes always holds.
    static func maxDecimalPrecision(fixedSize: Int) -> Int {
        guard fixedSize > 0 else { return 0 }
        // floor(log10(2^(8n-1) - 1)) = floor((8n-1)·log10 2) for n ≥ 1 (2^k is never a power of 10).
        let bits = Double(8 * fixedSize - 1)
        return Int(bits * 0.30102999566398119521)  // truncation is floor for positives
    }

    // MARK: Defaults

    /// Java Avro's default validation (`Schema.isValidDefault` of Avro 1.12): a union's default
    /// may match any of its branches (it was the first branch only before 1.12, AVRO-3649); a
    /// record default must give every field without a default of its own.
    func isValidDefault(_ value: JSONValue, for type: AvroType) -> Bool {
        switch type {
        case .primitive(let p):
            switch (p.kind, value) {
            case (.null, .null), (.boolean, .bool), (.string, .string), (.bytes, .string): return true
            case (.int, .integer(let i)): return i >= Int64(Int32.min) && i <= Int64(Int32.max)
            case (.long, .integer): return true
            case (.float, .integer), (.float, .double), (.double, .integer), (.double, .double): return true
            default: return false
            }
        case .array(let items, _):
            guard case .array(let elements) = value else { return false }
            return elements.allSatisfy { isValidDefault($0, for: items) }
        case .map(let values, _):
            guard case .object(let object) = value else { return false }
            return object.allSatisfy { isValidDefault($0.value, for: values) }
        case .union(let branches):
            return branches.contains { isValidDefault(value, for: $0) }
        case .named(let name):
            switch types[name] {
            case .enumeration?, .fixed?:
                if case .string = value { return true }
                return false
            case .record(let record)?:
                guard case .object(let object) = value else { return false }
                for field in record.fields {
                    guard let fieldValue = object[field.name] ?? field.defaultValue,
                        isValidDefault(fieldValue, for: field.type)
                    else { return false }
                }
                return true
            case nil:
                return false
            }
        }
    }

    /// A type as Java's `Schema.toString()` writes it in its default error (compact JSON;
    /// named types by their full name).
    func typeText(_ type: AvroType) -> String {
        switch type {
        case .primitive(let p):
            guard !p.properties.isEmpty else { return "\"" + p.kind.rawValue + "\"" }
            // A logical type and other properties make it an object, as Java writes it.
            var o = JSONObject()
            o.appendUnchecked("type", .string(p.kind.rawValue))
            for member in p.properties { o.appendUnchecked(member.key, member.value) }
            return JSONWriter.string(.object(o))
        case .array(let items, _): return #"{"type":"array","items":"# + typeText(items) + "}"
        case .map(let values, _): return #"{"type":"map","values":"# + typeText(values) + "}"
        case .union(let branches): return "[" + branches.map(typeText).joined(separator: ",") + "]"
        case .named(let name): return "\"" + name + "\""
        }
    }
}
