/// An error inside the typed codec, carrying the path it collects while it unwinds.
///
/// The typed codec keeps no coding-path stack on the way down (that would cost an append per
/// nested value on every message); instead each nesting level adds its component when an error
/// passes through it, so only failures pay for paths.
struct AvroTypedFailure: Error {
    /// Innermost last once complete; built by prepending while unwinding.
    var components: [AvroCodablePath.Component]
    var message: String
    /// A path already rendered further in (by the tree bridge a fallback used), `$` dropped.
    var renderedSuffix = ""

    init(_ message: String, at components: [AvroCodablePath.Component] = []) {
        self.components = components
        self.message = message
    }

    /// `error` as a typed failure one level further out, under `component`.
    static func wrap(_ error: any Error, in component: AvroCodablePath.Component) -> AvroTypedFailure {
        var failure = from(error)
        failure.components.insert(component, at: 0)
        return failure
    }

    /// Any error thrown inside the codec (ours, a Codable error from the type's own code, or
    /// anything else) as a typed failure, keeping the coding path the type reported.
    static func from(_ error: any Error) -> AvroTypedFailure {
        if let failure = error as? AvroTypedFailure { return failure }
        let converted = AvroCodableError(wrapping: error)
        var failure = AvroTypedFailure(converted.message)
        if let error = error as? EncodingError, case .invalidValue(_, let context) = error {
            failure.components = AvroCodablePath(codingPath: context.codingPath).components
        } else if let error = error as? DecodingError {
            switch error {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                failure.components = AvroCodablePath(codingPath: c.codingPath).components
            case .keyNotFound(let key, let c):
                failure.components = AvroCodablePath(codingPath: c.codingPath + [key]).components
            @unknown default:
                break
            }
        } else if let error = error as? AvroCodableError {
            failure.message = error.message
            failure.renderedSuffix = String(error.path.dropFirst())
        }
        return failure
    }

    /// The public error, with the path rendered.
    var codableError: AvroCodableError {
        var path = AvroCodablePath()
        for c in components { path.push(c) }
        return AvroCodableError(path: path.rendered + renderedSuffix, message: message)
    }
}
