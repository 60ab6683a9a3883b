import Foundation
import Protobuf

/// Protobuf behind the registry's format protocol (`schemaType: "PROTOBUF"`).
///
/// References are other registered `.proto` files, addressed by the import path that is the
/// reference's `name`; the well-known files (`google/protobuf/*.proto`) are built in and need
/// none. A schema is accepted when it parses, passes the checks protoc makes and every type it
/// names resolves; it is stored in Confluent's canonical layout.
public struct ProtobufSchemaFormat: SchemaFormat {
    /// Which changes compatibility counts: Confluent's (the default) or ours beyond them.
    public var compatibilityChecks: ProtoCompatibilityChecks

    /// Creates the format; `compatibilityChecks` other than `.confluent` is an operator's
    /// opt-in, since it refuses changes Confluent accepts.
    public init(compatibilityChecks: ProtoCompatibilityChecks = .confluent) {
        self.compatibilityChecks = compatibilityChecks
    }

    public var schemaType: SchemaType { .protobuf }

    public func parse(_ text: String, references: [ResolvedReference]) throws(SchemaParseFailure) -> any ParsedSchema {
        var dependencies: [ProtoFile] = []
        for reference in references where reference.schemaType == .protobuf {
            do {
                dependencies.append(try ProtoParser.parse(reference.schemaText))
            } catch {
                throw SchemaParseFailure("reference \"\(reference.name)\": \(error.description)")
            }
        }
        do {
            let file = try ProtoDescriptorReader.file(fromTextOrBase64: text)
            try ProtoDescriptorBuilder.validate(file, dependencies: dependencies)
            return ParsedProtobufSchema(file: file, dependencies: dependencies, compatibilityChecks: compatibilityChecks)
        } catch {
            throw SchemaParseFailure(error.description)
        }
    }
}

/// A parsed `.proto` file in the registry, with the files its references resolved to.
public struct ParsedProtobufSchema: ParsedSchema {
    public let file: ProtoFile
    public let dependencies: [ProtoFile]
    /// The stored text, rendered once: the registry asks for it on every registration,
    /// lookup and response.
    public let canonicalText: String
    /// The checks this schema is judged by as a reader, from the format that parsed it.
    public let compatibilityChecks: ProtoCompatibilityChecks

    /// Wraps a parsed file.
    public init(file: ProtoFile, dependencies: [ProtoFile] = [], compatibilityChecks: ProtoCompatibilityChecks = .confluent) {
        self.init(
            file: file, dependencies: dependencies, canonicalText: ProtoCanonicalText.render(file), compatibilityChecks: compatibilityChecks)
    }

    private init(file: ProtoFile, dependencies: [ProtoFile], canonicalText: String, compatibilityChecks: ProtoCompatibilityChecks) {
        self.file = file
        self.dependencies = dependencies
        self.canonicalText = canonicalText
        self.compatibilityChecks = compatibilityChecks
    }

    public var schemaType: SchemaType { .protobuf }

    public func normalized() -> any ParsedSchema {
        let normalized = ProtoNormalizer.normalize(file, dependencies: dependencies)
        return ParsedProtobufSchema(
            file: normalized, dependencies: dependencies, canonicalText: ProtoCanonicalText.render(normalized, normalized: true),
            compatibilityChecks: compatibilityChecks)
    }

    /// Confluent's output formats: `serialized`, the file's `FileDescriptorProto` in base64
    /// (what confluent-kafka's Protobuf serde asks for, to build its descriptor pool; named
    /// `default`, as Confluent names it, with JSON names only where declared and without
    /// custom options), and `ignore_extensions`, the text without extension declarations, extension ranges
    /// and custom options other than Confluent's own.
    public func formattedText(_ format: String) -> String? {
        switch format.lowercased() {
        case "serialized":
            guard let bytes = try? ProtoDescriptorBuilder.serializedDescriptor(
                of: file, name: "default", dependencies: dependencies, flavor: .confluentSerialized)
            else { return nil }
            return Data(bytes).base64EncodedString()
        case "ignore_extensions":
            return ProtoCanonicalText.render(file.withoutExtensions())
        default:
            return nil
        }
    }

    /// Messages and fields tagged through `(confluent.message_meta)` and
    /// `(confluent.field_meta)`, named as Confluent names them (`Order`, `Order.email`).
    public var taggedEntities: [TaggedEntity] {
        ProtoMetaTags.entities(in: file).map { TaggedEntity(path: $0.path, kind: $0.isMessage ? .record : .field, tags: $0.tags) }
    }

    /// The canonical text with the tags of messages (`sr_record`) and fields (`sr_field`)
    /// edited in their Confluent metadata options, as Confluent edits them.
    public func retaggedText(_ edits: SchemaTagEdits) throws(SchemaParseFailure) -> String {
        guard !edits.isEmpty else { return canonicalText }
        let protoEdits = edits.entities.map { entity in
            let matches = { (edit: TaggedEntity) in edit.path == entity.path && edit.kind == entity.kind }
            return ProtoMetaTags.Edit(
                path: entity.path, isMessage: entity.kind == .record,
                add: edits.toAdd.filter(matches).flatMap(\.tags), remove: edits.toRemove.filter(matches).flatMap(\.tags))
        }
        do {
            return ProtoCanonicalText.render(try ProtoMetaTags.applying(protoEdits, to: file))
        } catch {
            throw SchemaParseFailure("java.lang.IllegalArgumentException: \(error.description)")
        }
    }

    /// A field of a top-level message.
    public func hasTopLevelField(_ name: String) -> Bool {
        file.messages.contains { $0.allFields.contains { $0.name == name } }
    }

    /// Confluent's `SchemaDiff` with the writer's schema as the original and this one, the
    /// reader's, as the update.
    public func compatibilityIssues(
        readingDataWrittenWith writer: any ParsedSchema, roles: CompatibilityRoles, policy: CompatibilityPolicy
    ) -> [CompatibilityIssue] {
        guard let writer = writer as? ParsedProtobufSchema else { return [] }
        let differences = ProtoSchemaDiff.compare(
            original: writer.file, update: file, originalDependencies: writer.dependencies, updateDependencies: dependencies,
            checks: compatibilityChecks)
        return differences.filter { !$0.type.isCompatible }.map { d in
            CompatibilityIssue(
                kind: d.type.rawValue, location: d.path,
                description: d.confluentDescription(readerRole: roles.reader, writerRole: roles.writer),
                message: d.confluentMessage(readerRole: roles.reader, writerRole: roles.writer))
        }
    }
}
