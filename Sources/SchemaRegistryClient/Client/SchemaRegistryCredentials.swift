/// How the client proves who it is; both forms travel in the `Authorization` header, which is
/// what Confluent Cloud, Karapace, Redpanda and reverse proxies in front of a registry expect.
public enum SchemaRegistryCredentials: Hashable, Sendable {
    /// HTTP basic authentication (`USER_INFO` in Confluent's client settings).
    case basic(username: String, password: String)
    /// An OAuth or other bearer token.
    case bearer(token: String)

    /// The value of the `Authorization` header.
    var authorizationHeader: String {
        switch self {
        case .basic(let username, let password):
            return "Basic " + Base64.encode(Array("\(username):\(password)".utf8))
        case .bearer(let token):
            return "Bearer " + token
        }
    }
}
