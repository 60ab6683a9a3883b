/// `service Name { rpc ... }`.
public struct ProtoService: Sendable, Hashable {
    public var name: String
    public var methods: [ProtoMethod] = []
    public var options: [ProtoOption] = []
    public var location: ProtoSourceLocation
    public var comments: [String] = []

    public init(name: String, location: ProtoSourceLocation) {
        self.name = name
        self.location = location
    }
}

/// `rpc Name (stream Request) returns (stream Response) { option ...; }`.
public struct ProtoMethod: Sendable, Hashable {
    public var name: String
    public var inputType: String
    public var outputType: String
    public var clientStreaming: Bool
    public var serverStreaming: Bool
    public var options: [ProtoOption] = []
    /// Whether the method has a `{ ... }` body, even an empty one (protoc then gives it an
    /// options message, even an empty one).
    public var hasBody = false
    public var location: ProtoSourceLocation

    public init(name: String, inputType: String, outputType: String, clientStreaming: Bool, serverStreaming: Bool, location: ProtoSourceLocation) {
        self.name = name
        self.inputType = inputType
        self.outputType = outputType
        self.clientStreaming = clientStreaming
        self.serverStreaming = serverStreaming
        self.location = location
    }
}
