/// A place in `.proto` text: 1-based line and column (columns count Unicode scalars), as
/// protoc reports them, so an error message points where an editor does.
public struct ProtoSourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Why `.proto` text could not be read or has no descriptor (a name that resolves to
/// nothing, an option that does not exist), and where.
public struct ProtoError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: ProtoSourceLocation
    public var message: String

    public init(_ message: String, at location: ProtoSourceLocation) {
        self.message = message
        self.location = location
    }

    /// `line:column: message`, protoc's shape.
    public var description: String { "\(location): \(message)" }
}

/// One token of `.proto` text.
struct ProtoToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name or keyword: letters, digits and underscores, not starting with a digit.
        case identifier
        /// An integer literal as written (decimal, octal or hexadecimal), sign excluded.
        case integer
        /// A floating-point literal as written (`inf` and `nan` are identifiers).
        case float
        /// A string literal; `bytes` holds its value with escapes decoded, adjacent literals
        /// not yet joined.
        case string
        /// One punctuation character.
        case symbol
        case endOfInput
    }

    var kind: Kind
    /// The text as written (for strings: the value decoded as UTF-8).
    var text: String
    /// A string literal's bytes.
    var bytes: [UInt8] = []
    var location: ProtoSourceLocation
    /// The comment lines right before this token, with nothing but whitespace between (a
    /// declaration's leading comment).
    var leadingComments: [String] = []
}

