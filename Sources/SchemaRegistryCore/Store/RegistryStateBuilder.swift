import JSONModel

/// Builds a `RegistryState` from a store's rows as they are read, for start-up.
///
/// A store hands over schemas and versions one at a time, straight from its cursor, so no
/// full copy of the contents is ever held beside the state being built (with a million
/// versions that copy was a third of the peak memory). Rows may come in any order; a store
/// that delivers each subject's versions together and ascending (as an index scan does) is
/// loaded without any sorting or merging.
public struct RegistryStateBuilder: Sendable {
    private var state = RegistryState()
    /// The subject whose versions are arriving, and those received so far.
    private var runSubject: QualifiedSubject?
    private var run: [VersionRecord] = []
    private var runIsAscending = true

    /// An empty builder.
    ///
    /// - Parameter indexingContent: false for a builder whose rows another builder will
    ///   absorb (`absorb(earlier:)`), which indexes them by content itself; this one then
    ///   indexes by content only when it is built on its own.
    public init(indexingContent: Bool = true) {
        state.defersContentIndex = !indexingContent
    }

    /// An empty builder with room for `counts` schemas per context (see `reserveSchemas`).
    public init(reserving counts: [(context: String, count: Int)], indexingContent: Bool = true) {
        self.init(indexingContent: indexingContent)
        for (context, count) in counts { reserveSchemas(count, in: context) }
    }

    /// Makes room for `count` schemas in `context`, so the tables do not grow while loading.
    public mutating func reserveSchemas(_ count: Int, in context: String) {
        state.reserveSchemas(count, in: context)
    }

    /// Adds a stored schema.
    public mutating func addSchema(_ schema: StoredSchema) {
        state.loadSchema(schema)
    }

    /// Adds a stored schema whose text a store reads as UTF-8 bytes (copied before this
    /// returns), sparing a `String` per schema; `identityHash` is the hash the store kept.
    public mutating func addSchema(
        context: String, id: Int, schemaType: SchemaType, text: UnsafeBufferPointer<UInt8>, references: [SchemaReference],
        metadata: JSONValue?, ruleSet: JSONValue?, identityHash: SchemaHash
    ) {
        state.loadSchema(
            context: context, id: id, schemaType: schemaType, text: text,
            extras: SchemaExtras.of(references: references, metadata: metadata, ruleSet: ruleSet), identityHash: identityHash)
    }

    /// Adds a stored version.
    public mutating func addVersion(_ version: StoredVersion) {
        addVersion(
            of: version.subject, version: version.version, schemaId: version.schemaId, deleted: version.deleted,
            timestamp: version.timestamp)
    }

    /// Adds a stored version of `subject`. Passing the same `QualifiedSubject` value for
    /// consecutive versions of one subject makes recognising the run nearly free.
    public mutating func addVersion(of subject: QualifiedSubject, version: Int, schemaId: Int, deleted: Bool, timestamp: Int64) {
        if subject != runSubject {
            flushRun()
            runSubject = subject
        }
        if let last = run.last, last.version >= version { runIsAscending = false }
        run.append(VersionRecord(version: version, schemaId: schemaId, timestamp: timestamp, deleted: deleted))
    }

    /// Sets the stored config of `scope`.
    public mutating func setConfig(_ config: RegistryConfig, for scope: QualifiedSubject) {
        state.loadConfig(config, for: scope)
    }

    /// Sets a stored association.
    public mutating func setAssociation(_ association: Association) {
        state.loadAssociation(association)
    }

    /// Records the position of the store's change log the loaded rows reflect.
    public mutating func setChangePosition(_ position: Int64) {
        state.changePosition = position
    }

    /// Sets the stored mode of `scope`.
    public mutating func setMode(_ mode: RegistryMode, for scope: QualifiedSubject) {
        state.loadMode(mode, for: scope)
    }

    /// Records a context's stored id sequence: the next id it allocates is at least `next`.
    public mutating func raiseNextId(to next: Int, in context: String) {
        state.raiseNextId(to: next, in: context)
    }

    /// Adds everything `other` received, as if its rows had come before this builder's: a
    /// store that reads with several connections in parallel gives each a part of the rows
    /// and its own builder, then merges them. Where schemas of both have equal content, this
    /// builder's stays the one found by hash, as the later row would in one pass. Costs in
    /// proportion to what `other` holds (its texts are taken over, not copied), so the
    /// builder that received more schemas should absorb the others.
    public mutating func absorb(earlier other: consuming RegistryStateBuilder) {
        flushRun()
        other.flushRun()
        state.absorbLoaded(other.state)
    }

    /// The state, once every row has been added; the builder is left empty.
    public mutating func build() -> RegistryState {
        flushRun()
        // Moved out, not copied: with a second reference alive, finishing would copy every table.
        var result = RegistryState()
        swap(&result, &state)
        result.finishLoading()
        return result
    }

    private mutating func flushRun() {
        guard let subject = runSubject, !run.isEmpty else { return }
        if !runIsAscending { run.sort { $0.version < $1.version } }
        // An exact-size copy: the run's buffer, kept for the next subject, has room to spare.
        state.loadVersions(run.withUnsafeBufferPointer { Array($0) }, of: subject)
        run.removeAll(keepingCapacity: true)
        runIsAscending = true
    }
}
