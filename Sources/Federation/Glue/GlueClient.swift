import Foundation
import JSONModel
import NIOHTTP1

/// AWS Glue's API over the AWS JSON 1.1 protocol: `POST /` with the action in `X-Amz-Target`
/// and a JSON body, signed with Signature Version 4.
struct GlueClient: Sendable {
    /// `https://glue.us-east-1.amazonaws.com`, or a test server's address.
    var endpoint: String
    var signer: AWSSignatureV4
    var http: BackendHTTP

    /// Calls `action` (`ListSchemas`) with `parameters` and returns the answer's object.
    ///
    /// - Throws: Glue's errors by their `__type`: `EntityNotFoundException` as `.notFound`,
    ///   refused credentials as `.unauthorized`, throttling as a retryable `.upstream(429)`.
    func call(_ action: String, _ parameters: JSONObject) async throws(FederationError) -> JSONObject {
        let body = Array(JSONWriter.string(.object(parameters)).utf8)
        let (host, path) = Self.hostAndPath(of: endpoint)
        var headers = [
            ("Host", host), ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSGlue.\(action)"),
        ]
        let now = Int64(Date().timeIntervalSince1970)
        headers += signer.signatureHeaders(method: "POST", path: path, headers: headers, body: body, amzDate: AWSSignatureV4.amzDate(secondsSince1970: now))
        let response = try await http.send(.POST, url: endpoint, headers: headers, body: body)
        let answer = try? response.json().objectValue
        guard (200..<300).contains(response.status) else {
            let type = answer?["__type"]?.stringValue.map { String($0.split(separator: "#").last ?? "") } ?? ""
            let message = answer?["message"]?.stringValue ?? answer?["Message"]?.stringValue ?? "\(type.isEmpty ? "error" : type)"
            let text = type.isEmpty ? message : "\(type): \(message)"
            switch type {
            case "EntityNotFoundException": throw .notFound(text)
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
                "MissingAuthenticationTokenException", "IncompleteSignature", "InvalidClientTokenId", "SignatureDoesNotMatch":
                // AWS's text for these can quote the canonical request (with the session token) or
                // the Authorization header: only the type is passed on.
                throw .unauthorized(status: response.status, message: "\(type): AWS refused the credentials or the signature")
            case "ThrottlingException": throw .upstream(status: 429, message: text)
            default:
                if response.status == 401 || response.status == 403 {
                    throw .unauthorized(status: response.status, message: "\(type.isEmpty ? "HTTP \(response.status)" : type): access refused")
                }
                throw .upstream(status: response.status, message: text)
            }
        }
        guard let answer else { throw .invalidResponse("\(action): the answer is not a JSON object") }
        return answer
    }

    /// Every page of a listing action (`NextToken` until absent), the items under `key`. A
    /// token seen before would loop forever: it is an invalid answer.
    func listAll(_ action: String, _ parameters: JSONObject, key: String) async throws(FederationError) -> [JSONObject] {
        var items: [JSONObject] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            var page = parameters
            page["MaxResults"] = 100
            if let token { page["NextToken"] = .string(token) }
            let answer = try await call(action, page)
            items += (answer[key]?.arrayValue ?? []).compactMap(\.objectValue)
            token = answer["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            if let token, !seen.insert(token).inserted {
                throw .invalidResponse("\(action) answered the same NextToken twice")
            }
        } while token != nil
        return items
    }

    /// The `Host` header and path to sign for an endpoint URL; the port is kept only when it is
    /// not the scheme's default, as HTTP clients send it.
    static func hostAndPath(of url: String) -> (host: String, path: String) {
        var rest = Substring(url)
        var defaultPort = "443"
        if rest.hasPrefix("https://") {
            rest = rest.dropFirst(8)
        } else if rest.hasPrefix("http://") {
            rest = rest.dropFirst(7)
            defaultPort = "80"
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = rest.dropFirst(authority.count).prefix { $0 != "?" }
        var host = String(authority)
        if host.hasSuffix(":\(defaultPort)") { host.removeLast(defaultPort.count + 1) }
        return (host, path.isEmpty ? "/" : String(path))
    }
}
