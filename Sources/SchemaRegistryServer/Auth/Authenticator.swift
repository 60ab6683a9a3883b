import Digest
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// Who made a request, once authenticated.
public struct Principal: Sendable, Equatable {
    /// The user name (HTTP Basic).
    public var name: String

    public init(name: String) { self.name = name }
}

/// HTTP Basic authentication against a `UsersFile`, as Confluent's clients send it
/// (`basic.auth.user.info`, `Authorization: Basic base64(user:password)`).
///
/// bcrypt is slow by design (tens of milliseconds), too slow for the event loop that answers
/// reads: the first request with a credential is verified on NIO's thread pool, and the
/// credential (its SHA-256, never the password) is remembered, so later requests with it are
/// decided on the event loop by a dictionary lookup.
public final class Authenticator: Sendable {
    private let users: UsersFile
    /// Principals by the SHA-256 of an `Authorization` value already verified.
    private let verified = Mutex<[[UInt8]: Principal]>([:])
    /// Credentials remembered at most; beyond, the memory starts over.
    static let maximumRemembered = 10_000

    /// The `WWW-Authenticate` challenge of a 401.
    public static let challenge = #"Basic realm="schema-registry""#

    /// What is known of a request's credentials without running bcrypt.
    enum Decision: Equatable {
        /// A credential verified before.
        case allowed(Principal)
        /// No credential, one that is not Basic, a malformed one, or an unknown user.
        case unauthenticated
        /// A known user's credential seen for the first time: `verify` decides.
        case needsVerification
    }

    /// Authenticates against `users`.
    public init(users: UsersFile) {
        self.users = users
    }

    /// The decision for an `Authorization` header value, from memory only.
    func decide(_ authorization: String?) -> Decision {
        guard let authorization, let (name, _) = Self.basicCredentials(authorization), users.hashes[name] != nil else { return .unauthenticated }
        if let principal = verified.withLock({ $0[SHA256.hash(authorization.utf8)] }) { return .allowed(principal) }
        return .needsVerification
    }

    /// Verifies a credential with bcrypt, off the event loop, and remembers it when it is right.
    func verify(_ authorization: String?) async -> Principal? {
        guard let authorization, let (name, password) = Self.basicCredentials(authorization), let hash = users.hashes[name] else { return nil }
        let matches = (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
        guard matches else { return nil }
        let principal = Principal(name: name)
        verified.withLock { remembered in
            if remembered.count >= Self.maximumRemembered { remembered.removeAll() }
            remembered[SHA256.hash(authorization.utf8)] = principal
        }
        return principal
    }

    /// User and password of a `Basic` credential; `nil` for any other scheme or a malformed one.
    static func basicCredentials(_ authorization: String) -> (String, String)? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let data = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let decoded = String(data: data, encoding: .utf8), let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
