/// Who made a request, once authenticated: the name rules and logs use, and the groups a
/// bearer token's claim put it in.
public struct Principal: Sendable, Equatable {
    /// The user name (HTTP Basic), the token's subject claim (bearer), or the client
    /// certificate's subject (mutual TLS).
    public var name: String
    /// Groups the credential itself carries (a JWT's groups claim); groups named in the access
    /// rules file are looked up there instead.
    public var groups: [String]

    /// A principal with a name and the groups its credential carries.
    public init(name: String, groups: [String] = []) {
        self.name = name
        self.groups = groups
    }
}
