import JSONModel
import JSONSchema
import Testing

/// Parses JSON test text; the fixtures are literals, so a failure is a bug in the test.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONParser().parse(text)
    } catch {
        preconditionFailure("bad fixture \(text): \(error)")
    }
}

/// Parses `schema` (with raw JSON references) and checks each instance's verdict.
func expectValidation(
    _ schema: String, valid: [String] = [], invalid: [String] = [], references: [String: String] = [:],
    assertsFormats: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let document = try JSONSchemaDocument(parsing: schema, referencedJSON: references.mapValues(json))
    let validator = JSONSchemaValidator(document, assertsFormats: assertsFormats)
    for instance in valid {
        let errors = validator.validate(json(instance))
        #expect(errors.isEmpty, "\(instance) should be valid against \(schema): \(errors)", sourceLocation: sourceLocation)
    }
    for instance in invalid {
        #expect(!validator.isValid(json(instance)), "\(instance) should be invalid against \(schema)", sourceLocation: sourceLocation)
    }
}

/// The errors of `instance` against `schema`.
func errors(of instance: String, against schema: String) throws -> [JSONSchemaValidationError] {
    JSONSchemaValidator(try JSONSchemaDocument(parsing: schema)).validate(json(instance))
}

/// The error parsing `schema` raises, or `nil` when it parses.
func parseError(_ schema: String, referencedJSON: [String: String] = [:]) -> JSONSchemaError? {
    do {
        _ = try JSONSchemaDocument(parsing: schema, referencedJSON: referencedJSON.mapValues(json))
        return nil
    } catch {
        return error
    }
}
