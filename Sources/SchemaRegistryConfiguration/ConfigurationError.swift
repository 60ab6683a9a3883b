/// Why a configuration was refused: one line naming the file position or variable and the
/// setting, so an operator can fix it without reading the source.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not YAML, or not a mapping of sections.
    case malformed(location: String, reason: String)
    /// A key that no setting has, with the keys that exist where it was found.
    case unknownKey(location: String, key: String, known: [String])
    /// A value the setting cannot take.
    case badValue(location: String, setting: String, value: String, expected: String)
    /// `${NAME}` with no such variable and no `:-default`.
    case undefinedVariable(location: String, name: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read the configuration: \(reason)"
        case .malformed(let location, let reason):
            return "\(location): \(reason)"
        case .unknownKey(let location, let key, let known):
            return "\(location): unknown key '\(key)'" + (known.isEmpty ? "" : " (known here: \(known.joined(separator: ", ")))")
        case .badValue(let location, let setting, let value, let expected):
            return "\(location): \(setting) cannot be '\(value)': expected \(expected)"
        case .undefinedVariable(let location, let name):
            return "\(location): ${\(name)} is not set and has no default (write ${\(name):-default})"
        }
    }
}
