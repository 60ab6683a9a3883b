import NIOSSL
import Synchronization
import X509

/// TLS on the listener: the certificate, its key and, for mutual TLS, how client certificates
/// are checked and named, with the files re-read on demand (`reload`, which the server calls
/// on SIGHUP).
///
/// Each connection takes the context current when it is accepted, so a reload changes what new
/// connections see while open ones finish on the certificate they started with: rotating a
/// certificate drops nothing.
public final class ListenerTLS: Sendable {
    /// Whether and how clients present certificates.
    public enum ClientAuthentication: String, Sendable {
        /// No client certificates are asked for.
        case none
        /// A client certificate is asked for and verified when sent; a client without one may
        /// still authenticate with credentials.
        case request
        /// The handshake fails without a verified client certificate.
        case require
    }

    /// How a client certificate names its principal.
    public enum ClientPrincipal: String, Sendable {
        /// The whole subject in RFC 4514 form (`CN=orders,O=Acme`), as Kafka names TLS
        /// principals.
        case distinguishedName = "dn"
        /// The subject's common name alone (`orders`), for rules shared with Basic users.
        case commonName = "cn"
    }

    /// What the files hold and how clients are treated.
    public struct Settings: Sendable, Equatable {
        /// The listener's PEM certificate chain, leaf first.
        public var certificateFile: String
        /// The PEM private key of the leaf certificate.
        public var keyFile: String
        /// PEM authorities client certificates must chain to; `nil` for the system's.
        public var clientCAFile: String?
        /// Whether clients present certificates.
        public var clientAuthentication: ClientAuthentication
        /// How a client certificate becomes a principal.
        public var clientPrincipal: ClientPrincipal

        /// TLS with the certificate and key, and client certificates as said.
        public init(
            certificateFile: String, keyFile: String, clientCAFile: String? = nil, clientAuthentication: ClientAuthentication = .none,
            clientPrincipal: ClientPrincipal = .distinguishedName
        ) {
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.clientCAFile = clientCAFile
            self.clientAuthentication = clientAuthentication
            self.clientPrincipal = clientPrincipal
        }
    }

    /// Why the files could not be used.
    public enum LoadError: Error, CustomStringConvertible {
        /// A file could not be read or holds no usable PEM.
        case unusable(file: String, what: String, reason: String)
        /// The certificate, key and authorities do not make a TLS context.
        case context(reason: String)

        public var description: String {
            switch self {
            case .unusable(let file, let what, let reason): "\(file): not a usable \(what) (\(reason))"
            case .context(let reason): "TLS: \(reason)"
            }
        }
    }

    /// The settings the context is made from.
    public let settings: Settings
    private let current: Mutex<NIOSSLContext>

    /// Reads the files; throws when any is missing or unusable, naming it.
    public init(_ settings: Settings) throws(LoadError) {
        self.settings = settings
        current = Mutex(try Self.makeContext(settings))
    }

    /// The context new connections are accepted with.
    var context: NIOSSLContext { current.withLock { $0 } }

    /// Whether connections carry a client certificate's principal.
    public var readsClientCertificates: Bool { settings.clientAuthentication != .none }

    /// Re-reads the files and makes new connections use them; on failure the current context
    /// stays and the error names the file.
    public func reload() throws(LoadError) {
        let fresh = try Self.makeContext(settings)
        current.withLock { $0 = fresh }
    }

    static func makeContext(_ settings: Settings) throws(LoadError) -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(settings.certificateFile)
        } catch {
            throw .unusable(file: settings.certificateFile, what: "PEM certificate", reason: "\(error)")
        }
        guard !chain.isEmpty else { throw .unusable(file: settings.certificateFile, what: "PEM certificate", reason: "no certificate in it") }
        do {
            key = try NIOSSLPrivateKey(file: settings.keyFile, format: .pem)
        } catch {
            throw .unusable(file: settings.keyFile, what: "PEM private key", reason: "\(error)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.applicationProtocols = ["http/1.1"]
        configuration.minimumTLSVersion = .tlsv12
        switch settings.clientAuthentication {
        case .none: configuration.certificateVerification = .none
        case .request: configuration.certificateVerification = .optionalVerification
        case .require: configuration.certificateVerification = .noHostnameVerification
        }
        if settings.clientAuthentication != .none, let file = settings.clientCAFile {
            let authorities: [NIOSSLCertificate]
            do {
                authorities = try NIOSSLCertificate.fromPEMFile(file)
            } catch {
                throw .unusable(file: file, what: "PEM certificate authority", reason: "\(error)")
            }
            guard !authorities.isEmpty else { throw .unusable(file: file, what: "PEM certificate authority", reason: "no certificate in it") }
            configuration.trustRoots = .certificates(authorities)
            // The names of the accepted authorities, sent in the CertificateRequest, so a
            // client holding several certificates picks one that will be accepted.
            configuration.sendCANameList = true
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .context(reason: "\(error)")
        }
    }

    /// The principal a verified client certificate names, or `nil` when its subject has none
    /// (no common name under `cn`, an empty subject).
    @_spi(Testing) public func principal(of certificate: NIOSSLCertificate) -> String? {
        guard let der = try? certificate.toDERBytes(), let parsed = try? Certificate(derEncoded: der) else { return nil }
        let name: String
        switch settings.clientPrincipal {
        case .distinguishedName:
            name = parsed.subject.description
        case .commonName:
            let commonNames = parsed.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }
            guard let commonName = commonNames.last else { return nil }
            name = String(commonName.value) ?? commonName.value.description
        }
        // A header carries it to the responder: no control characters.
        let clean = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        return clean.isEmpty ? nil : clean
    }
}
