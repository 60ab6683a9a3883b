import Foundation
import JSONModel
import Logging
import Synchronization

/// The server's swift-log handler: one line per event on standard error, as text for people
/// or JSON for log pipelines, with the event's metadata as fields.
///
/// Text: `2026-12-02T16:56:06.123Z info schema-registry: request method=GET path=/subjects status=200`.
/// JSON: `{"time":"…","level":"info","logger":"schema-registry","message":"request","method":"GET",…}`.
public struct RegistryLogHandler: LogHandler {
    /// How lines are written.
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: Format

    /// Creates the handler of the logger labelled `label`.
    public init(label: String, format: Format, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() { fields.merge(provided) { _, new in new } }
        if let own = event.metadata { fields.merge(own) { _, new in new } }
        let line = Self.line(time: Date(), level: event.level, label: label, message: event.message.description, metadata: fields, format: format)
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Serialises writes, so lines from concurrent requests never interleave.
    private static let output = Mutex(())

    /// One log line, newline included (public for tests and tools that format the same way).
    public static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, format: Format) -> String {
        let stamp = time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        switch format {
        case .text:
            var line = "\(stamp) \(level) \(label): \(message)"
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            return line + "\n"
        case .json:
            var object: JSONObject = ["time": .string(stamp), "level": .string(level.rawValue), "logger": .string(label), "message": .string(message)]
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where object[key] == nil { object[key] = json(value) }
            return JSONWriter.string(.object(object)) + "\n"
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return .integer(Int64(number)) }
            if let number = convertible as? Double { return .double(number) }
            return .string(convertible.description)
        case .array(let values):
            return .array(values.map(json))
        case .dictionary(let values):
            return .object(JSONObject(values.sorted(by: { $0.key < $1.key }).map { JSONObject.Member(key: $0.key, value: json($0.value)) }))
        }
    }
}

/// Where and at which level the server logs one line per answered request.
public struct RequestLog: Sendable {
    /// The logger the lines go to (its level decides whether they are written).
    public var logger: Logger
    /// The level of the request lines.
    public var level: Logger.Level

    /// Request lines at `level` through `logger`.
    public init(logger: Logger, level: Logger.Level) {
        self.logger = logger
        self.level = level
    }

    /// Whether a line at `level` would be written; checked before building its fields.
    public var isEnabled: Bool { logger.logLevel <= level }

    /// Logs one answered request; `principal` is the authenticated user, when there is one.
    func record(method: String, target: String, route: String, status: Int, duration: Duration, principal: String?) {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        var metadata: Logger.Metadata = [
            "method": .string(method), "path": .string(target), "route": .string(route), "status": .stringConvertible(status),
            "duration_ms": .stringConvertible(Double(microseconds) / 1000),
        ]
        if let principal { metadata["principal"] = .string(principal) }
        logger.log(level: level, "request", metadata: metadata)
    }
}
