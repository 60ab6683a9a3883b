import Digest
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Checks the credentials of a request, as Confluent's clients send them: HTTP Basic against a
/// `UsersFile` (`basic.auth.user.info`), bearer tokens against a `BearerTokenVerifier`
/// (`bearer.auth.token`), or both.
///
/// Both checks are too slow for the event loop that answers reads (bcrypt takes tens of
/// milliseconds by design, a signature a fraction of one): the first request with a credential
/// is verified off the loop, and the credential (its SHA-256, never the secret) is remembered
/// with the principal, so later requests with it are decided on the event loop by a dictionary
/// lookup. A remembered token is forgotten when it expires.
public final class Authenticator: Sendable {
    private let users: UsersFile?
    private let tokens: BearerTokenVerifier?
    /// Principals by the SHA-256 of an `Authorization` value already verified, with the
    /// expiry of a token.
    private let verified = Mutex<[[UInt8]: (principal: Principal, expires: Date?)]>([:])
    /// Credentials remembered at most; beyond, the memory starts over.
    static let maximumRemembered = 10_000

    /// The `WWW-Authenticate` challenge of a 401: one per scheme accepted.
    public let challenge: String

    /// What is known of a request's credentials without verifying anything.
    enum Decision: Equatable {
        /// A credential verified before (and, for a token, not expired since).
        case allowed(Principal)
        /// No credential, one of a scheme not accepted, a malformed one, or an unknown user.
        case unauthenticated
        /// A credential seen for the first time: `verify` decides.
        case needsVerification
    }

    /// Authenticates with Basic against `users`.
    public convenience init(users: UsersFile) {
        self.init(users: users, tokens: nil)
    }

    /// Authenticates with Basic against `users`, bearer tokens against `tokens`, or both.
    public init(users: UsersFile?, tokens: BearerTokenVerifier?) {
        self.users = users
        self.tokens = tokens
        var challenges: [String] = []
        if users != nil { challenges.append(#"Basic realm="schema-registry""#) }
        if tokens != nil { challenges.append(#"Bearer realm="schema-registry""#) }
        challenge = challenges.joined(separator: ", ")
    }

    /// The decision for an `Authorization` header value, from memory only.
    func decide(_ authorization: String?) -> Decision {
        guard let authorization else { return .unauthenticated }
        switch Self.credential(authorization) {
        case .basic(let name, _):
            guard users?.hashes[name] != nil else { return .unauthenticated }
        case .bearer:
            guard tokens != nil else { return .unauthenticated }
        case nil:
            return .unauthenticated
        }
        let key = SHA256.hash(authorization.utf8)
        guard let remembered = verified.withLock({ $0[key] }) else { return .needsVerification }
        if let expires = remembered.expires, expires <= Date() {
            verified.withLock { _ = $0.removeValue(forKey: key) }
            return .unauthenticated
        }
        return .allowed(remembered.principal)
    }

    /// Verifies a credential off the event loop, and remembers it when it is right.
    func verify(_ authorization: String?) async -> Principal? {
        guard let authorization else { return nil }
        let principal: Principal, expires: Date?
        switch Self.credential(authorization) {
        case .basic(let name, let password):
            guard let hash = users?.hashes[name] else { return nil }
            let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
            guard matches else { return nil }
            (principal, expires) = (Principal(name: name), nil)
        case .bearer(let token):
            guard let tokens, let found = await tokens.verify(token) else { return nil }
            (principal, expires) = (found.principal, found.expires)
        case nil:
            return nil
        }
        verified.withLock { remembered in
            if remembered.count >= Self.maximumRemembered { remembered.removeAll() }
            remembered[SHA256.hash(authorization.utf8)] = (principal, expires)
        }
        return principal
    }

    /// A credential as the `Authorization` header carries it.
    enum Credential: Equatable {
        case basic(name: String, password: String)
        case bearer(String)
    }

    /// The credential of an `Authorization` value; `nil` for another scheme or a malformed one.
    static func credential(_ authorization: String) -> Credential? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = String(parts[1]).trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "basic":
            guard let (name, password) = basicCredentials(value) else { return nil }
            return .basic(name: name, password: password)
        case "bearer":
            return value.isEmpty ? nil : .bearer(value)
        default:
            return nil
        }
    }

    /// Whether an `Authorization` value names anyone: not when absent, and not for Basic with
    /// an empty user and password, which python-schema-registry-client sends on every request
    /// when its URL has no credentials (so a client certificate must still count then).
    static func namesSomeone(_ authorization: String?) -> Bool {
        guard let authorization else { return false }
        return credential(authorization) != .basic(name: "", password: "")
    }

    /// User and password of a Basic credential's base64 text.
    static func basicCredentials(_ base64: String) -> (String, String)? {
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
