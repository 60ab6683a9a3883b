import JSONModel
import Testing

@testable import JSONSchema

/// One specification row: how Confluent's diff sees a change from `original` (old) to `update`
/// (new), and whether BACKWARD accepts it under each policy.
struct DiffCase: CustomTestStringConvertible, Sendable {
    var name: String
    var original: String
    var update: String
    /// Every difference, compatible ones included, as `"<TYPE> <path>"`.
    var changes: [String]
    var strict: Bool
    var lenient: Bool

    init(_ name: String, _ original: String, _ update: String, _ changes: [String], strict: Bool, lenient: Bool? = nil) {
        self.name = name
        self.original = original
        self.update = update
        self.changes = changes
        self.strict = strict
        self.lenient = lenient ?? strict
    }

    var testDescription: String { name }
}

/// The differences as `"<TYPE> <path>"` strings, sorted: Confluent's order depends on Java hash
/// sets, so the specification compares them as multisets.
func changes(
    _ original: String, _ update: String, policy: JSONSchemaCompatibilityPolicy = .strict,
    resolver: @escaping JSONSchemaDocumentResolver = { _ in nil }
) throws -> [String] {
    try JSONSchemaDiff.compare(original: json(original), update: json(update), policy: policy, resolver: resolver)
        .map(\.description).sorted()
}

/// BACKWARD verdict: can the update (new) accept everything the original (old) accepted.
///
/// Also asks the registry's way, over schemas loaded once as models (where unchanged subschemas
/// are recognised by digest and skipped), which must find the same incompatibilities.
func backwardCompatible(_ original: String, _ update: String, policy: JSONSchemaCompatibilityPolicy) throws -> Bool {
    let plain = try JSONSchemaCompatibilityChecker.incompatibilities(reader: json(update), writer: json(original), policy: policy)
    if let reader = try? JSONSchemaCompatibilityModel(json(update)), let writer = try? JSONSchemaCompatibilityModel(json(original)) {
        let modelled = try JSONSchemaCompatibilityChecker.incompatibilities(reader: reader, writer: writer, policy: policy)
        #expect(modelled.map(\.description).sorted() == plain.map(\.description).sorted(), "models found other differences")
    }
    return plain.isEmpty
}

/// Runs one specification row under both policies.
func check(_ c: DiffCase) throws {
    #expect(try changes(c.original, c.update) == c.changes.sorted(), "\(c.name)")
    #expect(try backwardCompatible(c.original, c.update, policy: .strict) == c.strict, "STRICT: \(c.name)")
    #expect(try backwardCompatible(c.original, c.update, policy: .lenient) == c.lenient, "LENIENT: \(c.name)")
}
