import Foundation
import SchemaRegistryConfiguration
import SchemaRegistryServer
import Yams

/// The files the `auth` and `tls` settings name, read and checked: the users file, the JWKS,
/// the rules, the audit log, and the listener's certificate, key and client authorities. `serve` runs with the result, and `config check` stops at the same
/// problems, each a `ConfigurationError` naming its setting.
struct SecuritySetup {
    /// Credentials and rules; `nil` when no credential scheme is configured.
    var accessControl: AccessControl?
    /// The audit log; `nil` for none.
    var auditLog: AuditLog?
    /// TLS on the listener; `nil` for plain HTTP.
    var tls: ListenerTLS?

    /// Reads what `auth` names; `opensAuditLog: false` (for `config check`) only checks that
    /// the audit log's folder exists, leaving the file alone.
    static func load(_ configuration: RegistryConfiguration, opensAuditLog: Bool = true) async throws(ConfigurationError) -> SecuritySetup {
        let auth = configuration.auth
        let tls = try listenerTLS(configuration.tls)
        let certificates = tls?.readsClientCertificates ?? false
        var users: UsersFile? = nil
        if !auth.basicUsersFile.isEmpty {
            do {
                users = try UsersFile(contentsOf: auth.basicUsersFile)
            } catch {
                throw .malformed(location: "auth.basic_users_file", reason: error.description)
            }
        }
        var tokens: BearerTokenVerifier? = nil
        if !auth.jwtJWKSFile.isEmpty {
            let text = try read(auth.jwtJWKSFile, setting: "auth.jwt_jwks_file")
            let settings = BearerTokenVerifier.Settings(
                issuer: auth.jwtIssuer.isEmpty ? nil : auth.jwtIssuer, audience: auth.jwtAudience.isEmpty ? nil : auth.jwtAudience,
                principalClaim: auth.jwtPrincipalClaim, groupsClaim: auth.jwtGroupsClaim)
            do {
                tokens = try await BearerTokenVerifier(jwks: text, settings: settings)
            } catch {
                throw .malformed(location: "auth.jwt_jwks_file", reason: "\(auth.jwtJWKSFile): \(error.description)")
            }
        }
        var policy: AccessPolicy? = nil
        if !auth.rulesFile.isEmpty {
            guard users != nil || tokens != nil || certificates else {
                throw .malformed(
                    location: "auth.rules_file",
                    reason: "rules need authenticated principals: set auth.basic_users_file, auth.jwt_jwks_file or tls.client_auth")
            }
            policy = try rules(auth.rulesFile)
        }
        var setup = SecuritySetup(tls: tls)
        if users != nil || tokens != nil || certificates {
            setup.accessControl = AccessControl(
                authenticator: Authenticator(users: users, tokens: tokens), protectsHealth: auth.protectHealth,
                protectsMetrics: auth.protectMetrics, policy: policy, acceptsClientCertificates: certificates)
        }
        if !auth.auditLog.isEmpty, !opensAuditLog, auth.auditLog != "stdout" {
            let folder = (auth.auditLog as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw .malformed(location: "auth.audit_log", reason: "\(auth.auditLog): no folder \(folder) to write the audit log in")
            }
        } else if !auth.auditLog.isEmpty {
            do {
                setup.auditLog = try AuditLog(destination: auth.auditLog)
            } catch {
                throw .malformed(location: "auth.audit_log", reason: error.description)
            }
        }
        return setup
    }

    /// The listener's TLS, when `tls.cert_file` is set; the files are read now so a bad one
    /// stops start-up.
    static func listenerTLS(_ tls: RegistryConfiguration.TLS) throws(ConfigurationError) -> ListenerTLS? {
        guard !tls.certFile.isEmpty else {
            for (value, setting) in [(tls.keyFile, "tls.key_file"), (tls.clientCAFile, "tls.client_ca_file")] where !value.isEmpty {
                throw .malformed(location: setting, reason: "needs tls.cert_file (TLS is off without a certificate)")
            }
            guard tls.clientAuth == "none" else {
                throw .malformed(location: "tls.client_auth", reason: "client certificates need TLS: set tls.cert_file and tls.key_file")
            }
            return nil
        }
        guard !tls.keyFile.isEmpty else { throw .malformed(location: "tls.key_file", reason: "tls.cert_file needs its private key") }
        let settings = ListenerTLS.Settings(
            certificateFile: tls.certFile, keyFile: tls.keyFile, clientCAFile: tls.clientCAFile.isEmpty ? nil : tls.clientCAFile,
            clientAuthentication: ListenerTLS.ClientAuthentication(rawValue: tls.clientAuth) ?? .none,
            clientPrincipal: ListenerTLS.ClientPrincipal(rawValue: tls.clientPrincipal) ?? .distinguishedName)
        do {
            return try ListenerTLS(settings)
        } catch {
            throw .malformed(location: "tls", reason: error.description)
        }
    }

    /// The access rules of a YAML file.
    static func rules(_ path: String) throws(ConfigurationError) -> AccessPolicy {
        let text = try read(path, setting: "auth.rules_file")
        do {
            return try YAMLDecoder().decode(AccessPolicy.self, from: text)
        } catch let error as DecodingError {
            throw .malformed(location: "auth.rules_file", reason: "\(path): \(describe(error))")
        } catch {
            throw .malformed(location: "auth.rules_file", reason: "\(path): \(error)")
        }
    }

    private static func read(_ path: String, setting: String) throws(ConfigurationError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(file: path, reason: "\(setting): \((error as NSError).localizedDescription)")
        }
    }

    /// A decoding error as one line: where (`rules[1].operations`) and what.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the file" : text
        }
        switch error {
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath)): missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type == String.self ? "a string" : type == Bool.self ? "true or false" : "\(type)")"
        @unknown default:
            return "\(error)"
        }
    }
}
