/// The coding keys the bridge makes up itself: array positions and the `super` key.
///
/// A distinct type lets path rendering tell an array position (`[2]`) from a user key that
/// happens to carry an integer value.
struct AvroCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        self.init(index: intValue)
    }

    /// The key of the element at `index` of an unkeyed container.
    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    /// The key `superEncoder()`/`superDecoder()` use, as Foundation's coders do.
    static let superKey = AvroCodingKey(stringValue: "super")
}
