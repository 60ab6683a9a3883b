import JSONModel
import SchemaRegistryAPI
import SchemaRegistryClient
import Testing

@testable import SchemaRegistryMigration

/// The export file: what it holds, that it reads back as written, and that anything else is
/// refused with the place named.
@Suite("Export file")
struct RegistryExportTests {
    static let sample = RegistryExport(
        source: "http://source:8081", exportedAt: "2026-12-03T00:00:00Z",
        global: ScopeSettings(config: ["compatibilityLevel": "FULL"], mode: "READWRITE"),
        contexts: [ContextSettings(name: ".tenant", settings: ScopeSettings(config: ["compatibilityLevel": "NONE"]))],
        subjects: [
            ExportedSubject(
                subject: "address", versions: [ExportedVersion(version: 1, id: 7, definition: SchemaDefinition(schema: #""string""#))]),
            ExportedSubject(
                subject: "customer-value", settings: ScopeSettings(mode: "READONLY"),
                versions: [
                    ExportedVersion(
                        version: 1, id: 12,
                        definition: SchemaDefinition(
                            schema: #"{"type":"record","name":"C","fields":[{"name":"a","type":"Address"}]}"#,
                            references: [SchemaReference(name: "Address", subject: "address", version: 1)],
                            metadata: ["properties": ["owner": "team-a"]], ruleSet: ["domainRules": []]),
                        deleted: true),
                    ExportedVersion(version: 3, id: 40, definition: SchemaDefinition(schema: "{}", schemaType: .json)),
                ]),
            ExportedSubject(
                subject: ":.tenant:thing", versions: [ExportedVersion(version: 1, id: 1, definition: SchemaDefinition(schema: "syntax = \"proto3\";", schemaType: .protobuf))]),
        ])

    @Test("an export reads back exactly as it was written, through its JSON text")
    func roundTrip() throws {
        let text = JSONWriter.string(Self.sample.json)
        let read = try RegistryExport(json: try JSONParser().parse(text))
        #expect(read == Self.sample)
        #expect(read.versionCount == 4)
    }

    @Test("the file names its format and version, and marks only deleted versions")
    func shape() throws {
        let root = try #require(Self.sample.json.objectValue)
        #expect(root["format"] == "swift-schema-registry-export")
        #expect(root["formatVersion"] == 1)
        let subjects = try #require(root["subjects"]?.arrayValue)
        let versions = try #require(subjects[1].objectValue?["versions"]?.arrayValue)
        #expect(versions[0].objectValue?["deleted"] == true)
        #expect(versions[1].objectValue?["deleted"] == nil)
        #expect(subjects[0].objectValue?["config"] == .null)
    }

    @Test(
        "anything but an export of this version is refused, naming the place",
        arguments: [
            (#"{"subjects":[]}"#, "$.format"),
            (#"{"format":"swift-schema-registry-export","formatVersion":2,"subjects":[]}"#, "$.formatVersion"),
            (#"{"format":"swift-schema-registry-export","formatVersion":1}"#, "$.subjects"),
            (#"{"format":"swift-schema-registry-export","formatVersion":1,"subjects":[{"subject":"s","versions":[{"version":1}]}]}"#, "$.subjects[0].versions[0]"),
            (
                #"{"format":"swift-schema-registry-export","formatVersion":1,"subjects":[{"subject":"s","versions":[{"version":1,"id":1,"schema":"x","schemaType":"XML"}]}]}"#,
                "$.subjects[0].versions[0].schemaType"
            ),
        ])
    func refused(text: String, place: String) throws {
        #expect {
            _ = try RegistryExport(json: try JSONParser().parse(text))
        } throws: { error in
            guard case MigrationError.malformedExport(let reason) = error else { return false }
            return reason.hasPrefix(place)
        }
    }

    @Test("a subject's context prefix is what ids are unique within")
    func contextPrefix() {
        #expect(ExportedSubject(subject: ":.tenant:thing", versions: []).contextPrefix == ":.tenant:")
        #expect(ExportedSubject(subject: "plain", versions: []).contextPrefix == "")
    }
}

@Suite("Subject selection")
struct SubjectSelectionTests {
    @Test(
        "globs match the subject without its context prefix",
        arguments: [
            ("user-*", "user-value", true), ("user-*", "order-value", false), ("*-value", "user-value", true),
            ("user-?-value", "user-1-value", true), ("user-?-value", "user-12-value", false), ("*", ":.ctx:x", true),
            ("user-*", ":.ctx:user-value", true), ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false),
        ])
    func globs(glob: String, subject: String, selected: Bool) {
        #expect(SubjectSelection(glob: glob).contains(subject) == selected)
    }

    @Test("a context selects its listing prefix; none lists every context")
    func contexts() {
        #expect(SubjectSelection().listingPrefix == ":*:")
        #expect(SubjectSelection(context: ".tenant").listingPrefix == ":.tenant:")
        #expect(SubjectSelection(context: "tenant").listingPrefix == ":.tenant:")
        #expect(SubjectSelection(context: ".").listingPrefix == "")
    }
}

@Suite("Import order")
struct ImportOrderTests {
    static func subject(_ name: String, references: [String]) -> ExportedSubject {
        ExportedSubject(
            subject: name,
            versions: [
                ExportedVersion(
                    version: 1, id: 1,
                    definition: SchemaDefinition(schema: "{}", references: references.map { SchemaReference(name: $0, subject: $0, version: 1) }))
            ])
    }

    @Test("a referenced subject goes before the subjects referencing it, otherwise the export's order stays")
    func referencesFirst() {
        let order = RegistryImporter.dependencyOrder([
            Self.subject("order", references: ["customer", "money"]), Self.subject("customer", references: ["address"]),
            Self.subject("address", references: []), Self.subject("money", references: []), Self.subject("other", references: []),
        ])
        #expect(order == ["address", "customer", "money", "order", "other"])
    }

    @Test("references stay within the referring subject's context")
    func contexts() {
        let dependencies = RegistryImporter.dependencies([
            Self.subject(":.t:order", references: ["money"]), Self.subject(":.t:money", references: []), Self.subject("money", references: []),
        ])
        #expect(dependencies[":.t:order"] == [":.t:money"])
    }

    @Test("a cycle (which no registry can hold, but a file can) still gives every subject once")
    func cycle() {
        let order = RegistryImporter.dependencyOrder([Self.subject("a", references: ["b"]), Self.subject("b", references: ["a"])])
        #expect(Set(order) == ["a", "b"] && order.count == 2)
    }
}
