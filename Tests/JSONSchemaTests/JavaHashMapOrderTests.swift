import Testing

@testable import JSONSchema

@Suite("Java HashMap iteration order")
struct JavaHashMapOrderTests {
    /// Each row: keys in insertion order, then the order `new HashMap<>()` with those puts
    /// iterates them, as printed by OpenJDK 17.
    static let rows: [([String], [String])] = [
        (["apple", "banana", "cherry"], ["banana", "apple", "cherry"]),
        (["email", "age", "name", "address", "zip"], ["zip", "address", "name", "email", "age"]),
        // Equal hash codes share a bucket and keep their insertion order.
        (["Aa", "BB", "C#"], ["Aa", "BB", "C#"]),
        // Thirteen keys grow the table to 32.
        (
            ["f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13"],
            ["f10", "f12", "f11", "f13", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"]
        ),
        // Twelve keys still fit in 16.
        (["z", "y", "x", "w", "v", "u", "t", "s", "r", "q", "p", "o"], ["p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "o"]),
        // Hash codes are over UTF-16 code units, surrogate pairs included.
        (["ümlaut", "日本", "emoji😀", "plain"], ["ümlaut", "plain", "emoji😀", "日本"]),
    ]

    @Test("keys come in the order Java's HashMap iterates them", arguments: rows)
    func order(row: ([String], [String])) {
        #expect(JavaHashMapOrder.sorted(row.0, key: { $0 }) == row.1)
    }

    @Test("String.hashCode wraps at 32 bits")
    func hashCode() {
        #expect(JavaHashMapOrder.hashCode("apple") == 93_029_210)
        #expect(JavaHashMapOrder.hashCode("banana") == -1_396_355_227)
        #expect(JavaHashMapOrder.hashCode("") == 0)
    }
}
