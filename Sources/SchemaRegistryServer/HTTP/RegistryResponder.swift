import HTTPTypes
import Hummingbird
import HummingbirdCore
import JSONModel
import NIOCore
import SchemaRegistryCore
import Synchronization

/// The HTTP front of the registry: Confluent's REST API v1 plus health endpoints.
///
/// Routing is done here rather than with Hummingbird's router because Confluent's paths need
/// percent-decoding per segment (subjects with `/`), context prefixes rewritten into
/// subjects, 405 for known paths with other methods, and its exact error bodies everywhere.
public struct RegistryResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let registryBox: RegistryBox
    let maximumBodySize: Int
    let routes: [Route]
    /// Each route's metrics label, by its index in `routes`.
    let routeLabels: [String]
    /// Each route's access under a policy, by its index in `routes`.
    let routeAccess: [RouteAccess]
    let caches = ResponseCaches()
    /// Counts requests and serves `/metrics`; `nil` leaves both out.
    let metrics: RegistryMetrics?
    /// One log line per answered request, when its level is enabled.
    let requestLog: RequestLog?
    /// Who may call; `nil` lets everyone.
    let accessControl: AccessControl?
    /// Where writes and denials are recorded; `nil` for nowhere.
    let auditLog: AuditLog?
    /// Request rates and the request timeout.
    let limits: RequestLimits
    /// The principals' buckets, when their rate is limited.
    let principalLimiter: PrincipalRateLimiter?

    /// Creates the responder.
    ///
    /// - Parameters:
    ///   - registry: holds the registry once loaded; until then the API answers 503 and
    ///     `/health/ready` says not ready.
    ///   - maximumBodySize: larger request bodies are answered with 413.
    ///   - metrics: where requests are counted, served at `GET /metrics`; `nil` for neither.
    ///   - requestLog: where a line per request goes; `nil` for none.
    ///   - accessControl: the credentials requests must carry, and the rules; `nil` for none.
    ///   - auditLog: where every write and denial is recorded; `nil` for nowhere.
    ///   - limits: request rates (429 beyond) and the request timeout; none by default.
    public init(
        registry: RegistryBox, maximumBodySize: Int = 16 * 1024 * 1024, metrics: RegistryMetrics? = nil, requestLog: RequestLog? = nil,
        accessControl: AccessControl? = nil, auditLog: AuditLog? = nil, limits: RequestLimits = RequestLimits()
    ) {
        self.limits = limits
        self.principalLimiter = limits.principalRequestsPerSecond.map { PrincipalRateLimiter(rate: $0) }
        self.accessControl = accessControl
        self.auditLog = auditLog
        self.registryBox = registry
        self.maximumBodySize = maximumBodySize
        self.routes = Self.buildRoutes(registry)
        self.routeLabels = routes.map(\.label)
        self.routeAccess = routes.map { RouteAccess.of(method: $0.method.rawValue, label: $0.label) }
        self.metrics = metrics
        self.requestLog = requestLog.flatMap { $0.isEnabled ? $0 : nil }
    }

    /// `GET /openapi.json`: the OpenAPI 3.1 description of this API, as the repository holds it
    /// (`OpenAPI/openapi.json`, embedded at build time).
    static let openAPIDocument = ByteBuffer(string: OpenAPIDocument.text)

    /// The seconds a request over its connection's or its principal's rate must wait; `nil`
    /// when it may go on (health checks and `/metrics` always may).
    func rateLimitWait(_ head: RequestHead, _ segments: [String], principal: Principal?, counted: inout Bool) -> Int? {
        guard limits.connectionRequestsPerSecond != nil || principalLimiter != nil else { return nil }
        counted = true
        if segments == ["metrics"] || (segments.count == 2 && segments[0] == "health") { return nil }
        if limits.connectionRequestsPerSecond != nil, let wait = head.retryAfter { return wait }
        if let principalLimiter, let principal { return principalLimiter.take(principal.name) }
        return nil
    }

    /// Reports an answered request to the metrics, the request log and the audit log.
    func finished(_ head: RequestHead, _ trace: RequestTrace, status: Int, since started: ContinuousClock.Instant) {
        if let auditLog, AuditLog.records(status: status, operation: trace.operation) {
            auditLog.record(
                principal: trace.principal?.name, operation: trace.operation, method: head.method.rawValue, target: head.target, route: trace.route,
                subject: trace.subject, status: status)
        }
        guard metrics != nil || requestLog != nil else { return }
        let duration = ContinuousClock.now - started
        metrics?.recordRequest(route: trace.route, method: head.method.rawValue, status: status, duration: duration)
        requestLog?.record(
            method: head.method.rawValue, target: head.target, route: trace.route, status: status, duration: duration,
            principal: trace.principal?.name)
    }

    /// The HTTP/1.1 server to run this responder with: reads are answered on the connections'
    /// event loops (`InlineResponseHandler`), everything else by Hummingbird.
    ///
    /// - Parameter serverName: the `Server` header of inline answers; pass the application's
    ///   `serverName` so both paths send the same headers.
    /// - Parameter tls: TLS for every connection, and client certificates when it reads them
    ///   (`accessControl.acceptsClientCertificates` must then be set for them to authenticate).
    public func httpServer(serverName: String? = nil, tls: ListenerTLS? = nil) -> HTTPServerBuilder {
        HTTPServerBuilder { hummingbird in RegistryHTTP1Channel(responder: hummingbird, registry: self, serverName: serverName, tls: tls) }
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let head = RequestHead(request.head)
        var trace = RequestTrace()
        let reply = await answer(request, head, trace: &trace)
        finished(head, trace, status: reply.status.code, since: started)
        return Self.response(reply)
    }

    /// The reply to a request Hummingbird passed on, reading its body when the route needs it.
    private func answer(_ request: Request, _ head: RequestHead, trace: inout RequestTrace) async -> Reply {
        var decision = dispatch(head, body: nil, trace: &trace)
        if case .authenticate(let mediaType) = decision {
            guard let accessControl else { return Reply(APIError.notFound, mediaType: mediaType) }
            guard let principal = await accessControl.authenticator.verify(head.authorization) else {
                return .unauthorized(mediaType, challenge: accessControl.authenticator.challenge)
            }
            trace.principal = principal
            decision = dispatch(head, body: nil, trace: &trace)
        }
        if case .needsBody(let mediaType) = decision {
            var request = request
            do {
                let body = try await request.collectBody(upTo: maximumBodySize)
                decision = dispatch(head, body: body, trace: &trace)
            } catch {
                return Reply(APIError.payloadTooLarge, mediaType: mediaType)
            }
        }
        switch decision {
        case .reply(let reply):
            return reply
        case .task(let handler, let apiRequest, let mediaType):
            do {
                return Reply(try await handler(apiRequest), mediaType: mediaType)
            } catch {
                return Reply(error, mediaType: mediaType)
            }
        case .needsBody(let mediaType):
            return Reply(APIError.payloadTooLarge, mediaType: mediaType)
        case .authenticate(let mediaType):
            return .unauthorized(mediaType, challenge: accessControl?.authenticator.challenge ?? "")
        }
    }

    /// What to do with a request: everything up to and including `read` routes is decided
    /// here, synchronously, so the same code answers on the event loop
    /// (`InlineResponseHandler`) and in Hummingbird's task.
    ///
    /// The checks run in JAX-RS's order, which Confluent's answers follow: the path (404),
    /// the method (405), the request's content type (415), then the `Accept` header (406), so
    /// an unknown path is 404 whatever the client accepts.
    ///
    /// - Parameters:
    ///   - head: the request line and headers.
    ///   - body: the whole body, or `nil` when it has not been read yet; a POST or PUT then
    ///     gets `.needsBody` once the path, the media types and the content type are checked
    ///     (so those errors come first, as in Confluent).
    ///   - trace: gets the matched route's metrics label and the authenticated principal; a
    ///     principal already there (credentials just verified) skips the check.
    func dispatch(_ head: RequestHead, body: ByteBuffer?, trace: inout RequestTrace) -> Dispatch {
        let acceptable = ContentNegotiation.responseType(accept: head.accept)
        // Errors before negotiation are written in the default type, as Jersey's are.
        let mediaType = acceptable ?? .schemaRegistryV1
        do {
            guard let path = RequestPath(target: head.target) else { throw APIError.notFound }
            if let accessControl, trace.principal == nil, accessControl.protects(path.segments) {
                switch accessControl.decide(head) {
                case .allowed(let principal):
                    trace.principal = principal
                case .unauthenticated:
                    trace.route = "unauthenticated"
                    return .reply(.unauthorized(mediaType, challenge: accessControl.authenticator.challenge))
                case .needsVerification:
                    trace.route = "unauthenticated"
                    return .authenticate(mediaType)
                }
            }
            if !trace.rateCounted, let wait = rateLimitWait(head, path.segments, principal: trace.principal, counted: &trace.rateCounted) {
                trace.route = "rate_limited"
                return .reply(.tooManyRequests(mediaType, retryAfter: wait))
            }
            if let health = healthReply(path.segments, mediaType: mediaType) {
                trace.route = "/health/" + path.segments[1]
                return .reply(health)
            }
            if path.segments == ["openapi.json"], head.method == .get {
                trace.route = "/openapi.json"
                return .reply(Reply(.body(Self.openAPIDocument), mediaType: .json))
            }
            if let metrics, path.segments == ["metrics"], head.method == .get {
                trace.route = "/metrics"
                let box = registryBox
                let request = APIRequest(method: head.method, captures: [], query: path.query, body: ByteBuffer(), caches: caches)
                return .task({ _ in .body(ByteBuffer(bytes: await metrics.render(box.registry))) }, request, .prometheusText)
            }
            let (contextSegments, contextQuery) = try ContextPrefix.rewrite(path.segments, query: path.query)
            let (segments, query) = AliasFilter.rewrite(contextSegments, query: contextQuery, registry: registryBox.registry)
            let (index, captures) = try Self.route(for: head.method, segments, in: routes)
            let route = routes[index]
            trace.route = routeLabels[index]
            trace.operation = routeAccess[index].operation
            if routeAccess[index].namesSubject { trace.subject = captures.first }
            var requestBody = ByteBuffer()
            if head.method == .post || head.method == .put {
                guard ContentNegotiation.acceptsBody(contentType: head.contentType) else {
                    throw APIError.unsupportedMediaType
                }
            }
            guard let mediaType = acceptable else { throw APIError.notAcceptable }
            // Authorization after the media types, as a JAX-RS filter after resource matching
            // sees it, and before the body is read, so a denied write costs no upload (a mode
            // change is decided again once its body says whether it enters IMPORT).
            var visible: SubjectVisibility? = nil
            if let policy = accessControl?.policy, let principal = trace.principal {
                let decision = policy.decide(
                    routeAccess[index], principal: principal, captures: captures, query: query, body: body, registry: registryBox.registry)
                trace.operation = decision.operation
                guard decision.allowed else { throw decision.error }
                visible = decision.visible
            }
            if head.method == .post || head.method == .put {
                guard let body else { return .needsBody(mediaType) }
                requestBody = body
            }
            let apiRequest = APIRequest(method: head.method, captures: captures, query: query, body: requestBody, caches: caches, visible: visible)
            switch route.handler {
            case .read(let handler):
                return .reply(Reply(try handler(apiRequest), mediaType: mediaType))
            case .task(let handler):
                return .task(handler, apiRequest, mediaType)
            }
        } catch {
            return .reply(Reply(error, mediaType: mediaType))
        }
    }

    /// Every route as `METHOD /pattern`, in routing order.
    @_spi(Testing) public var routeSignatures: [String] {
        zip(routes, routeLabels).map { "\($0.method.rawValue) \($1)" }
    }

    /// The routes `RouteAccess.table` forgets (they are admin-only until it names them).
    @_spi(Testing) public var routesWithoutAccessEntry: [String] {
        routeSignatures.filter { RouteAccess.table[$0] == nil }
    }

    /// The route a request would take, as `METHOD /pattern`; `nil` for none (404, 405).
    @_spi(Testing) public func routeSignature(method: HTTPRequest.Method, target: String) -> String? {
        guard let path = RequestPath(target: target) else { return nil }
        guard let (contextSegments, contextQuery) = try? ContextPrefix.rewrite(path.segments, query: path.query) else { return nil }
        let (segments, _) = AliasFilter.rewrite(contextSegments, query: contextQuery, registry: registryBox.registry)
        guard let (index, _) = try? Self.route(for: method, segments, in: routes) else { return nil }
        return "\(method.rawValue) \(routeLabels[index])"
    }

    /// The index of the route for a method and path, with its captures: 404 when no pattern
    /// matches the path, 405 when one does but not for this method.
    static func route(for method: HTTPRequest.Method, _ segments: [String], in routes: [Route]) throws(APIError) -> (Int, [String]) {
        var pathMatched = false
        for (index, route) in routes.enumerated() {
            guard let captures = route.match(segments) else { continue }
            pathMatched = true
            if route.method == method { return (index, captures) }
        }
        throw pathMatched ? APIError.methodNotAllowed : APIError.notFound
    }

    func healthReply(_ segments: [String], mediaType: MediaType) -> Reply? {
        guard segments.count == 2, segments[0] == "health" else { return nil }
        switch segments[1] {
        case "live":
            return Reply(.json(["status": .string("UP")]), mediaType: mediaType)
        case "ready":
            if let registry = registryBox.registry {
                // Reads go on from memory, but a store that cannot be reached refuses writes:
                // say so, so a balancer can prefer another node.
                if let problem = registry.storeProblem {
                    return Reply(APIError(status: 503, errorCode: 50001, message: "The store cannot be reached: \(problem)"), mediaType: mediaType)
                }
                return Reply(.json(["status": .string("UP")]), mediaType: mediaType)
            }
            return Reply(APIError(status: 503, message: "The registry is loading its state"), mediaType: mediaType)
        default:
            return nil
        }
    }

    static func headers(_ mediaType: MediaType) -> HTTPFields {
        switch mediaType {
        case .schemaRegistryV1: return v1Headers
        case .schemaRegistry: return plainHeaders
        case .json: return jsonHeaders
        case .prometheusText: return prometheusHeaders
        }
    }

    private static let v1Headers = makeHeaders(.schemaRegistryV1)
    private static let plainHeaders = makeHeaders(.schemaRegistry)
    private static let jsonHeaders = makeHeaders(.json)
    private static let prometheusHeaders = makeHeaders(.prometheusText)

    private static func makeHeaders(_ mediaType: MediaType) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = mediaType.rawValue
        headers[.cacheControl] = "no-cache, no-store, must-revalidate"
        headers[HTTPField.Name("X-XSS-Protection")!] = "1; mode=block"
        return headers
    }

    /// The Hummingbird response of a reply.
    static func response(_ reply: Reply) -> Response {
        var fields = headers(reply.mediaType)
        if let challenge = reply.challenge { fields[.wwwAuthenticate] = challenge }
        if let retryAfter = reply.retryAfter { fields[.retryAfter] = String(retryAfter) }
        guard let body = reply.body else { return Response(status: reply.status, headers: fields) }
        return Response(status: reply.status, headers: fields, body: ResponseBody(byteBuffer: body))
    }
}

