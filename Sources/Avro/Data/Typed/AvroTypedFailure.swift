/// An error inside the typed codec, carrying the path it collects while it unwinds.
///
/// The typed codec keeps no coding-path stack on the way down (that would cost an append per
/// nested value on every message); instead each nesting level adds its component when an error
/// passes through it, so only failures pay for paths.
struct AvroTypedFailure: Error {
    /// Innermost last once complete; built by prepending while unwinding.
    var components: [AvroCodablePath.Component]
    var message: String
    /// A path already rendered further in (by a Codable error or the tree bridge), `$` dropped.
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
    /// anything else) as a typed failure, keeping the coding path the type reported: the tree
    /// bridge's conversion renders it, and it stays innermost as this failure unwinds.
    static func from(_ error: any Error) -> AvroTypedFailure {
        if let failure = error as? AvroTypedFailure { return failure }
        let converted = AvroCodableError(wrapping: error)
        var failure = AvroTypedFailure(converted.message)
        failure.renderedSuffix = String(converted.path.dropFirst())
        return failure
    }

    /// The public error, with the path rendered.
    var codableError: AvroCodableError {
        var path = AvroCodablePath()
        for c in components { path.push(c) }
        return AvroCodableError(path: path.rendered + renderedSuffix, message: message)
    }
}
