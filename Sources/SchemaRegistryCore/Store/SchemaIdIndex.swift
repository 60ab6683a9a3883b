/// Finds a schema's position in its table from its id.
///
/// Ids in a context are handed out one after another from 1, so they are mostly dense: those
/// are found by indexing an array of positions (4 bytes per id, no hashing). Ids far beyond
/// the others, which only IMPORT with explicit ids produces, go to a dictionary instead, so
/// one huge id cannot make the array huge.
struct SchemaIdIndex: Sendable {
    /// Position of each id below `dense.count`, -1 for none.
    private var dense: [Int32] = []
    /// Positions of the ids at or above `dense.count`.
    private var sparse: [Int: Int32] = [:]
    /// How many ids the table expects to hold (`reserveCapacity`), which lets the array grow
    /// to twice that even while few ids are in: a part of a table loaded in parallel starts
    /// at an id far from 1.
    private var expected = 0

    /// The smallest id the array may grow to cover regardless of how many ids there are.
    private static let minimumDenseLimit = 4096

    /// Makes room for ids up to `count` without growing.
    mutating func reserveCapacity(_ count: Int) {
        dense.reserveCapacity(count + 1)
        expected = max(expected, count)
    }

    /// The position of `id`, if it has one.
    func position(of id: Int) -> Int? {
        if id >= 0 && id < dense.count {
            let p = dense[id]
            return p < 0 ? nil : Int(p)
        }
        return sparse[id].map(Int.init)
    }

    /// Records `position` for `id`. `count` is how many ids the table holds, which (with the
    /// reserved capacity) bounds how far the array may grow: it stays about half full.
    mutating func set(_ position: Int, for id: Int, count: Int) {
        let value = Int32(position)
        if id >= 0 && id < dense.count {
            dense[id] = value
        } else if id >= 0 && id < max(Self.minimumDenseLimit, 2 * max(count, expected)) {
            let old = dense.count
            while dense.count <= id { dense.append(-1) }
            // Ids now covered by the array move there from the dictionary.
            if !sparse.isEmpty {
                for moved in old..<id where sparse[moved] != nil {
                    dense[moved] = sparse.removeValue(forKey: moved) ?? -1
                }
                sparse[id] = nil
            }
            dense[id] = value
        } else {
            sparse[id] = value
        }
    }

    /// Forgets `id`.
    mutating func remove(_ id: Int) {
        if id >= 0 && id < dense.count {
            dense[id] = -1
        } else {
            sparse[id] = nil
        }
    }
}
