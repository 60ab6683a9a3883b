import Foundation
import NIOSSL
@_spi(Testing) import SchemaRegistryServer
import Testing

/// The listener's TLS files and how a client certificate names its principal. Certificates are
/// made by the `openssl` command (scripts/test installs it) in a fresh folder per test; the
/// handshakes themselves are proven with real clients in Tests/PythonClients/test_tls.py.
@Suite("TLS on the listener")
struct ListenerTLSTests {
    /// A folder with a self-signed certificate `server.pem` / `server.key` whose subject is
    /// `subject`.
    static func folder(subject: String = "/O=Acme/CN=orders-service") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("listener-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try openssl(
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-keyout", "server.key", "-out",
            "server.pem", "-subj", subject], in: folder)
        return folder
    }

    static func openssl(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.joined(separator: " "))")
    }

    static func settings(_ folder: URL, principal: ListenerTLS.ClientPrincipal = .distinguishedName) -> ListenerTLS.Settings {
        ListenerTLS.Settings(
            certificateFile: folder.appendingPathComponent("server.pem").path, keyFile: folder.appendingPathComponent("server.key").path,
            clientCAFile: folder.appendingPathComponent("server.pem").path, clientAuthentication: .request, clientPrincipal: principal)
    }

    static func certificate(_ folder: URL) throws -> NIOSSLCertificate {
        try #require(try NIOSSLCertificate.fromPEMFile(folder.appendingPathComponent("server.pem").path).first)
    }

    @Test("the principal is the whole subject (RFC 4514, most specific first) or its common name")
    func principalNaming() throws {
        let folder = try Self.folder(subject: "/C=DE/O=Acme, Inc./CN=orders-service")
        let certificate = try Self.certificate(folder)
        let byName = try ListenerTLS(Self.settings(folder))
        #expect(byName.principal(of: certificate) == #"CN=orders-service,O=Acme\, Inc.,C=DE"#)
        let byCommonName = try ListenerTLS(Self.settings(folder, principal: .commonName))
        #expect(byCommonName.principal(of: certificate) == "orders-service")
    }

    @Test("a subject without a common name has no principal under cn")
    func noCommonName() throws {
        let folder = try Self.folder(subject: "/O=Acme/OU=Payments")
        let tls = try ListenerTLS(Self.settings(folder, principal: .commonName))
        #expect(tls.principal(of: try Self.certificate(folder)) == nil)
        #expect(try ListenerTLS(Self.settings(folder)).principal(of: try Self.certificate(folder)) == "OU=Payments,O=Acme")
    }

    @Test("missing or unusable files are named; a failed reload keeps the context in use")
    func unusableFiles() throws {
        let folder = try Self.folder()
        var missing = Self.settings(folder)
        missing.certificateFile = folder.appendingPathComponent("nothing.pem").path
        #expect(throws: ListenerTLS.LoadError.self) { try ListenerTLS(missing) }
        do {
            _ = try ListenerTLS(missing)
        } catch {
            #expect(error.description.hasPrefix(missing.certificateFile + ": not a usable PEM certificate"))
        }
        let tls = try ListenerTLS(Self.settings(folder))
        try Data("not a key".utf8).write(to: folder.appendingPathComponent("server.key"))
        do {
            try tls.reload()
            Issue.record("a reload with a broken key succeeded")
        } catch {
            #expect(error.description.hasSuffix("server.key: not a usable PEM private key (failedToLoadPrivateKey)"))
        }
        try Self.openssl(
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-keyout", "server.key", "-out",
            "server.pem", "-subj", "/CN=renewed"], in: folder)
        try tls.reload()
    }
}
