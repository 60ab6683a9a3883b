import Foundation
import JSONModel
import JWTKit

/// Verifies bearer tokens (JWTs) offline, against keys from a JWKS file: RS256 and the other
/// RSA algorithms, ES256 and the other curves, and HS256 from `oct` keys (which jwt-kit's JWKS
/// reader does not take, so they are read here). This is what Confluent's clients send with
/// `bearer.auth.credentials.source=STATIC_TOKEN` (or a token an OAuth provider issued them).
///
/// A token is accepted when its signature verifies with the key its `kid` names (or the only
/// key), it carries `exp` and has not expired, `nbf` (if any) has passed, and `iss` and `aud`
/// are the configured ones (when configured).
public struct BearerTokenVerifier: Sendable {
    /// What tokens must say, and where the principal and its groups are read.
    public struct Settings: Sendable, Equatable {
        /// The `iss` required; `nil` accepts any.
        public var issuer: String?
        /// A value `aud` must contain; `nil` accepts any.
        public var audience: String?
        /// The claim naming the principal.
        public var principalClaim: String
        /// The claim listing the principal's groups (a string or an array of strings).
        public var groupsClaim: String

        /// Settings; the principal is `sub` and its groups `groups` unless said otherwise.
        public init(issuer: String? = nil, audience: String? = nil, principalClaim: String = "sub", groupsClaim: String = "groups") {
            self.issuer = issuer
            self.audience = audience
            self.principalClaim = principalClaim
            self.groupsClaim = groupsClaim
        }
    }

    /// Why a key set was refused.
    public struct InvalidKeys: Error, CustomStringConvertible {
        public var description: String
    }

    private let keys: JWTKeyCollection
    private let settings: Settings

    /// A verifier for the keys of a JWKS document (`{"keys":[...]}`).
    public init(jwks: String, settings: Settings) async throws(InvalidKeys) {
        guard let document = try? JSONParser().parse(Array(jwks.utf8)), let list = document.objectValue?["keys"]?.arrayValue else {
            throw InvalidKeys(description: "not a JWKS document: expected {\"keys\": [...]}")
        }
        let keys = JWTKeyCollection()
        var others: [JSONValue] = []
        for key in list {
            guard key.objectValue?["kty"]?.stringValue == "oct" else {
                others.append(key)
                continue
            }
            guard let secret = key.objectValue?["k"]?.stringValue.flatMap(Self.base64URLDecoded) else {
                throw InvalidKeys(description: "an oct key without a base64url \"k\"")
            }
            let algorithm = key.objectValue?["alg"]?.stringValue ?? "HS256"
            let digest: DigestAlgorithm
            switch algorithm {
            case "HS256": digest = .sha256
            case "HS384": digest = .sha384
            case "HS512": digest = .sha512
            default: throw InvalidKeys(description: "an oct key with alg \(algorithm) (expected HS256, HS384 or HS512)")
            }
            let kid = key.objectValue?["kid"]?.stringValue.map { JWKIdentifier(string: $0) }
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: digest, kid: kid)
        }
        if !others.isEmpty {
            do {
                try await keys.add(jwksJSON: JSONWriter.string(.object(["keys": .array(others)])))
            } catch {
                throw InvalidKeys(description: "\(error)")
            }
        }
        guard !list.isEmpty else { throw InvalidKeys(description: "the key set is empty") }
        self.keys = keys
        self.settings = settings
    }

    /// The principal a token names, and when it expires; `nil` for a token that is not valid.
    public func verify(_ token: String) async -> (principal: Principal, expires: Date)? {
        guard let claims = try? await keys.verify(token, as: TokenClaims.self, iteratingKeys: true) else { return nil }
        if let issuer = settings.issuer, claims.values["iss"]?.stringValue != issuer { return nil }
        if let audience = settings.audience {
            let audiences = claims.values["aud"].map(Self.strings) ?? []
            guard audiences.contains(audience) else { return nil }
        }
        guard let name = claims.values[settings.principalClaim]?.stringValue, !name.isEmpty, let expires = claims.expires else { return nil }
        let groups = claims.values[settings.groupsClaim].map(Self.strings) ?? []
        return (Principal(name: name, groups: groups), expires)
    }

    /// A claim that is a string or an array of strings, as a list.
    static func strings(_ value: JSONValue) -> [String] {
        if let one = value.stringValue { return [one] }
        return value.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func base64URLDecoded(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}

/// A token's claims, all of them, since which one names the principal is configuration.
struct TokenClaims: JWTPayload {
    /// Every claim, by name.
    var values: JSONObject

    /// `exp`, which a token must carry.
    var expires: Date? {
        guard let seconds = values["exp"]?.numberValue else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let object = try container.decode(ClaimValue.self)
        guard case .object(let values) = object.json else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not an object") }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ClaimValue(json: .object(values)))
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        let now = Date()
        guard let expires, expires > now else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "expired or no exp") }
        if let notBefore = values["nbf"]?.numberValue, Date(timeIntervalSince1970: notBefore) > now {
            throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not valid yet")
        }
    }
}

/// Any JSON value through Codable, for claims whose names are only known at run time.
struct ClaimValue: Codable {
    var json: JSONValue

    init(json: JSONValue) { self.json = json }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(ClaimValue.self).json) }
            json = .array(items)
        } else if let object = try? decoder.container(keyedBy: ClaimKey.self) {
            var result = JSONObject()
            for key in object.allKeys { result.appendUnchecked(key.stringValue, try object.decode(ClaimValue.self, forKey: key).json) }
            json = .object(result)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                json = .null
            } else if let bool = try? single.decode(Bool.self) {
                json = .bool(bool)
            } else if let integer = try? single.decode(Int64.self) {
                json = .integer(integer)
            } else if let double = try? single.decode(Double.self) {
                json = .double(double)
            } else {
                json = .string(try single.decode(String.self))
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch json {
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(ClaimValue(json: item)) }
        case .object(let object):
            var container = encoder.container(keyedBy: ClaimKey.self)
            for member in object { try container.encode(ClaimValue(json: member.value), forKey: ClaimKey(stringValue: member.key)) }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        default:
            var container = encoder.singleValueContainer()
            try container.encode(json.numberValue ?? 0)
        }
    }

    struct ClaimKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
