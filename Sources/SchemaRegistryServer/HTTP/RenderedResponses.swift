import JSONModel
import NIOCore
import SchemaRegistryCore
import Synchronization

/// Response bodies rendered once and reused while what they show cannot change.
///
/// Each entry is kept for the generation it was rendered under, a counter the registry bumps
/// whenever content of the kind cached may change; the cache empties when the generation
/// moves on. Bounded in entries and bytes. A responder has two (`ResponseCaches`).
final class RenderedResponses<Key: Hashable & Sendable>: Sendable {
    private struct State {
        var generation: Int
        var bodies: BoundedCache<Key, ByteBuffer>
    }

    private let state: Mutex<State>

    /// Creates an empty cache holding at most `maximumCount` bodies of `maximumBytes` in all.
    init(maximumCount: Int = 200_000, maximumBytes: Int = 64 << 20) {
        state = Mutex(State(generation: 0, bodies: BoundedCache(maximumCount: maximumCount, maximumCost: maximumBytes)))
    }

    /// The body for `key`, rendering it with `render` when not cached.
    ///
    /// - Parameters:
    ///   - generation: the generation read *before* the state that `render` uses was read,
    ///     so a body is never kept under a generation newer than its content.
    ///   - extraCost: bytes the key holds besides the body (a lookup's request body).
    func body(_ key: Key, generation: Int, extraCost: Int = 0, render: () throws -> JSONValue) rethrows -> ByteBuffer {
        try body(key, generation: generation, extraCost: extraCost) { () throws -> ByteBuffer in ByteBuffer(json: try render()) }
    }

    /// The body cached for `key` under `generation`, if any.
    func cached(_ key: Key, generation: Int) -> ByteBuffer? {
        state.withLock { s in s.generation == generation ? s.bodies[key] : nil }
    }

    /// The body for `key`, producing it with `make` when not cached.
    func body(_ key: Key, generation: Int, extraCost: Int = 0, make: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        let hit = state.withLock { s -> ByteBuffer? in
            if s.generation < generation {
                s.generation = generation
                s.bodies.removeAll()
                return nil
            }
            return s.generation == generation ? s.bodies[key] : nil
        }
        if let hit { return hit }
        let buffer = try make()
        state.withLock { s in
            if s.generation == generation { s.bodies.insert(buffer, for: key, cost: buffer.readableBytes + extraCost + 64) }
        }
        return buffer
    }
}

extension ByteBuffer {
    /// `value` written as compact JSON.
    init(json value: JSONValue) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        JSONWriter.write(value, to: &bytes)
        self.init(bytes: bytes)
    }

    /// This body (a JSON object) with `extra`'s members appended after its own.
    func appending(_ extra: JSONObject) -> ByteBuffer {
        guard !extra.isEmpty else { return self }
        var more: [UInt8] = []
        JSONWriter.write(.object(extra), to: &more)
        var result = self
        result.moveWriterIndex(to: result.writerIndex - 1)  // the closing brace
        result.writeInteger(UInt8(ascii: ","))
        result.writeBytes(more.dropFirst())
        return result
    }
}

/// The response caches of one responder.
struct ResponseCaches: Sendable {
    /// What a cached entity body renders.
    enum EntityKey: Hashable, Sendable {
        /// `GET /schemas/ids/{id}` without `subject` or `fetchMaxId`.
        case schemaById(context: String, id: Int)
        /// The schema object of a subject version (version reads, lookups).
        case schemaVersion(subject: QualifiedSubject, version: Int, id: Int, deleted: Bool, timestamp: Int64)

        init(_ view: SchemaVersionView) {
            self = .schemaVersion(
                subject: view.subject, version: view.version, id: view.schema.id, deleted: view.deleted, timestamp: view.timestamp)
        }
    }

    /// What decides a lookup's answer besides the registry's state: the subject (after
    /// context and alias rewriting), the query parameters that shape the answer, and the
    /// request body's exact bytes.
    struct LookupKey: Hashable, Sendable {
        var subject: String
        var normalize: Bool
        var deleted: Bool
        var format: String?
        var referenceFormat: String?
        var findTags: [String]
        var body: ByteBuffer
    }

    /// Entity bodies, under `Registry.removalGeneration`: the content under a (context, id)
    /// or a subject version only changes when a write permanently removes versions, and a
    /// soft delete changes `deleted`, which is part of the key.
    let entities = RenderedResponses<EntityKey>()
    /// Lookup answers, under `Registry.writeGeneration`: any write (a new version, a delete,
    /// a config change such as `normalize`) may change which version a schema matches.
    /// Producers look up the same few schemas over and over; a hit skips parsing the body's
    /// JSON and the schema's canonical form.
    let lookups = RenderedResponses<LookupKey>(maximumCount: 10_000, maximumBytes: 32 << 20)
}
