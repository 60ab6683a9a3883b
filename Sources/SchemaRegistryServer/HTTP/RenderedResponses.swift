import JSONModel
import NIOCore
import SchemaRegistryCore
import Synchronization

/// Response bodies of schema entities, rendered once and reused while they cannot change.
///
/// The content under a (context, id) and of a subject version changes only when a write
/// permanently removes versions, which bumps `Registry.removalGeneration`; every entry is
/// kept for the generation it was rendered under and the cache empties when it moves on.
/// A soft delete changes a version's `deleted`, which is part of the version key, so the old
/// body is simply no longer asked for. Bounded in entries and bytes.
final class RenderedResponses: Sendable {
    /// What a cached body renders.
    enum Key: Hashable, Sendable {
        /// `GET /schemas/ids/{id}` without `subject` or `fetchMaxId`.
        case schemaById(context: String, id: Int)
        /// The schema object of a subject version (version reads, lookups).
        case schemaVersion(subject: QualifiedSubject, version: Int, id: Int, deleted: Bool, timestamp: Int64)

        init(_ view: SchemaVersionView) {
            self = .schemaVersion(
                subject: view.subject, version: view.version, id: view.schema.id, deleted: view.deleted, timestamp: view.timestamp)
        }
    }

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
    /// - Parameter generation: `Registry.removalGeneration` read *before* the state that
    ///   `render` uses was read, so a body is never kept under a generation newer than its
    ///   content.
    func body(_ key: Key, generation: Int, render: () throws -> JSONValue) rethrows -> ByteBuffer {
        let hit = state.withLock { s -> ByteBuffer? in
            if s.generation < generation {
                s.generation = generation
                s.bodies.removeAll()
                return nil
            }
            return s.generation == generation ? s.bodies[key] : nil
        }
        if let hit { return hit }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        JSONWriter.write(try render(), to: &bytes)
        let buffer = ByteBuffer(bytes: bytes)
        state.withLock { s in
            if s.generation == generation { s.bodies.insert(buffer, for: key, cost: bytes.count + 64) }
        }
        return buffer
    }

    /// `body` (a JSON object) with `extra`'s members appended after its own.
    static func appending(_ extra: JSONObject, to body: ByteBuffer) -> ByteBuffer {
        guard !extra.isEmpty else { return body }
        var more: [UInt8] = []
        JSONWriter.write(.object(extra), to: &more)
        var result = body
        result.moveWriterIndex(to: result.writerIndex - 1)  // the closing brace
        result.writeInteger(UInt8(ascii: ","))
        result.writeBytes(more.dropFirst())
        return result
    }
}
