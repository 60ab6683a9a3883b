/// One step from a JSON value into a member or an element.
public enum JSONPathStep: Hashable, Sendable {
    case key(String)
    case index(Int)
}

extension JSONValue {
    /// The value `path` leads to, or `nil` when a step does not exist.
    public func value(at path: [JSONPathStep]) -> JSONValue? {
        var current = self
        for step in path {
            switch (step, current) {
            case (.key(let k), .object(let o)):
                guard let v = o[k] else { return nil }
                current = v
            case (.index(let i), .array(let a)) where a.indices.contains(i):
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Changes the value `path` leads to in place; nothing happens when a step does not exist.
    public mutating func update(at path: [JSONPathStep], _ change: (inout JSONValue) -> Void) {
        update(at: path[...], change)
    }

    private mutating func update(at path: ArraySlice<JSONPathStep>, _ change: (inout JSONValue) -> Void) {
        guard let step = path.first else { return change(&self) }
        switch (step, self) {
        case (.key(let k), .object(var o)):
            guard var child = o[k] else { return }
            child.update(at: path.dropFirst(), change)
            o[k] = child
            self = .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            a[i].update(at: path.dropFirst(), change)
            self = .array(a)
        default:
            return
        }
    }
}
