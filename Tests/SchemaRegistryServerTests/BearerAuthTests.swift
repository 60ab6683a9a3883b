import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import JWTKit
import SchemaRegistryCore
import SchemaRegistryServer
import Testing

/// Bearer tokens as Confluent's clients send them (`bearer.auth.token`): JWTs verified offline
/// against a JWKS, with issuer, audience and expiry checked, the principal and its groups read
/// from claims, and Basic accepted beside them.
@Suite("Bearer JWT authentication")
struct BearerAuthTests {
    struct Claims: JWTPayload {
        var sub: String
        var iss: String = "https://issuer.example"
        var aud: [String] = ["schema-registry"]
        var exp: Int = Int(Date().timeIntervalSince1970) + 600
        var nbf: Int? = nil
        var groups: [String]? = nil

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static let secret = "a-shared-secret-of-32-bytes-long!"
    static let ecKey = ES256PrivateKey()

    /// The JWKS the server trusts: one HS256 `oct` key and one ES256 key.
    static var jwks: String {
        let k = Data(secret.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let parameters = ecKey.publicKey.parameters!
        return """
            {"keys":[{"kty":"oct","kid":"h1","alg":"HS256","k":"\(k)"},
            {"kty":"EC","crv":"P-256","kid":"e1","alg":"ES256","x":"\(parameters.x)","y":"\(parameters.y)"}]}
            """
    }

    static func token(_ claims: Claims, kid: String = "h1", secret: String = secret) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "h1")
        await keys.add(ecdsa: ecKey, kid: "e1")
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }

    func withServer(rules: String? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let registry = try await Registry(store: MemoryRegistryStore())
        let verifier = try await BearerTokenVerifier(
            jwks: Self.jwks, settings: .init(issuer: "https://issuer.example", audience: "schema-registry"))
        var users = UsersFile()
        users.set("alice", hash: Bcrypt.hash("pw", cost: 4))
        let policy = try rules.map { try JSONDecoder().decode(AccessPolicy.self, from: Data($0.utf8)) }
        let control = AccessControl(authenticator: Authenticator(users: users, tokens: verifier), policy: policy)
        let responder = RegistryResponder(registry: RegistryBox(registry), accessControl: control)
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client) }
    }

    func call(_ client: any TestClientProtocol, _ path: String, authorization: String?, method: HTTPRequest.Method = .get, body: String? = nil)
        async throws -> (status: Int, headers: HTTPFields, text: String)
    {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.schemaregistry.v1+json"
        if let authorization { headers[.authorization] = authorization }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (Int(response.status.code), response.headers, String(buffer: response.body))
    }

    @Test("HS256 and ES256 tokens of the configured issuer and audience are accepted, beside Basic")
    func accepted() async throws {
        try await withServer { client in
            for kid in ["h1", "e1"] {
                let token = try await Self.token(Claims(sub: "svc-\(kid)"), kid: kid)
                for _ in 0..<2 {
                    let reply = try await call(client, "/subjects", authorization: "Bearer \(token)")
                    #expect(reply.status == 200, "\(kid): \(reply.text)")
                }
            }
            let basic = try await call(client, "/subjects", authorization: "Basic " + Data("alice:pw".utf8).base64EncodedString())
            #expect(basic.status == 200)
        }
    }

    @Test("expired, not yet valid, wrong issuer, wrong audience, bad signature, unknown key: 401 with both challenges")
    func refused() async throws {
        let now = Int(Date().timeIntervalSince1970)
        try await withServer { client in
            var expired = Claims(sub: "svc")
            expired.exp = now - 10
            var early = Claims(sub: "svc")
            early.nbf = now + 600
            var issuer = Claims(sub: "svc")
            issuer.iss = "https://elsewhere.example"
            var audience = Claims(sub: "svc")
            audience.aud = ["another-service"]
            let tokens = [
                try await Self.token(expired), try await Self.token(early), try await Self.token(issuer), try await Self.token(audience),
                try await Self.token(Claims(sub: "svc"), secret: "another-secret-of-32-bytes-long!!"),
                String(try await Self.token(Claims(sub: "svc"), kid: "e1").dropLast(4)) + "AAAA", "not.a.jwt",
            ]
            for token in tokens {
                let reply = try await call(client, "/subjects", authorization: "Bearer \(token)")
                #expect(reply.status == 401, "\(token)")
                #expect(reply.headers[.wwwAuthenticate] == #"Basic realm="schema-registry", Bearer realm="schema-registry""#)
            }
        }
    }

    @Test("a token remembered as valid is refused once it expires")
    func expiryOfRememberedToken() async throws {
        try await withServer { client in
            var claims = Claims(sub: "svc")
            claims.exp = Int(Date().timeIntervalSince1970) + 2
            let token = try await Self.token(claims)
            let first = try await call(client, "/subjects", authorization: "Bearer \(token)")
            #expect(first.status == 200)
            try await Task.sleep(for: .seconds(3))
            let later = try await call(client, "/subjects", authorization: "Bearer \(token)")
            #expect(later.status == 401)
        }
    }

    @Test("the groups claim places the principal in the rules' groups")
    func groupsClaim() async throws {
        let rules = #"{"rules":[{"principals":["group:producers"],"operations":["read","write"],"subjects":["orders-*"]}]}"#
        try await withServer(rules: rules) { client in
            var producer = Claims(sub: "svc-a")
            producer.groups = ["producers"]
            let allowed = try await call(
                client, "/subjects/orders-value/versions", authorization: "Bearer \(try await Self.token(producer))", method: .post,
                body: #"{"schema":"\"string\""}"#)
            #expect(allowed.status == 200, "\(allowed.text)")
            let other = try await call(
                client, "/subjects/orders-value/versions", authorization: "Bearer \(try await Self.token(Claims(sub: "svc-b")))", method: .post,
                body: #"{"schema":"\"string\""}"#)
            #expect(other.status == 403)
        }
    }
}
