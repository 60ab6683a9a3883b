import JSONModel

/// A table column's type as Iceberg and Delta tables (and Unity Catalog's column model) have
/// them: Spark SQL's types, nested structs, lists and maps included.
public indirect enum TableColumnType: Hashable, Sendable, CustomStringConvertible {
    case boolean
    case byte
    case short
    case int
    case long
    case float
    case double
    case date
    /// With time zone (Spark's `timestamp`, Iceberg's `timestamptz`).
    case timestamp
    /// Without time zone.
    case timestampNTZ
    case string
    case binary
    case decimal(precision: Int, scale: Int)
    case array(element: TableColumnType, containsNull: Bool)
    case map(key: TableColumnType, value: TableColumnType, valueContainsNull: Bool)
    case structure([TableColumn])
    /// A type this model does not know (`interval`, `variant`, user-defined); compared by name.
    case other(String)

    /// Spark's SQL spelling (`decimal(10,2)`, `array<string>`, `struct<a:int>`), as Unity
    /// Catalog's `type_text` holds it.
    public var description: String {
        switch self {
        case .boolean: return "boolean"
        case .byte: return "tinyint"
        case .short: return "smallint"
        case .int: return "int"
        case .long: return "bigint"
        case .float: return "float"
        case .double: return "double"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .timestampNTZ: return "timestamp_ntz"
        case .string: return "string"
        case .binary: return "binary"
        case .decimal(let precision, let scale): return "decimal(\(precision),\(scale))"
        case .array(let element, _): return "array<\(element)>"
        case .map(let key, let value, _): return "map<\(key),\(value)>"
        case .structure(let fields): return "struct<\(fields.map { "\($0.name):\($0.type)" }.joined(separator: ","))>"
        case .other(let name): return name
        }
    }

    /// Unity Catalog's `type_name` for the type (`INT`, `LONG`, `STRUCT`).
    public var typeName: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .byte: return "BYTE"
        case .short: return "SHORT"
        case .int: return "INT"
        case .long: return "LONG"
        case .float: return "FLOAT"
        case .double: return "DOUBLE"
        case .date: return "DATE"
        case .timestamp: return "TIMESTAMP"
        case .timestampNTZ: return "TIMESTAMP_NTZ"
        case .string: return "STRING"
        case .binary: return "BINARY"
        case .decimal: return "DECIMAL"
        case .array: return "ARRAY"
        case .map: return "MAP"
        case .structure: return "STRUCT"
        case .other(let name): return name.uppercased()
        }
    }

    /// The type in Spark's JSON schema notation, as `type_json` holds it (`"integer"`,
    /// `{"type":"array","elementType":...,"containsNull":true}`).
    public var sparkJSON: JSONValue {
        switch self {
        case .boolean: return "boolean"
        case .byte: return "byte"
        case .short: return "short"
        case .int: return "integer"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .timestampNTZ: return "timestamp_ntz"
        case .string: return "string"
        case .binary: return "binary"
        case .decimal(let precision, let scale): return .string("decimal(\(precision),\(scale))")
        case .array(let element, let containsNull):
            return ["type": "array", "elementType": element.sparkJSON, "containsNull": .bool(containsNull)]
        case .map(let key, let value, let valueContainsNull):
            return ["type": "map", "keyType": key.sparkJSON, "valueType": value.sparkJSON, "valueContainsNull": .bool(valueContainsNull)]
        case .structure(let fields):
            return ["type": "struct", "fields": .array(fields.map(\.sparkJSON))]
        case .other(let name): return .string(name)
        }
    }

    /// Reads Spark's JSON notation.
    public init(sparkJSON json: JSONValue) throws(TableSchemaError) {
        if let name = json.stringValue {
            self = try Self(typeText: name)
            return
        }
        guard let object = json.objectValue, let type = object["type"]?.stringValue else {
            throw .invalidType("expected a type name or an object with \"type\", found \(json.kindDescription)")
        }
        switch type {
        case "array":
            guard let element = object["elementType"] else { throw .invalidType("array without elementType") }
            self = .array(element: try Self(sparkJSON: element), containsNull: object["containsNull"] != .bool(false))
        case "map":
            guard let key = object["keyType"], let value = object["valueType"] else { throw .invalidType("map without keyType or valueType") }
            self = .map(key: try Self(sparkJSON: key), value: try Self(sparkJSON: value), valueContainsNull: object["valueContainsNull"] != .bool(false))
        case "struct":
            var fields: [TableColumn] = []
            for field in object["fields"]?.arrayValue ?? [] { fields.append(try TableColumn(sparkField: field)) }
            self = .structure(fields)
        default:
            self = try Self(typeText: type)
        }
    }

    /// Reads Spark's SQL spelling (`bigint`, `decimal(10, 2)`, `array<struct<a:int,b:string>>`,
    /// `map<string,bigint>`) and the JSON notation's primitive names (`integer`, `long`).
    public init(typeText: String) throws(TableSchemaError) {
        var parser = TypeTextParser(text: Array(typeText.utf8))
        let type = try parser.parseType()
        parser.skipSpaces()
        guard parser.atEnd else { throw .invalidType("unexpected text after the type in \"\(typeText)\"") }
        self = type
    }

    /// A primitive type by any of its names; `nil` for an unknown name.
    static func primitive(named name: String) -> TableColumnType? {
        switch name.lowercased() {
        case "boolean", "bool": return .boolean
        case "byte", "tinyint": return .byte
        case "short", "smallint": return .short
        case "int", "integer": return .int
        case "long", "bigint": return .long
        case "float", "real": return .float
        case "double": return .double
        case "date": return .date
        case "timestamp", "timestamp_ltz", "timestamptz": return .timestamp
        case "timestamp_ntz": return .timestampNTZ
        case "string", "varchar", "char": return .string
        case "binary": return .binary
        case "decimal", "dec", "numeric": return .decimal(precision: 10, scale: 0)
        default: return nil
        }
    }
}