/// Where the responder finds the registry; empty until the state is loaded.
public final class RegistryBox: Sendable {
    private let value = Mutex<Registry?>(nil)

    /// Creates an empty box, or one holding `registry`.
    public init(_ registry: Registry? = nil) { value.withLock { $0 = registry } }

    /// The registry, once loaded.
    public var registry: Registry? { value.withLock { $0 } }

    /// Makes the registry available (the server becomes ready).
    public func set(_ registry: Registry) { value.withLock { $0 = registry } }

    /// The registry, or 503 while loading.
    func require() throws(APIError) -> Registry {
        guard let registry else { throw APIError(status: 503, message: "The registry is loading its state") }
        return registry
    }
}

/// Confluent's `ContextFilter`: `/contexts/{ctx}/...` addresses the same API inside a context.
enum ContextPrefix {
    /// Rewrites `contexts/.ctx/subjects/foo/...` to `subjects/:.ctx:foo/...`, the context's own
    /// `config` and `mode` to the context scope, and qualifies `subject`/`subjectPrefix`.
    ///
    /// The context is normalized as Confluent's `QualifiedSubject.normalizeContext` does it: one
    /// leading and one trailing `:` dropped, a `.` added; one that still holds a colon is 400.
    static func rewrite(_ segments: [String], query: QueryParameters) throws(APIError) -> ([String], QueryParameters) {
        guard segments.count >= 3, segments[0] == "contexts" else { return (segments, query) }
        var name = Substring(segments[1])
        if name.hasPrefix(":") { name = name.dropFirst() }
        if name.hasSuffix(":") { name = name.dropLast() }
        guard !name.contains(":") else { throw .badRequest("Context name '\(name)' cannot contain a colon") }
        let context = name.hasPrefix(".") ? String(name) : "." + name
        var rest = Array(segments.dropFirst(2))
        func qualify(_ s: String) -> String { s.hasPrefix(":.") || s.hasPrefix(":*:") ? s : ":" + context + ":" + s }
        if let i = rest.firstIndex(of: "subjects"), i + 1 < rest.count {
            rest[i + 1] = qualify(rest[i + 1])
        } else if rest.first == "config" || rest.first == "mode" {
            if rest.count >= 2 { rest[1] = qualify(rest[1]) } else { rest.append(":" + context + ":") }
        }
        var query = query
        if rest.first?.hasPrefix("associations") == true, query.values["context"] == nil {
            // Association requests name subjects in the body: the context goes in `context`.
            query.values["context"] = [context]
        }
        for key in ["subject", "subjectPrefix"] {
            if let values = query.values[key] { query.values[key] = values.map(qualify) }
        }
        if query.values["subjectPrefix"] == nil, rest.first == "subjects" || rest.first == "schemas" {
            query.values["subjectPrefix"] = [":" + context + ":"]
        }
        return (rest, query)
    }
}

/// What the responder learned of a request while answering it, for metrics and the request log.
struct RequestTrace {
    /// The matched route's pattern (`/subjects/{subject}/versions`), or `unmatched` (404, 405).
    var route = "unmatched"
    /// Who made the request, once authenticated.
    var principal: Principal?
    /// The operation the matched route does, for the audit log.
    var operation: AccessOperation?
    /// The subject (or config or mode scope) the request names, for the audit log.
    var subject: String?
    /// Whether the request has been counted against its rates (`dispatch` may run twice: before
    /// and after reading the body).
    var rateCounted = false
}
