import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import JSONModel
import SchemaRegistryCore
@_spi(Testing) import SchemaRegistryServer
import Testing

/// Access rules: who may read, write, delete, change config or administer which subjects, in
/// which contexts. Every rule kind is a test, and one matrix sends every endpoint as every
/// principal and checks that exactly the allowed ones are served.
@Suite("Authorization by access rules")
struct AuthorizationTests {
    /// One user per role, all with the password `pw`.
    static let users: UsersFile = {
        var users = UsersFile()
        let hash = Bcrypt.hash("pw", cost: 4)
        for name in ["root", "reader", "writer", "deleter", "configurer", "outsider", "prodreader", "nobody"] { users.set(name, hash: hash) }
        return users
    }()

    static let rules = """
        groups:
          ops: [root]
        rules:
          - principals: ["group:ops"]
            operations: [admin]
            subjects: ["*"]
            contexts: ["*"]
            global: true
          - principals: [reader]
            operations: [read]
            subjects: ["orders-*"]
          - principals: [writer]
            operations: [read, write]
            subjects: ["orders-*"]
          - principals: [deleter]
            operations: [delete]
            subjects: ["orders-*"]
          - principals: [configurer]
            operations: [config]
            subjects: ["orders-*"]
          - principals: [outsider]
            operations: [read]
            subjects: ["payments-*"]
          - principals: [prodreader]
            operations: [read]
            subjects: ["*"]
            contexts: [".prod"]
        """

    static func policy() throws -> AccessPolicy {
        try JSONDecoder().decode(AccessPolicy.self, from: Data(Self.rulesAsJSON.utf8))
    }

    /// The same rules as JSON (the server's decoder takes any format; the CLI reads YAML).
    static let rulesAsJSON = """
        {"groups": {"ops": ["root"]}, "rules": [
          {"principals": ["group:ops"], "operations": ["admin"], "subjects": ["*"], "contexts": ["*"], "global": true},
          {"principals": ["reader"], "operations": ["read"], "subjects": ["orders-*"]},
          {"principals": ["writer"], "operations": ["read", "write"], "subjects": ["orders-*"]},
          {"principals": ["deleter"], "operations": ["delete"], "subjects": ["orders-*"]},
          {"principals": ["configurer"], "operations": ["config"], "subjects": ["orders-*"]},
          {"principals": ["outsider"], "operations": ["read"], "subjects": ["payments-*"]},
          {"principals": ["prodreader"], "operations": ["read"], "subjects": ["*"], "contexts": [".prod"]}
        ]}
        """

    static func basic(_ user: String) -> String { "Basic " + Data("\(user):pw".utf8).base64EncodedString() }

    func withServer(auditLog: AuditLog? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let registry = try await Registry(store: MemoryRegistryStore())
        let control = AccessControl(authenticator: Authenticator(users: Self.users), policy: try Self.policy())
        let responder = RegistryResponder(registry: RegistryBox(registry), accessControl: control, auditLog: auditLog)
        let app = Application(
            responder: responder, server: responder.httpServer(), configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await seed(client)
            try await body(client)
        }
    }