/// A column or nested struct field.
public struct TableColumn: Hashable, Sendable {
    /// The column name.
    public var name: String
    /// Its type.
    public var type: TableColumnType
    /// Whether it may hold null (optional, in Iceberg's words).
    public var nullable: Bool
    /// The column's id when the table tracks columns by id (Iceberg field ids, Delta column
    /// mapping ids); a rename keeps it.
    public var fieldID: Int?
    /// Its comment or documentation.
    public var comment: String?

    /// Creates a column.
    public init(name: String, type: TableColumnType, nullable: Bool = true, fieldID: Int? = nil, comment: String? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.fieldID = fieldID
        self.comment = comment
    }

    /// Metadata keys that carry a column's id: Delta's column mapping and Parquet's field id
    /// (which Iceberg writes).
    static let fieldIDKeys = ["delta.columnMapping.id", "parquet.field.id", "field-id", "iceberg.id"]

    /// Reads a Spark `StructField` (`{"name","type","nullable","metadata"}`).
    public init(sparkField json: JSONValue) throws(TableSchemaError) {
        guard let object = json.objectValue, let name = object["name"]?.stringValue, let type = object["type"] else {
            throw .invalidType("a struct field needs \"name\" and \"type\"")
        }
        let metadata = object["metadata"]?.objectValue
        self.init(
            name: name, type: try TableColumnType(sparkJSON: type), nullable: object["nullable"] != .bool(false),
            fieldID: Self.fieldIDKeys.lazy.compactMap { metadata?[$0]?.integerValue }.first.map { Int($0) },
            comment: metadata?["comment"]?.stringValue)
    }

    /// The column as a Spark `StructField`.
    public var sparkJSON: JSONValue {
        var metadata = JSONObject()
        if let fieldID { metadata["delta.columnMapping.id"] = .integer(Int64(fieldID)) }
        if let comment { metadata["comment"] = .string(comment) }
        return ["name": .string(name), "type": type.sparkJSON, "nullable": .bool(nullable), "metadata": .object(metadata)]
    }
}

