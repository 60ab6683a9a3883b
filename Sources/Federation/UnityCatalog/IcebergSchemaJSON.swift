import JSONModel

/// Iceberg's JSON notation of a schema (the table spec's `{"type":"struct","fields":[{"id",
/// "name","required","type","doc"}]}`, with `list`, `map` and nested `struct` objects), the
/// `iceberg` schema format of the federation API. Columns without an id get the next free
/// one, as Iceberg assigns them when a table is created.
public enum IcebergSchemaJSON {
    /// The schema text for `columns`.
    public static func text(columns: [TableColumn]) -> String {
        var nextID = (maximumID(columns) ?? 0) + 1
        let fields = columns.map { field($0, nextID: &nextID) }
        return JSONWriter.string(["type": "struct", "schema-id": 0, "fields": .array(fields)])
    }

    /// The largest column id anywhere in `columns`, nested structs in lists and maps included.
    static func maximumID(_ columns: [TableColumn]) -> Int? {
        columns.compactMap { column in [column.fieldID, maximumID(in: column.type)].compactMap { $0 }.max() }.max()
    }

    static func maximumID(in type: TableColumnType) -> Int? {
        switch type {
        case .structure(let fields): return maximumID(fields)
        case .array(let element, _): return maximumID(in: element)
        case .map(let key, let value, _): return [maximumID(in: key), maximumID(in: value)].compactMap { $0 }.max()
        default: return nil
        }
    }

    static func field(_ column: TableColumn, nextID: inout Int) -> JSONValue {
        let id: Int
        if let fieldID = column.fieldID {
            id = fieldID
        } else {
            id = nextID
            nextID += 1
        }
        var object: JSONObject = ["id": .integer(Int64(id)), "name": .string(column.name), "required": .bool(!column.nullable)]
        object["type"] = type(column.type, nextID: &nextID)
        if let comment = column.comment { object["doc"] = .string(comment) }
        return .object(object)
    }

    static func type(_ type: TableColumnType, nextID: inout Int) -> JSONValue {
        func take() -> Int64 {
            defer { nextID += 1 }
            return Int64(nextID)
        }
        switch type {
        case .boolean: return "boolean"
        case .byte, .short, .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .date: return "date"
        case .timestamp: return "timestamptz"
        case .timestampNTZ: return "timestamp"
        case .string: return "string"
        case .binary: return "binary"
        case .decimal(let precision, let scale): return .string("decimal(\(precision), \(scale))")
        case .array(let element, let containsNull):
            let elementID = take()
            return ["type": "list", "element-id": .integer(elementID), "element": Self.type(element, nextID: &nextID), "element-required": .bool(!containsNull)]
        case .map(let key, let value, let valueContainsNull):
            let keyID = take()
            let valueID = take()
            return [
                "type": "map", "key-id": .integer(keyID), "key": Self.type(key, nextID: &nextID), "value-id": .integer(valueID),
                "value": Self.type(value, nextID: &nextID), "value-required": .bool(!valueContainsNull),
            ]
        case .structure(let fields):
            return ["type": "struct", "fields": .array(fields.map { field($0, nextID: &nextID) })]
        case .other(let name): return .string(name)
        }
    }

    /// Whether `json` is in Iceberg's notation (its fields have `id` and `required`) rather
    /// than Spark's (`nullable` and `metadata`).
    static func isIcebergStruct(_ json: JSONValue) -> Bool {
        guard let fields = json.objectValue?["fields"]?.arrayValue else { return false }
        return fields.contains { $0.objectValue?["required"] != nil || $0.objectValue?["id"] != nil }
    }

    /// The columns of an Iceberg struct.
    public static func columns(_ json: JSONValue) throws(TableSchemaError) -> [TableColumn] {
        guard case .structure(let fields) = try type(json) else {
            throw .invalidType("an Iceberg schema is a struct")
        }
        return fields
    }

    static func type(_ json: JSONValue) throws(TableSchemaError) -> TableColumnType {
        if let name = json.stringValue {
            switch name.lowercased() {
            case "timestamptz", "timestamptz_ns": return .timestamp
            case "timestamp", "timestamp_ns": return .timestampNTZ
            case "uuid", "time": return .other(name)
            default:
                if name.hasPrefix("fixed[") { return .binary }
                return try TableColumnType(typeText: name)
            }
        }
        guard let object = json.objectValue, let kind = object["type"]?.stringValue else {
            throw .invalidType("expected an Iceberg type, found \(json.kindDescription)")
        }
        switch kind {
        case "struct":
            var fields: [TableColumn] = []
            for value in object["fields"]?.arrayValue ?? [] {
                guard let field = value.objectValue, let name = field["name"]?.stringValue, let fieldType = field["type"] else {
                    throw .invalidType("an Iceberg field needs name and type")
                }
                fields.append(TableColumn(
                    name: name, type: try type(fieldType), nullable: field["required"] != .bool(true),
                    fieldID: field["id"]?.integerValue.map { Int($0) }, comment: field["doc"]?.stringValue))
            }
            return .structure(fields)
        case "list":
            guard let element = object["element"] else { throw .invalidType("an Iceberg list needs element") }
            return .array(element: try type(element), containsNull: object["element-required"] != .bool(true))
        case "map":
            guard let key = object["key"], let value = object["value"] else { throw .invalidType("an Iceberg map needs key and value") }
            return .map(key: try type(key), value: try type(value), valueContainsNull: object["value-required"] != .bool(true))
        default:
            return try type(.string(kind))
        }
    }
}
