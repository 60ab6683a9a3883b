/// A subject name together with the context it lives in.
///
/// Confluent writes a subject in a non-default context as `:.ctx:name`; the default context
/// is `.` and its subjects are written bare. Every context has its own subjects and its own
/// id sequence, so the registry keys everything by (context, name).
public struct QualifiedSubject: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The default context.
    public static let defaultContext = "."
    /// The context that holds global config and mode.
    public static let globalContext = ".__GLOBAL"

    /// The context, `.` for the default one; always starts with a dot.
    public var context: String
    /// The subject name within the context; empty for "the context itself" (config/mode scope).
    public var name: String

    /// Creates a qualified subject.
    public init(context: String, name: String) {
        self.context = context
        self.name = name
    }

    /// Parses `:.ctx:name` or a bare name (default context).
    ///
    /// A string starting with `:.` whose second colon is missing is taken as a context with an
    /// empty name (`:.ctx` or `:.ctx:`), which is how config and mode address a whole context.
    public init(parsing text: String) {
        guard text.hasPrefix(":."), let rest = text.dropFirst(1) as Substring? else {
            self.init(context: Self.defaultContext, name: text)
            return
        }
        if let colon = rest.firstIndex(of: ":") {
            self.init(context: String(rest[..<colon]), name: String(rest[rest.index(after: colon)...]))
        } else {
            self.init(context: String(rest), name: "")
        }
    }

    /// The context as Confluent prints it in messages: empty for the default context,
    /// `:.ctx:` otherwise.
    public var qualifiedContext: String {
        context == Self.defaultContext ? "" : ":" + context + ":"
    }

    /// `name` in the default context, `:.ctx:name` elsewhere.
    public var description: String {
        context == Self.defaultContext ? name : ":" + context + ":" + name
    }

    /// Whether the name addresses a context rather than a subject in it.
    public var isContextOnly: Bool { name.isEmpty }

    public static func < (lhs: QualifiedSubject, rhs: QualifiedSubject) -> Bool {
        lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }
}