/// Why a table schema or a type cannot be read or converted.
public enum TableSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A type that does not parse.
    case invalidType(String)
    /// A schema that has no table equivalent (an Avro union of two non-null types).
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidType(let reason): return "invalid column type: \(reason)"
        case .unsupported(let reason): return reason
        }
    }
}

/// A recursive-descent reader of Spark's type syntax.
struct TypeTextParser {
    let text: [UInt8]
    var position = 0

    var atEnd: Bool { position >= text.count }

    mutating func skipSpaces() {
        while position < text.count, text[position] == UInt8(ascii: " ") || text[position] == UInt8(ascii: "\t") { position += 1 }
    }

    mutating func expect(_ character: Character) throws(TableSchemaError) {
        skipSpaces()
        guard position < text.count, text[position] == character.asciiValue else {
            throw .invalidType("expected \"\(character)\" at offset \(position) of \"\(String(decoding: text, as: UTF8.self))\"")
        }
        position += 1
    }

    mutating func peek(_ character: Character) -> Bool {
        skipSpaces()
        return position < text.count && text[position] == character.asciiValue
    }

    /// A name: letters, digits, `_`, or a back-quoted identifier.
    mutating func name() throws(TableSchemaError) -> String {
        skipSpaces()
        if position < text.count, text[position] == UInt8(ascii: "`") {
            position += 1
            let start = position
            while position < text.count, text[position] != UInt8(ascii: "`") { position += 1 }
            guard position < text.count else { throw .invalidType("unclosed back-quoted name") }
            defer { position += 1 }
            return String(decoding: text[start..<position], as: UTF8.self)
        }
        let start = position
        while position < text.count, Self.isNameByte(text[position]) { position += 1 }
        guard position > start else { throw .invalidType("expected a name at offset \(start) of \"\(String(decoding: text, as: UTF8.self))\"") }
        return String(decoding: text[start..<position], as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    mutating func integer() throws(TableSchemaError) -> Int {
        skipSpaces()
        let start = position
        while position < text.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[position]) { position += 1 }
        guard position > start, let value = Int(String(decoding: text[start..<position], as: UTF8.self)) else {
            throw .invalidType("expected a number at offset \(start)")
        }
        return value
    }

    mutating func parseType() throws(TableSchemaError) -> TableColumnType {
        let keyword = try name().lowercased()
        switch keyword {
        case "array":
            try expect("<")
            let element = try parseType()
            try expect(">")
            return .array(element: element, containsNull: true)
        case "map":
            try expect("<")
            let key = try parseType()
            try expect(",")
            let value = try parseType()
            try expect(">")
            return .map(key: key, value: value, valueContainsNull: true)
        case "struct":
            try expect("<")
            var fields: [TableColumn] = []
            if !peek(">") {
                repeat {
                    let fieldName = try name()
                    try expect(":")
                    let type = try parseType()
                    var nullable = true
                    skipSpaces()
                    if text[position...].starts(with: Array("NOT NULL".utf8)) || text[position...].starts(with: Array("not null".utf8)) {
                        position += 8
                        nullable = false
                    }
                    fields.append(TableColumn(name: fieldName, type: type, nullable: nullable))
                } while peekAndConsume(",")
            }
            try expect(">")
            return .structure(fields)
        case "decimal", "dec", "numeric":
            guard peekAndConsume("(") else { return .decimal(precision: 10, scale: 0) }
            let precision = try integer()
            var scale = 0
            if peekAndConsume(",") { scale = try integer() }
            try expect(")")
            return .decimal(precision: precision, scale: scale)
        case "varchar", "char":
            if peekAndConsume("(") {
                _ = try integer()
                try expect(")")
            }
            return .string
        default:
            return TableColumnType.primitive(named: keyword) ?? .other(keyword)
        }
    }

    mutating func peekAndConsume(_ character: Character) -> Bool {
        guard peek(character) else { return false }
        position += 1
        return true
    }
}
