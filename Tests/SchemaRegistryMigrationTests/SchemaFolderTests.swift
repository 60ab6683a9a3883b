import Foundation
import JSONModel
import SchemaRegistryAPI
import Testing

@testable import SchemaRegistryMigration

/// Reading a schema folder: the manifest, the files that declare their subject by name, and
/// errors that name the file and the key.
@Suite("Schema folder")
struct SchemaFolderTests {
    /// A fresh folder holding `files` (name -> text).
    static func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir.path
    }

    @Test("the manifest's subjects come first with their settings, then files that declare their subject by name")
    func manifestAndConvention() throws {
        let dir = try Self.folder([
            "registry.yaml": """
            compatibility: full
            contexts:
              tenant-a: {compatibility: NONE, mode: READONLY}
            subjects:
              order-value:
                file: order.avsc
                compatibility: FULL_TRANSITIVE
                normalize: true
                references:
                  - {name: com.example.Address, subject: address-value, version: 2}
                  - {name: Money, subject: money-value}
                metadata: {properties: {owner: team-a, tier: 1}}
            """,
            "order.avsc": #"{"type":"record","name":"Order","fields":[]}"#,
            "address-value.avsc": #"{"type":"record","name":"Address","fields":[]}"#,
            "metric-value.json": #"{"type":"object"}"#,
            "cart-value.proto": "syntax = \"proto3\";",
            "notes.txt": "not a schema",
        ])
        let folder = try SchemaFolder.load(dir)
        #expect(folder.compatibility == "FULL")
        #expect(folder.contexts == [DeclaredContext(name: ".tenant-a", compatibility: "NONE", mode: "READONLY")])
        #expect(folder.contexts.first?.scope == ":.tenant-a:")
        #expect(folder.subjects.map(\.subject) == ["order-value", "address-value", "cart-value", "metric-value"])
        let order = folder.subjects[0]
        #expect(order.file == "order.avsc" && order.schemaType == .avro && order.compatibility == "FULL_TRANSITIVE" && order.normalize)
        #expect(order.references == [
            DeclaredReference(name: "com.example.Address", subject: "address-value", version: 2),
            DeclaredReference(name: "Money", subject: "money-value"),
        ])
        #expect(order.metadata == ["properties": ["owner": "team-a", "tier": 1]])
        #expect(folder.subjects.map(\.schemaType) == [.avro, .avro, .protobuf, .json])
    }

    @Test(
        "a bad manifest is refused with the file and the key",
        arguments: [
            ("colour: red", "registry.yaml: unknown key 'colour'"),
            ("compatibility: SOMETIMES", "registry.yaml: compatibility: one of"),
            ("subjects:\n  x-value:\n    compatibilty: FULL", "registry.yaml: subjects.x-value: unknown key 'compatibilty'"),
            ("subjects:\n  x-value:\n    mode: SLEEPY", "registry.yaml: subjects.x-value.mode: one of"),
            ("subjects:\n  missing-value: {}", "registry.yaml: subjects.missing-value: no file: and none of"),
            ("subjects:\n  x-value:\n    references: [{name: A}]", "registry.yaml: subjects.x-value.references[0]: expected name and subject"),
        ])
    func refused(manifest: String, message: String) throws {
        let dir = try Self.folder(["registry.yaml": manifest, "x-value.avsc": #""int""#])
        #expect {
            _ = try SchemaFolder.load(dir)
        } throws: { error in
            guard case MigrationError.malformedFolder(let reason) = error else { return false }
            return reason.hasPrefix(message)
        }
    }

    @Test("dump names files after their subjects, with anything unsafe in a file name replaced")
    func fileNames() {
        #expect(SchemaFolderWriter.fileName("orders-value") == "orders-value")
        #expect(SchemaFolderWriter.fileName("shop/money.proto") == "shop_money.proto")
        #expect(SchemaFolderWriter.fileName(".hidden") == "_.hidden")
    }
}
