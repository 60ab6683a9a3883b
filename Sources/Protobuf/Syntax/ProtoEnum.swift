/// `enum Name { A = 0; B = 1 [deprecated = true]; }`.
public struct ProtoEnum: Sendable, Hashable {
    public var name: String
    public var values: [ProtoEnumValue] = []
    public var options: [ProtoOption] = []
    public var reservedRanges: [ProtoRange] = []
    public var reservedNames: [String] = []
    /// The `reserved` statements as written.
    public var reservedStatements: [ProtoReserved] = []
    public var location: ProtoSourceLocation
    public var comments: [String] = []

    public init(name: String, location: ProtoSourceLocation) {
        self.name = name
        self.location = location
    }
}

/// One constant of an enum.
public struct ProtoEnumValue: Sendable, Hashable {
    public var name: String
    public var number: Int
    public var options: [ProtoOption] = []
    public var location: ProtoSourceLocation

    public init(name: String, number: Int, location: ProtoSourceLocation) {
        self.name = name
        self.number = number
        self.location = location
    }
}
