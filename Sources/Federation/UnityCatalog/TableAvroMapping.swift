import Avro
import JSONModel

/// Table columns <-> Avro records, the way Iceberg maps them: a nullable column is a union
/// with `null` (default null), timestamps are `long` with a micros logical type, decimals are
/// `bytes` with the decimal logical type, structs are nested records, field ids travel as the
/// `field-id` property. Lets a Kafka team ask "could this table take my Avro schema?" and see
/// a table as the Avro schema its rows would have.
public enum TableAvroMapping {
    /// The Avro record (as schema text) for a table's columns.
    ///
    /// - Parameters:
    ///   - name: the record's name (the table's); made a valid Avro name.
    ///   - namespace: `catalog.schema`; each part made a valid Avro name.
    public static func avroSchema(columns: [TableColumn], name: String, namespace: String?) -> String {
        let recordName = avroName(name)
        var record: JSONObject = ["type": "record", "name": .string(recordName)]
        if let namespace, !namespace.isEmpty {
            record["namespace"] = .string(namespace.split(separator: ".").map { avroName(String($0)) }.joined(separator: "."))
        }
        record["fields"] = .array(columns.map { avroField($0, path: recordName) })
        return JSONWriter.string(.object(record))
    }

    static func avroField(_ column: TableColumn, path: String) -> JSONValue {
        var field: JSONObject = ["name": .string(avroName(column.name))]
        let type = avroType(column.type, path: "\(path)_\(avroName(column.name))")
        if column.nullable {
            field["type"] = ["null", type]
            field["default"] = .null
        } else {
            field["type"] = type
        }
        if let comment = column.comment { field["doc"] = .string(comment) }
        if let fieldID = column.fieldID { field["field-id"] = .integer(Int64(fieldID)) }
        return .object(field)
    }

    static func avroType(_ type: TableColumnType, path: String) -> JSONValue {
        switch type {
        case .boolean: return "boolean"
        case .byte, .short, .int: return "int"
        case .long: return "long"
        case .float: return "float"
        case .double: return "double"
        case .string: return "string"
        case .binary: return "bytes"
        case .date: return ["type": "int", "logicalType": "date"]
        case .timestamp: return ["type": "long", "logicalType": "timestamp-micros"]
        case .timestampNTZ: return ["type": "long", "logicalType": "local-timestamp-micros"]
        case .decimal(let precision, let scale):
            return ["type": "bytes", "logicalType": "decimal", "precision": .integer(Int64(precision)), "scale": .integer(Int64(scale))]
        case .array(let element, let containsNull):
            let items = avroType(element, path: "\(path)_element")
            return ["type": "array", "items": containsNull ? ["null", items] : items]
        case .map(let key, let value, let valueContainsNull):
            let values = avroType(value, path: "\(path)_value")
            let nullableValues: JSONValue = valueContainsNull ? ["null", values] : values
            if key == .string { return ["type": "map", "values": nullableValues] }
            // Avro maps have string keys only: other keys become an array of key/value records.
            return [
                "type": "array",
                "items": [
                    "type": "record", "name": .string("\(path)_entry"),
                    "fields": [["name": "key", "type": avroType(key, path: "\(path)_key")], ["name": "value", "type": nullableValues]],
                ],
            ]
        case .structure(let fields):
            return ["type": "record", "name": .string(path), "fields": .array(fields.map { avroField($0, path: path) })]
        case .other(let name):
            return ["type": "string", "unityCatalogType": .string(name)]
        }
    }

    /// `name` with every character outside `[A-Za-z0-9_]` replaced by `_`, and `_` in front
    /// when it starts with a digit.
    static func avroName(_ name: String) -> String {
        var out = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
        if out.isEmpty || out.first!.isNumber { out = "_" + out }
        return out
    }

    /// The columns an Avro record schema describes.
    ///
    /// - Throws: `.unsupported` when the top level is not a record, for a union of several
    ///   non-null types or a recursive record (a table has neither).
    public static func columns(avroSchemaText text: String) throws(TableSchemaError) -> [TableColumn] {
        let schema: AvroSchema
        do {
            schema = try AvroSchema(parsing: text)
        } catch {
            throw .invalidType("Invalid Avro schema: \(error)")
        }
        guard let record = schema.record(schema.root) else {
            throw .unsupported("a table's schema is a record; this Avro schema's top level is \(schema.root.typeName(in: schema).lowercased())")
        }
        var converter = AvroColumnConverter(schema: schema)
        return try converter.columns(of: record)
    }
}

/// Walks an Avro schema into table columns, refusing recursion.
struct AvroColumnConverter {
    let schema: AvroSchema
    var visiting: Set<String> = []

    mutating func columns(of record: AvroRecord) throws(TableSchemaError) -> [TableColumn] {
        let name = record.name.fullName
        guard visiting.insert(name).inserted else {
            throw .unsupported("record \(name) is recursive; a table cannot hold a recursive type")
        }
        defer { visiting.remove(name) }
        var columns: [TableColumn] = []
        for field in record.fields {
            let (type, nullable) = try columnType(field.type, at: field.name)
            columns.append(TableColumn(
                name: field.name, type: type, nullable: nullable, fieldID: field.properties["field-id"]?.integerValue.map { Int($0) },
                comment: field.doc))
        }
        return columns
    }

    /// The column type of an Avro type, and whether it admits null.
    mutating func columnType(_ type: AvroType, at path: String) throws(TableSchemaError) -> (TableColumnType, Bool) {
        switch type {
        case .union(let branches):
            let nonNull = branches.filter { $0 != .null }
            guard nonNull.count == 1 else {
                throw .unsupported(
                    nonNull.isEmpty
                        ? "\(path) is always null; a column needs a type"
                        : "\(path) is a union of \(nonNull.count) non-null types; a column has one type")
            }
            return (try columnType(nonNull[0], at: path).0, nonNull.count < branches.count)
        case .primitive(let primitive):
            switch (primitive.kind, primitive.logicalType) {
            case (.null, _): throw .unsupported("\(path) is always null; a column needs a type")
            case (.boolean, _): return (.boolean, false)
            case (.int, .date?): return (.date, false)
            case (.int, _): return (.int, false)
            case (.long, .timestampMillis?), (.long, .timestampMicros?), (.long, .timestampNanos?): return (.timestamp, false)
            case (.long, .localTimestampMillis?), (.long, .localTimestampMicros?), (.long, .localTimestampNanos?): return (.timestampNTZ, false)
            case (.long, _): return (.long, false)
            case (.float, _): return (.float, false)
            case (.double, _): return (.double, false)
            case (.bytes, .decimal(let precision, let scale)?): return (.decimal(precision: precision, scale: scale), false)
            case (.bytes, _): return (.binary, false)
            case (.string, _): return (.string, false)
            }
        case .array(let items, _):
            let (element, nullable) = try columnType(items, at: "\(path).element")
            return (.array(element: element, containsNull: nullable), false)
        case .map(let values, _):
            let (value, nullable) = try columnType(values, at: "\(path).value")
            return (.map(key: .string, value: value, valueContainsNull: nullable), false)
        case .named(let name):
            switch schema.types[name] {
            case .record(let record)?: return (.structure(try columns(of: record)), false)
            case .enumeration?: return (.string, false)
            case .fixed(let fixed)?:
                if case .decimal(let precision, let scale)? = fixed.logicalType { return (.decimal(precision: precision, scale: scale), false) }
                return (.binary, false)
            case nil: throw .unsupported("\(path) refers to \(name), which is not defined")
            }
        }
    }
}
