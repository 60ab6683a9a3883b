/// The place one `Encoder` writes to, shared by reference with the containers it hands out.
///
/// Codable containers are values that must all write into the same parent, and nested containers
/// or super-encoders keep writing after they were created; a small class per keyed/unkeyed level
/// gives them that shared destination. Finished children are stored as trees directly, so only
/// levels that are still open cost an object.
final class AvroTreeEncodingSlot {
    /// A child of a keyed or unkeyed level.
    enum Child {
        case value(CodableTree)
        case open(AvroTreeEncodingSlot)

        var tree: CodableTree {
            switch self {
            case .value(let tree): return tree
            case .open(let slot): return slot.tree
            }
        }
    }

    private enum Shape {
        case empty
        case value(CodableTree)
        case keyed
        case unkeyed
    }

    private var shape = Shape.empty
    private var keys: [String] = []
    private var keyPositions: [String: Int] = [:]
    private var children: [Child] = []

    init() {}

    /// The number of elements of an unkeyed level, its next index.
    var count: Int { children.count }

    /// Makes this a single value, dropping anything written before (last write wins, as in
    /// Foundation's encoders, instead of trapping).
    func store(_ tree: CodableTree) {
        shape = .value(tree)
        removeChildren()
    }

    /// Makes this a keyed level; an existing keyed level is kept, so a class and its superclass
    /// can share one container.
    func becomeKeyed() {
        if case .keyed = shape { return }
        shape = .keyed
        removeChildren()
    }

    /// Makes this an unkeyed level; an existing one is kept and appended to.
    func becomeUnkeyed() {
        if case .unkeyed = shape { return }
        shape = .unkeyed
        removeChildren()
    }

    /// Sets the child under `key`, keeping the key's first position if it is written again.
    func set(_ child: Child, forKey key: String) {
        if let i = keyPositions[key] {
            children[i] = child
        } else {
            keyPositions[key] = children.count
            keys.append(key)
            children.append(child)
        }
    }

    /// The open slot under `key` for a nested container or super-encoder; reuses one that is
    /// already open there.
    func openChild(forKey key: String) -> AvroTreeEncodingSlot {
        if let i = keyPositions[key], case .open(let slot) = children[i] { return slot }
        let slot = AvroTreeEncodingSlot()
        set(.open(slot), forKey: key)
        return slot
    }

    func append(_ child: Child) {
        children.append(child)
    }

    /// Appends and returns a new open slot.
    func appendOpenChild() -> AvroTreeEncodingSlot {
        let slot = AvroTreeEncodingSlot()
        children.append(.open(slot))
        return slot
    }

    /// What was written. A level nobody wrote to is an empty keyed container, as in Foundation's
    /// encoders: a type with nothing to encode is a record whose fields all take defaults.
    var tree: CodableTree {
        switch shape {
        case .empty:
            return .object([])
        case .value(let tree):
            return tree
        case .keyed:
            var entries: [(key: String, value: CodableTree)] = []
            entries.reserveCapacity(children.count)
            for (key, child) in zip(keys, children) { entries.append((key, child.tree)) }
            return .object(entries)
        case .unkeyed:
            return .array(children.map(\.tree))
        }
    }

    private func removeChildren() {
        keys.removeAll()
        keyPositions.removeAll()
        children.removeAll()
    }
}