    func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, as user: String?, body: String? = nil)
        async throws -> (status: Int, text: String)
    {
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.schemaregistry.v1+json"
        if let user { headers[.authorization] = Self.basic(user) }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return (Int(response.status.code), String(buffer: response.body))
    }

    static func schema(_ text: String) -> String {
        JSONWriter.string(.object(["schema": .string(text)]))
    }

    /// orders-value (ids 1, 2), orders-old (3), payments-value (4), and in `.prod`
    /// orders-value and orders-prodonly (ids 1 and 2 of that context).
    func seed(_ client: any TestClientProtocol) async throws {
        let compatibility = try await call(client, .put, "/config/orders-value", as: "root", body: #"{"compatibility":"NONE"}"#)
        #expect(compatibility.status == 200)
        for (subject, schema) in [
            ("orders-value", #""string""#), ("orders-value", #""int""#), ("orders-old", #""long""#), ("payments-value", #""double""#),
            (":.prod:orders-value", #""string""#), (":.prod:orders-prodonly", #""bytes""#),
        ] {
            let reply = try await call(client, .post, "/subjects/\(subject)/versions", as: "root", body: Self.schema(schema))
            #expect(reply.status == 200, "\(subject): \(reply.text)")
        }
    }

    /// Every endpoint, with the principals that may call it. Writes come after the reads they
    /// would disturb; each request is sent first as every principal it must refuse, then as
    /// one it must serve, so a refused request that had been carried out would show.
    static let matrix: [(method: HTTPRequest.Method, path: String, body: String?, allowed: Set<String>)] = {
        let everyone: Set<String> = ["root", "reader", "writer", "deleter", "configurer", "outsider", "prodreader", "nobody"]
        let ordersReaders: Set<String> = ["root", "reader", "writer"]
        return [
            (.get, "/", nil, everyone),
            (.get, "/v1/metadata/id", nil, everyone),
            (.get, "/v1/metadata/version", nil, everyone),
            (.get, "/schemas/types", nil, everyone),
            (.get, "/subjects", nil, everyone),
            (.get, "/schemas", nil, everyone),
            (.get, "/subjects/orders-value/versions", nil, ordersReaders),
            (.get, "/subjects/orders-value/versions/1", nil, ordersReaders),
            (.get, "/subjects/orders-value/versions/latest/schema", nil, ordersReaders),
            (.get, "/subjects/orders-value/versions/1/referencedby", nil, ordersReaders),
            (.get, "/subjects/orders-value/metadata", nil, ordersReaders),
            (.post, "/subjects/orders-value", schema(#""string""#), ordersReaders),
            (.post, "/compatibility/subjects/orders-value/versions/latest", schema(#""string""#), ordersReaders),
            (.post, "/compatibility/subjects/orders-value/versions", schema(#""string""#), ordersReaders),
            (.get, "/subjects/payments-value/versions", nil, ["root", "outsider"]),
            (.get, "/subjects/:.prod:orders-value/versions", nil, ["root", "prodreader"]),
            (.get, "/contexts/.prod/subjects/orders-value/versions/1", nil, ["root", "prodreader"]),
            // Only in `.prod`: a bare name falls back to it, so both contexts must be readable.
            (.get, "/subjects/orders-prodonly/versions", nil, ["root"]),
            (.get, "/schemas/ids/1", nil, ordersReaders),
            (.get, "/schemas/ids/1/schema", nil, ordersReaders),
            (.get, "/schemas/ids/1/subjects", nil, ordersReaders),
            (.get, "/schemas/ids/1/versions", nil, ordersReaders),
            (.get, "/schemas/ids/4", nil, ["root", "outsider"]),
            (.get, "/schemas/ids/2?subject=:.prod:x", nil, ["root", "prodreader"]),
            (.get, "/config/orders-value", nil, ordersReaders),
            (.get, "/mode/orders-value", nil, ordersReaders),
            (.get, "/config", nil, ["root"]),
            (.get, "/mode", nil, ["root"]),
            (.get, "/contexts", nil, ["root"]),
            (.get, "/associations/subjects/orders-value", nil, ordersReaders),
            (.get, "/associations/resources/r1", nil, ["root"]),
            (.post, "/subjects/orders-value/versions", schema(#"{"type":"record","name":"R","fields":[]}"#), ["root", "writer"]),
            (.post, "/subjects/orders-value/versions/1/tags", #"{"tagsToAdd":[]}"#, ["root", "writer"]),
            (.put, "/config/orders-value", #"{"compatibility":"NONE"}"#, ["root", "configurer"]),
            (.delete, "/config/orders-value", nil, ["root", "configurer"]),
            (.put, "/mode/orders-value", #"{"mode":"READWRITE"}"#, ["root", "configurer"]),
            (.put, "/mode/orders-value", #"{"mode":"import"}"#, ["root"]),
            (.delete, "/mode/orders-value", nil, ["root", "configurer"]),
            (.put, "/config", #"{"compatibility":"BACKWARD"}"#, ["root"]),
            (.put, "/mode", #"{"mode":"READWRITE"}"#, ["root"]),
            (.post, "/associations", #"{"resourceName":"t","resourceNamespace":"n","resourceId":"r1","associations":[]}"#, ["root"]),
            (.delete, "/subjects/orders-value/versions/2", nil, ["root", "deleter"]),
            (.delete, "/subjects/orders-old", nil, ["root", "deleter"]),
            (.delete, "/subjects/payments-value", nil, ["root"]),
            (.delete, "/contexts/.empty", nil, ["root"]),
        ]
    }()

    @Test("every endpoint as every principal: the allowed are served, the others get 403 40301 and change nothing")
    func matrixOfEveryEndpoint() async throws {
        try await withServer { client in
            for entry in Self.matrix {
                let denied = Set(Self.users.names).subtracting(entry.allowed)
                for user in denied.sorted() {
                    let reply = try await call(client, entry.method, entry.path, as: user, body: entry.body)
                    #expect(reply.status == 403, "\(entry.method) \(entry.path) as \(user): \(reply.status) \(reply.text)")
                    #expect(reply.text.hasPrefix(#"{"error_code":40301,"message":"User is denied operation "#), "\(reply.text)")
                }
                let unauthenticated = try await call(client, entry.method, entry.path, as: nil, body: entry.body)
                #expect(unauthenticated.status == 401, "\(entry.method) \(entry.path) without credentials")
                for user in entry.allowed.sorted() {
                    let reply = try await call(client, entry.method, entry.path, as: user, body: entry.body)
                    #expect(reply.status != 403 && reply.status != 401, "\(entry.method) \(entry.path) as \(user): \(reply.status) \(reply.text)")
                }
            }
        }
    }

    @Test("the matrix sends every route of the API, and every route has an entry in the access table")
    func matrixCoversEveryRoute() throws {
        let responder = RegistryResponder(registry: RegistryBox())
        let sent = Set(Self.matrix.compactMap { responder.routeSignature(method: $0.method, target: $0.path) })
        let missing = responder.routeSignatures.filter { !sent.contains($0) && !Self.coveredElsewhere.contains($0) }
        #expect(missing.isEmpty, "routes no request of the matrix reaches: \(missing)")
        #expect(responder.routesWithoutAccessEntry.isEmpty)
    }

    /// Routes whose access other tests of this suite prove.
    static let coveredElsewhere: Set<String> = [
        "POST /", "GET /v1/metadata/deployment", "GET /schemas/guids/{guid}", "GET /schemas/guids/{guid}/ids", "DELETE /config",
        "DELETE /mode", "GET /associations/resources/{resourceNamespace}/{resourceName}", "PUT /associations/resources/{resourceId}",
        "DELETE /associations/resources/{resourceId}", "POST /associations:batchGet", "POST /associations:batchMutate",
    ]
}

extension AuthorizationTests {
    @Test("listings show only the subjects the principal may read, and page after filtering")
    func listingsAreFiltered() async throws {
        try await withServer { client in
            let asReader = try await call(client, .get, "/subjects", as: "reader")
            #expect(asReader.text == #"["orders-old","orders-value"]"#)
            let asOutsider = try await call(client, .get, "/subjects", as: "outsider")
            #expect(asOutsider.text == #"["payments-value"]"#)
            let asProdReader = try await call(client, .get, "/subjects?subjectPrefix=:*:", as: "prodreader")
            #expect(asProdReader.text == #"[":.prod:orders-prodonly",":.prod:orders-value"]"#)
            let nothing = try await call(client, .get, "/subjects", as: "nobody")
            #expect(nothing.text == "[]")
            let paged = try await call(client, .get, "/subjects?offset=1&limit=1", as: "reader")
            #expect(paged.text == #"["orders-value"]"#)
            let schemas = try await call(client, .get, "/schemas", as: "outsider")
            #expect(schemas.text.contains(#""subject":"payments-value""#) && !schemas.text.contains("orders"))
            let usedBy = try await call(client, .get, "/schemas/ids/1/versions?subject=:.prod:", as: "prodreader")
            #expect(usedBy.text == #"[{"subject":":.prod:orders-value","version":1}]"#)
        }
    }

    @Test("a schema by GUID is readable through any id that carries it")
    func guid() async throws {
        try await withServer { client in
            let byID = try await call(client, .get, "/schemas/ids/4", as: "root")
            let guid = try #require(try JSONParser().parse(Array(byID.text.utf8)).objectValue?["guid"]?.stringValue)
            for (user, allowed) in [("outsider", true), ("reader", false), ("root", true)] {
                let schema = try await call(client, .get, "/schemas/guids/\(guid)", as: user)
                let ids = try await call(client, .get, "/schemas/guids/\(guid)/ids", as: user)
                #expect((schema.status == 200) == allowed && (ids.status == 200) == allowed, "\(user): \(schema.status) \(ids.status)")
            }
        }
    }

    @Test("associations by resource and in batches are registry-wide: read or write globally")
    func associationsAreGlobal() async throws {
        try await withServer { client in
            for (method, path, body) in [
                (HTTPRequest.Method.get, "/associations/resources/n/t", nil), (.put, "/associations/resources/r1", "{}"),
                (.delete, "/associations/resources/r1", nil), (.post, "/associations:batchGet", "{}"), (.post, "/associations:batchMutate", "{}"),
            ] as [(HTTPRequest.Method, String, String?)] {
                let denied = try await call(client, method, path, as: "writer", body: body)
                let allowed = try await call(client, method, path, as: "root", body: body)
                #expect(denied.status == 403 && allowed.status != 403, "\(method) \(path): \(denied.status) \(allowed.status)")
            }
            for (method, path) in [(HTTPRequest.Method.delete, "/config"), (.delete, "/mode"), (.get, "/v1/metadata/deployment")] {
                let asConfigurer = try await call(client, method, path, as: "configurer")
                #expect((asConfigurer.status == 403) == (path != "/v1/metadata/deployment"), "\(path): \(asConfigurer.status)")
            }
            let root = try await call(client, .post, "/", as: "nobody", body: "{}")
            #expect(root.status == 200)
        }
    }

    @Test("the 403 names the operation and the subject as Confluent does")
    func deniedMessage() async throws {
        try await withServer { client in
            let reply = try await call(client, .post, "/subjects/orders-value/versions", as: "reader", body: Self.schema(#""string""#))
            #expect(reply.text == #"{"error_code":40301,"message":"User is denied operation Write on Subject: orders-value"}"#)
            let global = try await call(client, .put, "/config", as: "configurer", body: #"{"compatibility":"NONE"}"#)
            #expect(global.text == #"{"error_code":40301,"message":"User is denied operation Config on Global"}"#)
            let imports = try await call(client, .put, "/mode/orders-value", as: "configurer", body: #"{"mode":"IMPORT"}"#)
            #expect(imports.text == #"{"error_code":40301,"message":"User is denied operation Admin on Subject: orders-value"}"#)
        }
    }

    @Test("the audit log has one line per write and per denial, none for reads")
    func auditLog() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withServer(auditLog: try AuditLog(destination: path)) { client in
            _ = try await call(client, .get, "/subjects/orders-value/versions", as: "reader")
            _ = try await call(client, .post, "/subjects/orders-value/versions", as: "reader", body: Self.schema(#""string""#))
            _ = try await call(client, .delete, "/subjects/orders-old", as: "deleter")
            _ = try await call(client, .get, "/subjects", as: nil)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser().parse(Array($0.utf8)) }
        // The seed's six registrations and one config change, then the three audited requests.
        #expect(lines.count == 10)
        let last = lines.suffix(3).map { line in
            ["principal", "operation", "subject", "status", "outcome"].map { key in line.objectValue?[key].map(JSONWriter.string) ?? "-" }
        }
        #expect(
            last == [
                [#""reader""#, #""write""#, #""orders-value""#, "403", #""denied""#],
                [#""deleter""#, #""delete""#, #""orders-old""#, "200", #""success""#],
                ["null", "null", "null", "401", #""denied""#],
            ])
        #expect(lines.first?.objectValue?["time"]?.stringValue?.hasSuffix("Z") == true)
    }
}

/// The rules file: its shape, and the mistakes it refuses.
@Suite("Access rules file")
struct AccessRulesFileTests {
    func decode(_ json: String) throws -> AccessPolicy {
        try JSONDecoder().decode(AccessPolicy.self, from: Data(json.utf8))
    }

    @Test("patterns: * any run, ? one character, the rest literal; a context's own scope only under a pattern matching the empty name")
    func patterns() {
        #expect(NamePattern("orders-*").matches("orders-value"))
        #expect(NamePattern("orders-*").matches("orders-"))
        #expect(!NamePattern("orders-*").matches("order-value"))
        #expect(NamePattern("*-value").matches("orders-value") && !NamePattern("*-value").matches("orders-key"))
        #expect(NamePattern("a?c").matches("abc") && !NamePattern("a?c").matches("ac"))
        #expect(NamePattern("*a*b*").matches("xxaxxbxx") && !NamePattern("*a*b*").matches("xxbxxaxx"))
        #expect(NamePattern("*").matches("") && !NamePattern("orders-*").matches(""))
        #expect(NamePattern("exact").matches("exact") && !NamePattern("exact").matches("exactly"))
    }

    @Test("a rule reaches subjects in the default context unless it names contexts; admin implies every operation")
    func ruleScope() throws {
        let policy = try decode(
            #"{"rules":[{"principals":["a"],"operations":["read"],"subjects":["x-*"]},{"principals":["b"],"operations":["admin"],"subjects":["*"],"contexts":["prod"]}]}"#
        )
        let a = Principal(name: "a"), b = Principal(name: "b")
        #expect(policy.permits(a, .read, subject: QualifiedSubject(parsing: "x-1")))
        #expect(!policy.permits(a, .read, subject: QualifiedSubject(parsing: ":.other:x-1")))
        #expect(!policy.permits(a, .write, subject: QualifiedSubject(parsing: "x-1")))
        #expect(policy.permits(b, .delete, subject: QualifiedSubject(parsing: ":.prod:anything")))
        #expect(policy.permits(b, .config, subject: QualifiedSubject(context: ".prod", name: "")))
        #expect(!policy.permits(b, .read, subject: QualifiedSubject(parsing: "anything")))
        #expect(!policy.permitsGlobally(b, .read))
    }

    @Test("groups come from the file or from the credential; * names every authenticated principal")
    func groups() throws {
        let policy = try decode(
            #"{"groups":{"team":["carol"]},"rules":[{"principals":["group:team"],"operations":["write"],"subjects":["t-*"]},{"principals":["*"],"operations":["read"],"subjects":["public-*"]}]}"#
        )
        let subject = QualifiedSubject(parsing: "t-1")
        #expect(policy.permits(Principal(name: "carol"), .write, subject: subject))
        #expect(policy.permits(Principal(name: "dave", groups: ["team"]), .write, subject: subject))
        #expect(!policy.permits(Principal(name: "dave"), .write, subject: subject))
        #expect(policy.permits(Principal(name: "anyone"), .read, subject: QualifiedSubject(parsing: "public-x")))
    }

    @Test("unknown keys, unknown operations, rules without principals or resources are refused with where they are")
    func refusals() {
        for (json, words) in [
            (#"{"rules":[{"principals":["a"],"operations":["wirte"],"subjects":["*"]}]}"#, "unknown operation 'wirte'"),
            (#"{"rules":[{"principals":["a"],"operations":["read"],"subject":["*"]}]}"#, "unknown key 'subject'"),
            (#"{"rules":[{"principals":[],"operations":["read"],"subjects":["*"]}]}"#, "at least one principal"),
            (#"{"rules":[{"principals":["a"],"operations":["read"]}]}"#, "subjects, global: true, or both"),
            (#"{"rules":[], "users":[]}"#, "unknown key 'users'"),
        ] {
            #expect(throws: DecodingError.self, "\(words)") { try decode(json) }
            do {
                _ = try decode(json)
            } catch let DecodingError.dataCorrupted(context) {
                #expect(context.debugDescription.contains(words), "\(context.debugDescription)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
