import HummingbirdCore
import Testing

@testable import SchemaRegistryServer

/// The one-pass target parser must read every target exactly as splitting Hummingbird's
/// `URI` path and query did.
@Suite("Request targets")
struct RequestPathTests {
    static let targets = [
        "/", "/subjects", "/subjects/", "/subjects/a%2Fb/versions", "/subjects/a%2Fb/versions/", "//subjects",
        "/subjects//versions", "/a//", "/schemas/ids/1?subject=x&format=resolved", "/schemas/ids/1?", "/schemas?a=1&a=2&b",
        "/subjects?deleted=true#fragment", "/x#y", "/q?name=a+b%20c&empty=&=v", "/%E2%82%AC/%7e", "/caf\u{E9}/x",
        "http://localhost:8081/subjects/s?x=1", "http://localhost:8081",
    ]

    @Test("targets split as Hummingbird's URI splits them")
    func sameAsURI() {
        for target in Self.targets {
            let uri = URI(target)
            #expect(RequestPath(target: target) == RequestPath(rawPath: uri.path, rawQuery: uri.query), "\(target)")
        }
    }

    @Test("segments are decoded one by one, so an escaped slash stays inside its segment")
    func escapedSlash() throws {
        let path = try #require(RequestPath(target: "/subjects/a%2Fb/versions/?deleted=TRUE"))
        #expect(path.segments == ["subjects", "a/b", "versions"])
        #expect(path.query.bool("deleted"))
    }

    @Test("a malformed escape is no path at all")
    func malformedEscape() {
        #expect(RequestPath(target: "/subjects/a%2") == nil)
        #expect(RequestPath(target: "/subjects/%zz") == nil)
        #expect(RequestPath(target: "/subjects/%FF") == nil)
    }
}
