/// A `host:port` to listen on, as written in the config (`127.0.0.1:9090`, `0.0.0.0:8080`, `[::1]:9090`).
///
/// Port 0 asks the system for a free port; the servers report the bound one.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The host name or IP address (IPv6 without brackets).
    public var host: String
    /// The TCP port, 0…65535 (0: any free port).
    public var port: Int

    /// An address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`; an IPv6 host is written in brackets (`[::1]:9090`).
    public init(parsing text: String) throws(ListenAddressError) {
        let fail = { (reason: ListenAddressError.Reason) in ListenAddressError(text: text, reason: reason) }
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail(.unclosedBracket) }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.first == ":" else { throw fail(.missingPort) }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw fail(.missingPort) }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { throw fail(.ipv6NeedsBrackets) }
        }
        guard !hostPart.isEmpty else { throw fail(.emptyHost) }
        guard hostPart.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw fail(.invalidHost)
        }
        guard !portPart.isEmpty, portPart.count <= 5, portPart.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portPart), port <= 65535
        else { throw fail(.invalidPort) }
        self.init(host: String(hostPart), port: port)
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// A listen address that could not be parsed.
public struct ListenAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Sendable, Hashable {
        /// No `:port` part.
        case missingPort
        /// The port is not a number in 0…65535.
        case invalidPort
        /// Nothing before the colon.
        case emptyHost
        /// The host has spaces or control or non-ASCII characters.
        case invalidHost
        /// `[` without `]`.
        case unclosedBracket
        /// An IPv6 address without brackets.
        case ipv6NeedsBrackets
    }

    /// The text that was given (cut to 80 characters in `description`).
    public var text: String
    /// What is wrong with it.
    public var reason: Reason

    /// An error about `text`.
    public init(text: String, reason: Reason) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        let shown = text.count > 80 ? String(text.prefix(79)) + "…" : text
        let why =
            switch reason {
            case .missingPort: "expected host:port"
            case .invalidPort: "the port must be a number from 0 to 65535"
            case .emptyHost: "the host is empty"
            case .invalidHost: "the host has invalid characters"
            case .unclosedBracket: "'[' without ']'"
            case .ipv6NeedsBrackets: "write an IPv6 address in brackets, e.g. [::1]:9090"
            }
        return "invalid listen address \"\(shown.debugDescription.dropFirst().dropLast())\": \(why)"
    }
}
