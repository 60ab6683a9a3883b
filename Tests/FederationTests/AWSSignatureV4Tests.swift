@testable import Federation
import Foundation
import JSONModel
import Testing

/// Our Signature Version 4 against botocore's for the same requests
/// (`Fixtures/sigv4-botocore.json`, written by `Tests/Federation/make_sigv4_vectors.py`).
@Suite struct AWSSignatureV4Tests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var object: JSONObject
        var testDescription: String { object["name"]?.stringValue ?? "?" }
        func string(_ key: String) -> String? { object[key]?.stringValue }
    }

    static let vectors: [Vector] = {
        guard let url = Bundle.module.url(forResource: "sigv4-botocore", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url), let json = try? JSONParser().parse(Array(data))
        else { return [] }
        return (json.objectValue?["vectors"]?.arrayValue ?? []).compactMap(\.objectValue).map(Vector.init)
    }()

    @Test func theFixtureHoldsVectors() {
        #expect(Self.vectors.count >= 6)
    }

    @Test(arguments: vectors)
    func signaturesMatchBotocore(vector: Vector) throws {
        let url = try #require(vector.string("url"))
        let (host, path) = GlueClient.hostAndPath(of: url)
        var headers = [("Host", host)]
        for member in vector.object["headers"]?.objectValue ?? [:] { headers.append((member.key, member.value.stringValue ?? "")) }
        let query = (vector.object["query_pairs"]?.arrayValue ?? []).compactMap { pair -> (String, String)? in
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue else { return nil }
            return (name, value)
        }
        let signer = AWSSignatureV4(
            credentials: .init(
                accessKeyID: try #require(vector.string("access_key")), secretAccessKey: try #require(vector.string("secret_key")),
                sessionToken: vector.string("session_token")),
            region: try #require(vector.string("region")), service: try #require(vector.string("service")))
        let added = signer.signatureHeaders(
            method: try #require(vector.string("method")), path: path, query: query, headers: headers,
            body: Array((vector.string("body") ?? "").utf8), amzDate: try #require(vector.string("amz_date")))
        let expected = try #require(vector.object["expected"]?.objectValue?["added_headers"]?.objectValue)
        #expect(added.count == expected.count)
        for (name, value) in added {
            #expect(expected[name]?.stringValue == value, "\(name)")
        }
    }

    @Test func datesAreWrittenInUTC() {
        #expect(AWSSignatureV4.amzDate(secondsSince1970: 0) == "19700101T000000Z")
        #expect(AWSSignatureV4.amzDate(secondsSince1970: 1_796_299_200) == "20261203T120000Z")
        #expect(AWSSignatureV4.amzDate(secondsSince1970: 951_782_400) == "20000229T000000Z")
    }

    @Test func hostKeepsOnlyAPortThatIsNotTheSchemesDefault() {
        #expect(GlueClient.hostAndPath(of: "https://glue.us-east-1.amazonaws.com") == ("glue.us-east-1.amazonaws.com", "/"))
        #expect(GlueClient.hostAndPath(of: "https://glue.example:443/") == ("glue.example", "/"))
        #expect(GlueClient.hostAndPath(of: "http://127.0.0.1:5000/a%20b?x=1") == ("127.0.0.1:5000", "/a%20b"))
    }
}
