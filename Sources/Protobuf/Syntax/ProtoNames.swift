/// Names protoc derives from declared ones.
enum ProtoNames {
    /// `name` with its underscores dropped and the letter after each upper-cased, the first
    /// letter too when `upperFirst`: protoc's JSON names (`page_view` -> `pageView`) and map
    /// entry names (`by_name` -> `ByName`).
    static func camelCase(_ name: String, upperFirst: Bool) -> String {
        var result = ""
        var upperNext = upperFirst
        for c in name {
            if c == "_" {
                upperNext = true
            } else if upperNext {
                result += c.uppercased()
                upperNext = false
            } else {
                result.append(c)
            }
        }
        return result
    }
}
