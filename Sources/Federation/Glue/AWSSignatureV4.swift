import Crypto
import func Digest.hexString

/// AWS Signature Version 4 for one request, written from AWS's published algorithm (no AWS SDK
/// exists for Swift on this platform): canonical request, string to sign, HMAC-SHA256 key
/// chain. Checked against botocore's signatures for the same requests.
public struct AWSSignatureV4: Sendable {
    /// Long-term or temporary credentials.
    public struct Credentials: Sendable {
        public var accessKeyID: String
        public var secretAccessKey: String
        /// Present for temporary credentials; sent as `X-Amz-Security-Token` and signed.
        public var sessionToken: String?

        /// Creates credentials.
        public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    public var credentials: Credentials
    /// `us-east-1`.
    public var region: String
    /// `glue`.
    public var service: String

    /// Creates a signer.
    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to a request: `X-Amz-Date`, `X-Amz-Security-Token` when there is a
    /// session token, and `Authorization`.
    ///
    /// - Parameters:
    ///   - method: `POST`.
    ///   - path: the path as sent on the wire (already percent-encoded), `/` for Glue.
    ///   - query: the query's name/value pairs, not encoded.
    ///   - headers: every header that will be sent and signed, `Host` included.
    ///   - body: the body's bytes.
    ///   - amzDate: the time as `20261203T120000Z`.
    public func signatureHeaders(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8], amzDate: String
    ) -> [(String, String)] {
        var added: [(String, String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let signed = canonicalHeaders(headers + added)
        let canonicalRequest = [
            method, Self.percentEncode(path.isEmpty ? "/" : path, keepingSlashes: true), canonicalQuery(query),
            signed.map { "\($0.name):\($0.value)\n" }.joined(), signed.map(\.name).joined(separator: ";"), hexString(SHA256.hash(data: body)),
        ].joined(separator: "\n")
        let date = String(amzDate.prefix(8))
        let scope = "\(date)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, hexString(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        let signature = hexString(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        added.append((
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signed.map(\.name).joined(separator: ";")), Signature=\(signature)"
        ))
        return added
    }

    /// Headers proxies may add or change on the way, which AWS's SDKs leave unsigned.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "connection", "content-length"]

    /// Lower-case names, values with runs of spaces collapsed, sorted by name; repeated names
    /// joined with commas.
    func canonicalHeaders(_ headers: [(String, String)]) -> [(name: String, value: String)] {
        var byName: [String: [String]] = [:]
        for (name, value) in headers where !Self.unsignedHeaders.contains(name.lowercased()) {
            let trimmed = value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            byName[name.lowercased(), default: []].append(trimmed)
        }
        return byName.keys.sorted().map { ($0, byName[$0]!.joined(separator: ",")) }
    }

    /// Pairs encoded with the unreserved set and sorted by name, then value.
    func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (Self.percentEncode($0.0, keepingSlashes: false), Self.percentEncode($0.1, keepingSlashes: false)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` (and `/` when asked) as `%XX`.
    public static func percentEncode(_ text: String, keepingSlashes: Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                out.append("/")
            default:
                out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `YYYYMMDDTHHMMSSZ` for a time in seconds since 1970 (UTC), without Foundation's formatters.
    public static func amzDate(secondsSince1970 seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)\(two(month))\(two(day))T\(two(secondOfDay / 3600))\(two(secondOfDay % 3600 / 60))\(two(secondOfDay % 60))Z"
    }
}
