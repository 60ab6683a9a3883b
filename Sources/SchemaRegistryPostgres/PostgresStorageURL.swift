import NIOSSL
import PostgresNIO

/// A `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=MODE` storage URL, as libpq spells it
/// (`postgresql://` too).
///
/// The password may come from `PGPASSWORD` instead of the URL; `sslmode` is `disable`,
/// `require` (encrypted, certificate not checked, as libpq's `require`), `verify-ca`
/// (certificate checked against the trusted authorities, host name not) or `verify-full`
/// (certificate and host name checked); `prefer`, libpq's default, tries TLS and falls back.
/// As in libpq, `sslrootcert=FILE` names the authorities to trust (PEM; the system's when
/// absent) and `sslcert=FILE` with `sslkey=FILE` a client certificate; `PGSSLMODE`,
/// `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY` stand in for parameters the URL leaves out.
public struct PostgresStorageURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected.
    public enum SSLMode: String, Sendable, Hashable {
        case disable
        case prefer
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// PEM file of the certificate authorities to trust (`sslrootcert`); the system's if nil.
    public var sslRootCertificate: String?
    /// PEM files of a client certificate and its key (`sslcert`, `sslkey`), for servers that
    /// authenticate clients by certificate.
    public var sslCertificate: String?
    public var sslKey: String?

    /// Why a URL cannot be used.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses a URL; `environment` supplies `PGPASSWORD` when the URL has no password.
    public init(_ text: String, environment: [String: String] = [:]) throws(Invalid) {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw Invalid(description: "a PostgreSQL URL starts with postgres:// or postgresql://")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var database = "postgres"
        if let slash = rest.firstIndex(of: "/") {
            let name = String(rest[rest.index(after: slash)...])
            if !name.isEmpty { database = Self.decoded(name) }
            rest = rest[..<slash]
        }
        var credentials: Substring? = nil
        if let at = rest.lastIndex(of: "@") {
            credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var username = "postgres"
        var password: String? = nil
        if let credentials {
            if let colon = credentials.firstIndex(of: ":") {
                username = Self.decoded(String(credentials[..<colon]))
                password = Self.decoded(String(credentials[credentials.index(after: colon)...]))
            } else {
                username = Self.decoded(String(credentials))
            }
        }
        var host = String(rest)
        var port = 5432
        if host.hasPrefix("[") , let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { throw Invalid(description: "the port of \(text) is not a number") }
                port = p
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]) else { throw Invalid(description: "the port of \(text) is not a number") }
            port = p
            host = String(host[..<colon])
        }
        if host.isEmpty { host = "localhost" }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2 else { continue }
            parameters[String(kv[0])] = Self.decoded(String(kv[1]))
        }
        let modeText = parameters["sslmode"] ?? environment["PGSSLMODE"] ?? SSLMode.prefer.rawValue
        guard let sslMode = SSLMode(rawValue: modeText) else {
            throw Invalid(description: "sslmode must be disable, prefer, require, verify-ca or verify-full, not \(modeText)")
        }
        self.sslRootCertificate = parameters["sslrootcert"] ?? environment["PGSSLROOTCERT"]
        self.sslCertificate = parameters["sslcert"] ?? environment["PGSSLCERT"]
        self.sslKey = parameters["sslkey"] ?? environment["PGSSLKEY"]
        if (sslCertificate == nil) != (sslKey == nil) {
            throw Invalid(description: "sslcert and sslkey go together: a client certificate needs its key")
        }
        self.host = host
        self.port = port
        self.username = username
        self.password = password ?? environment["PGPASSWORD"]
        self.database = database
        self.sslMode = sslMode
    }

    private static func decoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
                let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The client configuration for this URL; `lockTimeout` bounds every lock wait of its
    /// connections (the write lock above all). Public for tools and tests that talk to the
    /// same database directly.
    public func clientConfiguration(lockTimeout: Duration = .seconds(10)) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        if let config = try tlsConfiguration() {
            tls = sslMode == .prefer ? .prefer(config) : .require(config)
        } else {
            tls = .disable
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 8
        configuration.options.additionalStartupParameters = [("lock_timeout", String(lockTimeout.components.seconds * 1000))]
        return configuration
    }

    /// The configuration of one connection made outside a pool: the store's first contact,
    /// which reports why a connection fails (a certificate refused, a password wrong) where a
    /// pool only keeps retrying.
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        if let config = try tlsConfiguration() {
            tls = sslMode == .prefer ? .prefer(try NIOSSLContext(configuration: config)) : .require(try NIOSSLContext(configuration: config))
        } else {
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }

    /// What `sslmode`, `sslrootcert`, `sslcert` and `sslkey` ask for; nil for no TLS.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard sslMode != .disable else { return nil }
        var config = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable, .prefer, .require: config.certificateVerification = .none
        case .verifyCA: config.certificateVerification = .noHostnameVerification
        case .verifyFull: config.certificateVerification = .fullVerification
        }
        if let sslRootCertificate { config.trustRoots = .file(sslRootCertificate) }
        if let sslCertificate, let sslKey {
            config.certificateChain = try NIOSSLCertificate.fromPEMFile(sslCertificate).map { .certificate($0) }
            config.privateKey = .privateKey(try NIOSSLPrivateKey(file: sslKey, format: .pem))
        }
        return config
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (sslMode == .prefer ? "" : "?sslmode=\(sslMode.rawValue)")
    }
}