/// Splits `.proto` text into tokens, following the protobuf language specification: `//`
/// and `/* */` comments, C-style string escapes (octal, hex, `\u`/`\U`), integer literals in
/// three bases and floats with exponents.
struct ProtoLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Every token, ending with `.endOfInput`.
    mutating func tokenize() throws(ProtoError) -> [ProtoToken] {
        var tokens: [ProtoToken] = []
        while true {
            let comments = try skipTrivia()
            var token = try next()
            token.leadingComments = comments
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private var location: ProtoSourceLocation { ProtoSourceLocation(line: line, column: column) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    /// Skips whitespace and comments; returns the comments that follow the last blank line.
    private mutating func skipTrivia() throws(ProtoError) -> [String] {
        var comments: [String] = []
        while let c = peek() {
            if c == "\n" {
                advance()
                // A blank line detaches the comments above it from the next declaration.
                var probe = index
                while probe < scalars.count, scalars[probe] == " " || scalars[probe] == "\t" || scalars[probe] == "\r" { probe += 1 }
                if probe < scalars.count, scalars[probe] == "\n" { comments.removeAll() }
            } else if c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" {
                advance()
            } else if c == "/", peek(1) == "/" {
                advance()
                advance()
                var text = ""
                while let d = peek(), d != "\n" {
                    text.unicodeScalars.append(d)
                    advance()
                }
                comments.append(text)
            } else if c == "/", peek(1) == "*" {
                let start = location
                advance()
                advance()
                var text = ""
                while true {
                    guard let d = peek() else { throw ProtoError("unterminated /* comment", at: start) }
                    if d == "*", peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    text.unicodeScalars.append(d)
                    advance()
                }
                comments.append(text)
            } else {
                break
            }
        }
        return comments
    }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    private static func isHexDigit(_ c: Unicode.Scalar) -> Bool { isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F") }

    private mutating func next() throws(ProtoError) -> ProtoToken {
        let start = location
        guard let c = peek() else { return ProtoToken(kind: .endOfInput, text: "", location: start) }
        if Self.isLetter(c) {
            var text = ""
            while let d = peek(), Self.isLetter(d) || Self.isDigit(d) {
                text.unicodeScalars.append(d)
                advance()
            }
            return ProtoToken(kind: .identifier, text: text, location: start)
        }
        if Self.isDigit(c) || (c == "." && peek(1).map(Self.isDigit) == true) {
            return try number(at: start)
        }
        if c == "\"" || c == "'" {
            return try string(quote: c, at: start)
        }
        advance()
        return ProtoToken(kind: .symbol, text: String(Character(c)), location: start)
    }

    private mutating func number(at start: ProtoSourceLocation) throws(ProtoError) -> ProtoToken {
        var text = ""
        func take(_ lexer: inout ProtoLexer) {
            text.unicodeScalars.append(lexer.peek()!)
            lexer.advance()
        }
        if peek() == "0", peek(1) == "x" || peek(1) == "X" {
            take(&self)
            take(&self)
            guard peek().map(Self.isHexDigit) == true else { throw ProtoError("\"0x\" must be followed by hex digits", at: start) }
            while let d = peek(), Self.isHexDigit(d) { take(&self) }
            if let d = peek(), Self.isLetter(d) { throw ProtoError("need space between number and identifier", at: location) }
            return ProtoToken(kind: .integer, text: text, location: start)
        }
        var isFloat = false
        while let d = peek(), Self.isDigit(d) { take(&self) }
        if peek() == "." {
            isFloat = true
            take(&self)
            while let d = peek(), Self.isDigit(d) { take(&self) }
        }
        if peek() == "e" || peek() == "E" {
            isFloat = true
            take(&self)
            if peek() == "+" || peek() == "-" { take(&self) }
            guard peek().map(Self.isDigit) == true else { throw ProtoError("\"e\" must be followed by exponent", at: location) }
            while let d = peek(), Self.isDigit(d) { take(&self) }
        }
        if peek() == "f" || peek() == "F" {
            // protoc accepts a trailing f on floats (text format heritage).
            isFloat = true
            take(&self)
        }
        if let d = peek(), Self.isLetter(d) || d == "." { throw ProtoError("need space between number and identifier", at: location) }
        if !isFloat, text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 == "8" || $0 == "9" }) {
            throw ProtoError("numbers starting with leading zero must be in octal", at: start)
        }
        return ProtoToken(kind: isFloat ? .float : .integer, text: text, location: start)
    }

    private mutating func string(quote: Unicode.Scalar, at start: ProtoSourceLocation) throws(ProtoError) -> ProtoToken {
        advance()
        var bytes: [UInt8] = []
        while true {
            guard let c = peek(), c != "\n" else { throw ProtoError("string literals cannot cross line boundaries", at: start) }
            advance()
            if c == quote { break }
            if c != "\\" {
                bytes.append(contentsOf: Array(String(Character(c)).utf8))
                continue
            }
            let escapeAt = location
            guard let e = peek() else { throw ProtoError("string literals cannot cross line boundaries", at: start) }
            advance()
            switch e {
            case "a": bytes.append(0x07)
            case "b": bytes.append(0x08)
            case "f": bytes.append(0x0C)
            case "n": bytes.append(0x0A)
            case "r": bytes.append(0x0D)
            case "t": bytes.append(0x09)
            case "v": bytes.append(0x0B)
            case "\\", "'", "\"", "?": bytes.append(UInt8(e.value))
            case "x", "X":
                var value = 0, digits = 0
                while digits < 2, let h = peek(), Self.isHexDigit(h) {
                    value = value * 16 + Int(String(Character(h)), radix: 16)!
                    advance()
                    digits += 1
                }
                guard digits > 0 else { throw ProtoError("expected hex digits for escape sequence", at: escapeAt) }
                bytes.append(UInt8(value))
            case "0"..."7":
                var value = Int(e.value - 48), digits = 1
                while digits < 3, let o = peek(), o >= "0" && o <= "7" {
                    value = value * 8 + Int(o.value - 48)
                    advance()
                    digits += 1
                }
                guard value <= 0xFF else { throw ProtoError("octal escape sequence out of range", at: escapeAt) }
                bytes.append(UInt8(value))
            case "u", "U":
                let count = e == "u" ? 4 : 8
                var value: UInt32 = 0
                for _ in 0..<count {
                    guard let h = peek(), Self.isHexDigit(h) else { throw ProtoError("expected \(count) hex digits for escape sequence", at: escapeAt) }
                    value = value * 16 + UInt32(String(Character(h)), radix: 16)!
                    advance()
                }
                guard let scalar = Unicode.Scalar(value) else { throw ProtoError("invalid Unicode code point in escape sequence", at: escapeAt) }
                bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw ProtoError("invalid escape sequence in string literal", at: escapeAt)
            }
        }
        return ProtoToken(kind: .string, text: String(decoding: bytes, as: UTF8.self), bytes: bytes, location: start)
    }
}
