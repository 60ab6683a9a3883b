import Foundation
import Protobuf
import Testing

/// Confluent's own Protobuf diff corpus (`protobuf-provider/src/test/resources/
/// diff-schema-examples.json`), checked locally: it is public but under Confluent's licence, so
/// it is never committed. Point `CONFLUENT_PROTOBUF_DIFF_CORPUS` at a folder holding that file
/// (and `diff-schema-examples-with-meta.json` if wanted) and the `.proto` files its cases
/// import or name (`.../protobuf/diff/*.proto`) to run it:
///
///     CONFLUENT_PROTOBUF_DIFF_CORPUS=/tmp/confluent-pb-corpus swift test --filter ConfluentDiffCorpus
@Suite("Protobuf: Confluent's diff corpus (local only)", .enabled(if: ConfluentDiffCorpus.directory != nil))
struct ConfluentDiffCorpusTests {
    @Test("every case gives Confluent's changes and verdict")
    func corpus() throws {
        let directory = try #require(ConfluentDiffCorpus.directory)
        // The cases with metadata options name their files instead of giving the text.
        var cases: [[String: Any]] = []
        for name in ["diff-schema-examples.json", "diff-schema-examples-with-meta.json"] {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            cases += try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        }
        func text(_ schema: String) throws -> String {
            guard schema.hasSuffix(".proto") else { return schema }
            return try String(contentsOf: directory.appendingPathComponent((schema as NSString).lastPathComponent), encoding: .utf8)
        }
        var dependencies: [ProtoFile] = []
        for name in (try FileManager.default.contentsOfDirectory(atPath: directory.path)) where name.hasSuffix(".proto") {
            if let file = try? ProtoParser.parse(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) {
                dependencies.append(file)
            }
        }
        var matched = 0
        var report: [String] = []
        for (index, entry) in cases.enumerated() {
            let description = entry["description"] as? String ?? "case \(index)"
            guard let oldText = entry["original_schema"] as? String, let newText = entry["update_schema"] as? String,
                let expected = entry["changes"] as? [String], let compatible = entry["compatible"] as? Bool
            else { continue }
            do {
                let old = try ProtoParser.parse(try text(oldText)), new = try ProtoParser.parse(try text(newText))
                func inline(_ key: String) throws -> [ProtoFile]? {
                    guard let list = entry[key] as? [[String: Any]], !list.isEmpty else { return nil }
                    return try list.compactMap { $0["dependency"] as? String }.map { try ProtoParser.parse($0) }
                }
                let changes = ProtoSchemaDiff.compare(
                    original: old, update: new, originalDependencies: try inline("original_dependencies") ?? dependencies,
                    updateDependencies: try inline("update_dependencies") ?? dependencies)
                let ours = changes.map(\.description)
                let ourVerdict = changes.allSatisfy(\.type.isCompatible)
                if ours == expected && ourVerdict == compatible {
                    matched += 1
                } else {
                    report.append("#\(index) \(description): expected \(expected) \(compatible), got \(ours) \(ourVerdict)")
                }
            } catch {
                report.append("#\(index) \(description): \(error)")
            }
        }
        print("Confluent diff corpus: \(matched) of \(cases.count) cases match\n" + report.joined(separator: "\n"))
        #expect(report.isEmpty, "\(matched) of \(cases.count) match:\n\(report.joined(separator: "\n"))")
    }
}

enum ConfluentDiffCorpus {
    static let directory = ProcessInfo.processInfo.environment["CONFLUENT_PROTOBUF_DIFF_CORPUS"].map { URL(fileURLWithPath: $0) }
}
