/// An option as written: `option java_package = "x";`, `[deprecated = true]`,
/// `option (my.ext).field = { a: 1 };`.
public struct ProtoOption: Sendable, Hashable {
    /// The name's parts: `java_package`, or `(my.ext)` then `field`.
    public var name: [ProtoOptionNamePart]
    public var value: ProtoConstant
    public var location: ProtoSourceLocation

    public init(name: [ProtoOptionNamePart], value: ProtoConstant, location: ProtoSourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }

    /// The name as written: `java_package`, `(my.ext).field`.
    /// The option with its sub-field path folded into its value: `(a).b.c = v` becomes
    /// `(a) = { b: { c: v } }`, the one form Confluent merges and normalizes.
    public var folded: ProtoOption {
        guard let first = name.first else { return self }
        var whole = ProtoOption(name: [first], value: value, location: location)
        for part in name.dropFirst().reversed() {
            whole.value = .aggregate([ProtoAggregateField(name: part.name, isExtension: part.isExtension, value: whole.value)])
        }
        return whole
    }

    public var nameText: String {
        name.map { $0.isExtension ? "(\($0.name))" : $0.name }.joined(separator: ".")
    }
}

/// One part of an option name: a plain field name, or a parenthesised extension name.
public struct ProtoOptionNamePart: Sendable, Hashable {
    public var name: String
    public var isExtension: Bool

    public init(_ name: String, isExtension: Bool = false) {
        self.name = name
        self.isExtension = isExtension
    }
}

/// An option's value.
public indirect enum ProtoConstant: Sendable, Hashable {
    /// An identifier or dotted name: an enum value, `true`, `inf`, a type name.
    case identifier(String)
    /// An integer as written (decimal, octal or hex), with its sign.
    case integer(negative: Bool, literal: String)
    /// A float as written, with its sign (`inf` and `nan` come as identifiers).
    case float(negative: Bool, literal: String)
    /// A string's bytes, adjacent literals joined.
    case string([UInt8])
    /// A message in text format: `{ a: 1 b { c: "x" } d: [1, 2] }`.
    case aggregate([ProtoAggregateField])
    /// A list inside an aggregate: `[1, 2]`, `[{ a: 1 }]`.
    case list([ProtoConstant])
}

/// One field of an aggregate option value: `name: value`, `name { ... }`, `[ext.name]: value`.
public struct ProtoAggregateField: Sendable, Hashable {
    /// The field name; for an extension or `Any` type URL, the bracketed name.
    public var name: String
    public var isExtension: Bool
    public var value: ProtoConstant

    public init(name: String, isExtension: Bool = false, value: ProtoConstant) {
        self.name = name
        self.isExtension = isExtension
        self.value = value
    }
}
