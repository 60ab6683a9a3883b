extension AvroSchema {
    /// A type as the Codable bridge names it in messages: `int`, `long (timestamp-millis)`,
    /// `enum com.example.Status`, `union [null, int]`. Logical types are shown because a Swift
    /// model usually thinks in them (a timestamp, not a long).
    func codableDescription(of type: AvroType) -> String {
        switch type {
        case .primitive(let p):
            guard let logical = p.logicalType else { return p.kind.rawValue }
            return "\(p.kind.rawValue) (\(logical.name))"
        case .union(let branches):
            return "union [" + branches.map { AvroJSONCodec.typeName($0) }.joined(separator: ", ") + "]"
        case .array, .map, .named:
            return AvroJSONCodec.describe(type, self)
        }
    }
}
