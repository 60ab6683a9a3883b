import JSONModel

/// JSON Schema's equality and number order, which differ from `JSONValue`'s `==`: `1` and `1.0`
/// are the same number (for `enum`, `const`, `uniqueItems`), and integers compare exactly with
/// doubles for the range keywords.
extension JSONValue {
    /// Equality as `enum`, `const` and `uniqueItems` define it.
    func isJSONEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer, .integer), (.integer, .double), (.double, .integer), (.double, .double):
            return JSONValue.compareNumbers(self, other) == 0
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isJSONEqual(to: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for member in a {
                guard let match = b[member.key], member.value.isJSONEqual(to: match) else { return false }
            }
            return true
        case (.string(let a), .string(let b)):
            // Code points, not Swift's canonical equivalence: "é" and "e\u{301}" differ in JSON.
            return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        default:
            return self == other
        }
    }

    /// The order of two numbers (-1, 0, 1), exact between an `Int64` and a `Double`; `nil` if
    /// either is not a number or one is NaN.
    static func compareNumbers(_ a: JSONValue, _ b: JSONValue) -> Int? {
        switch (a, b) {
        case (.integer(let x), .integer(let y)):
            return x < y ? -1 : (x == y ? 0 : 1)
        case (.integer(let x), .double(let y)):
            return compare(x, y)
        case (.double(let x), .integer(let y)):
            return compare(y, x).map { -$0 }
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        default:
            return nil
        }
    }

    private static func compare(_ x: Int64, _ y: Double) -> Int? {
        if y.isNaN { return nil }
        if y >= 9_223_372_036_854_775_808.0 { return -1 }
        if y < -9_223_372_036_854_775_808.0 { return 1 }
        let floor = y.rounded(.down)
        let whole = Int64(floor)
        if x < whole { return -1 }
        if x > whole { return 1 }
        return floor == y ? 0 : -1
    }
}
