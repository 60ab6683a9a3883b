import Foundation
import JSONModel
import Synchronization

/// The audit trail: one JSON line for every request that changes something and every request
/// refused for its credentials or permissions, with who, what, on which subject, and how it
/// ended.
///
/// Kept apart from the request log because its reader differs (a security team, a SIEM): it
/// has no level, is not sampled, and goes to its own file or to standard output.
public final class AuditLog: Sendable {
    private let handle: Mutex<FileHandle>
    private let closesHandle: Bool

    /// Why the log could not be opened.
    public struct CannotOpen: Error, CustomStringConvertible {
        public var description: String
    }

    /// Lines appended to the file at `destination` (created if missing), or written to
    /// standard output when it is `stdout`.
    public init(destination: String) throws(CannotOpen) {
        if destination == "stdout" {
            handle = Mutex(FileHandle.standardOutput)
            closesHandle = false
            return
        }
        if !FileManager.default.fileExists(atPath: destination) {
            guard FileManager.default.createFile(atPath: destination, contents: nil) else {
                throw CannotOpen(description: "\(destination): cannot create the audit log")
            }
        }
        guard let file = FileHandle(forWritingAtPath: destination) else {
            throw CannotOpen(description: "\(destination): cannot open the audit log for writing")
        }
        file.seekToEndOfFile()
        handle = Mutex(file)
        closesHandle = true
    }

    deinit {
        if closesHandle { handle.withLock { try? $0.close() } }
    }

    /// How an audited request ended.
    enum Outcome: String {
        /// Done (2xx).
        case success
        /// Refused for its credentials (401) or its permissions (403).
        case denied
        /// Allowed but failed (any other error).
        case failed

        init(status: Int) {
            switch status {
            case 200..<400: self = .success
            case 401, 403: self = .denied
            default: self = .failed
            }
        }
    }

    /// Whether a request belongs in the audit log: it was refused, or it changes something.
    static func records(status: Int, operation: AccessOperation?) -> Bool {
        status == 401 || status == 403 || (operation != nil && operation != .read)
    }

    /// Writes one line.
    func record(
        principal: String?, operation: AccessOperation?, method: String, target: String, route: String, subject: String?, status: Int,
        at time: Date = Date()
    ) {
        var line = JSONObject()
        line.appendUnchecked("time", .string(Self.timestamp(time)))
        line.appendUnchecked("principal", principal.map(JSONValue.string) ?? .null)
        line.appendUnchecked("operation", operation.map { .string($0.rawValue) } ?? .null)
        line.appendUnchecked("method", .string(method))
        line.appendUnchecked("path", .string(target))
        line.appendUnchecked("route", .string(route))
        line.appendUnchecked("subject", subject.map(JSONValue.string) ?? .null)
        line.appendUnchecked("status", .integer(Int64(status)))
        line.appendUnchecked("outcome", .string(Outcome(status: status).rawValue))
        var bytes: [UInt8] = []
        JSONWriter.write(.object(line), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        handle.withLock { $0.write(Data(bytes)) }
    }

    /// RFC 3339 in UTC with milliseconds, as log pipelines parse it.
    static func timestamp(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }
}
