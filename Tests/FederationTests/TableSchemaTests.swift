import Avro
@testable import Federation
import JSONModel
import Testing

@Suite struct TableSchemaTests {
    /// A table of every kind of column, as Unity Catalog's `ColumnInfo.type_json` holds them.
    let orders: [TableColumn] = [
        TableColumn(name: "id", type: .long, nullable: false, fieldID: 1),
        TableColumn(name: "quantity", type: .int, fieldID: 2),
        TableColumn(name: "price", type: .decimal(precision: 10, scale: 2), fieldID: 3),
        TableColumn(name: "weight", type: .float, fieldID: 4),
        TableColumn(name: "placed_at", type: .timestamp, nullable: false, fieldID: 5),
        TableColumn(name: "tags", type: .array(element: .string, containsNull: true), fieldID: 6),
        TableColumn(name: "attributes", type: .map(key: .string, value: .long, valueContainsNull: true), fieldID: 7),
        TableColumn(
            name: "address",
            type: .structure([TableColumn(name: "city", type: .string, fieldID: 9), TableColumn(name: "zip", type: .int, fieldID: 10)]),
            fieldID: 8),
    ]

    @Test func typeTextAndSparkJSONReadTheSameTypes() throws {
        #expect(try TableColumnType(typeText: "decimal(10, 2)") == .decimal(precision: 10, scale: 2))
        #expect(try TableColumnType(typeText: "array<struct<a:int,b:string NOT NULL>>")
            == .array(element: .structure([TableColumn(name: "a", type: .int), TableColumn(name: "b", type: .string, nullable: false)]), containsNull: true))
        #expect(try TableColumnType(typeText: "map<string,bigint>") == .map(key: .string, value: .long, valueContainsNull: true))
        let json = try JSONParser().parse(#"{"type":"map","keyType":"string","valueType":{"type":"array","elementType":"integer","containsNull":false},"valueContainsNull":true}"#)
        #expect(try TableColumnType(sparkJSON: json) == .map(key: .string, value: .array(element: .int, containsNull: false), valueContainsNull: true))
        #expect(throws: TableSchemaError.self) { try TableColumnType(typeText: "array<int") }
    }

    @Test func aTableReadsAsTheAvroRecordIcebergMapsItTo() throws {
        let text = TableAvroMapping.avroSchema(columns: orders, name: "orders", namespace: "main.sales")
        let schema = try AvroSchema(parsing: text)
        let record = try #require(schema.record(schema.root))
        #expect(record.name.fullName == "main.sales.orders")
        #expect(record.fields.map(\.name) == orders.map(\.name))
        // Nullable columns are unions with null, defaulting to null; required ones are plain.
        #expect(record.fields[0].type == .long)
        #expect(record.fields[1].type == .union([.null, .int]) && record.fields[1].defaultValue == .null)
        guard case .primitive(let placedAt) = record.fields[4].type else {
            Issue.record("placed_at is \(record.fields[4].type)")
            return
        }
        #expect(placedAt.kind == .long && placedAt.logicalType == .timestampMicros)
        #expect(record.fields[0].properties["field-id"] == 1)
        // And back: the same columns.
        #expect(try TableAvroMapping.columns(avroSchemaText: text) == orders)
    }

    @Test func icebergNotationRoundTripsWithFieldIDs() throws {
        let text = IcebergSchemaJSON.text(columns: orders)
        let json = try JSONParser().parse(text)
        #expect(json.objectValue?["type"] == "struct")
        #expect(try IcebergSchemaJSON.columns(json) == orders)
        let first = try #require(json.objectValue?["fields"]?.arrayValue?.first?.objectValue)
        #expect(first["id"] == 1 && first["required"] == true && first["type"] == "long")
    }

    @Test func avroSchemasATableCannotHoldAreRefusedWithTheReason() {
        #expect(throws: TableSchemaError.unsupported("a table's schema is a record; this Avro schema's top level is string")) {
            try TableAvroMapping.columns(avroSchemaText: #""string""#)
        }
        let union = #"{"type":"record","name":"r","fields":[{"name":"v","type":["int","string"]}]}"#
        #expect(throws: TableSchemaError.unsupported("v is a union of 2 non-null types; a column has one type")) {
            try TableAvroMapping.columns(avroSchemaText: union)
        }
        let recursive = #"{"type":"record","name":"node","fields":[{"name":"next","type":["null","node"]}]}"#
        #expect(throws: TableSchemaError.unsupported("record node is recursive; a table cannot hold a recursive type")) {
            try TableAvroMapping.columns(avroSchemaText: recursive)
        }
    }

    func changed(_ edit: (inout [TableColumn]) -> Void) -> [TableColumn] {
        var columns = orders
        edit(&columns)
        return columns
    }

    @Test func icebergAllowsWideningOptionalColumnsRenamesAndDrops() {
        let iceberg = TableEvolutionChecker(rules: .iceberg)
        let evolved = changed {
            $0[1].type = .long                                    // int -> long
            $0[2].type = .decimal(precision: 12, scale: 2)        // precision up, same scale
            $0[3].type = .double                                  // float -> double
            $0[0].nullable = true                                 // required -> optional
            $0[5].name = "labels"                                 // rename, same field id
            $0.remove(at: 6)                                      // drop
            $0.append(TableColumn(name: "note", type: .string))   // new optional column
        }
        #expect(iceberg.problems(current: orders, proposed: evolved) == [])
    }

    @Test func icebergRefusesNarrowingRequiredAdditionsAndTighterNullability() {
        let iceberg = TableEvolutionChecker(rules: .iceberg)
        let evolved = changed {
            $0[0].type = .int
            $0[2].type = .decimal(precision: 12, scale: 3)
            $0[1].nullable = false
            if case .structure(var fields) = $0[7].type {
                fields[1].type = .string
                $0[7].type = .structure(fields)
            }
            $0.append(TableColumn(name: "region", type: .string, nullable: false))
        }
        #expect(iceberg.problems(current: orders, proposed: evolved) == [
            "column id cannot change type from bigint to int (iceberg allows int -> long, float -> double and a larger decimal precision with the same scale)",
            "column quantity cannot become required: existing rows may hold null",
            "column price cannot change type from decimal(10,2) to decimal(12,3) (iceberg allows int -> long, float -> double and a larger decimal precision with the same scale)",
            "column address.zip cannot change type from int to string (iceberg allows int -> long, float -> double and a larger decimal precision with the same scale)",
            "new column region is required: a table can only add optional (nullable) columns, since existing rows have no value for it",
        ])
    }

    @Test func icebergNeverChangesMapKeysAndNestedIDsStayUnique() {
        let current = [TableColumn(name: "m", type: .map(key: .int, value: .string, valueContainsNull: true), fieldID: 1)]
        let proposed = [TableColumn(name: "m", type: .map(key: .long, value: .string, valueContainsNull: true), fieldID: 1)]
        #expect(TableEvolutionChecker(rules: .iceberg).problems(current: current, proposed: proposed) == [
            "the keys of map m cannot change type from int to bigint: iceberg never updates map keys"
        ])
        // A struct inside a list carries the largest id: ids assigned to the list's element start after it.
        let nested = [
            TableColumn(name: "a", type: .long, fieldID: 1),
            TableColumn(name: "items", type: .array(element: .structure([TableColumn(name: "x", type: .int, fieldID: 7)]), containsNull: true), fieldID: 2),
        ]
        #expect(IcebergSchemaJSON.maximumID(nested) == 7)
        let text = IcebergSchemaJSON.text(columns: nested)
        #expect(text.contains("\"element-id\":8"))
    }

    @Test func deltaNeedsColumnMappingToRenameOrDropAndTypeWideningToChangeTypes() {
        let plain = TableEvolutionChecker(rules: .delta(columnMapping: false, typeWidening: false))
        let evolved = changed {
            $0[1].type = .long
            $0[5] = TableColumn(name: "labels", type: $0[5].type)  // no field id: a drop and an addition
        }
        #expect(plain.problems(current: orders, proposed: evolved) == [
            "column quantity cannot change type from int to bigint (type changes on a delta table need type widening (delta.enableTypeWidening = true))",
            "dropping column tags needs Delta column mapping (delta.columnMapping.mode = name)",
        ])
        let rules = TableEvolutionChecker.Rules(
            dataSourceFormat: "DELTA", properties: ["delta.columnMapping.mode": "name", "delta.enableTypeWidening": "true"])
        #expect(rules == .delta(columnMapping: true, typeWidening: true))
        #expect(TableEvolutionChecker(rules: rules).problems(current: orders, proposed: evolved) == [])
        #expect(TableEvolutionChecker.Rules(dataSourceFormat: "ICEBERG", properties: [:]) == .iceberg)
    }
}
