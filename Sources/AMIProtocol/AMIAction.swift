/// An action to send: its name and headers, in order (`Variable:` may repeat). The client adds `ActionID`.
public struct AMIAction: Sendable, Hashable, CustomStringConvertible {
    /// The action name, e.g. `Originate` (Asterisk matches it ignoring case).
    public var name: String
    /// The headers after `Action:` and `ActionID:`, in order.
    public var headers: [AMIHeader]

    /// Creates an action.
    public init(_ name: String, _ headers: [AMIHeader] = []) {
        self.name = name
        self.headers = headers
    }

    /// Creates an action from `(key, value)` pairs.
    public init(_ name: String, _ headers: KeyValuePairs<String, String>) {
        self.init(name, headers.map { AMIHeader($0.key, $0.value) })
    }

    /// The value of the first header named `name` (ignoring case).
    public subscript(name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Keys whose values are credentials: redacted in every description.
    static func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered == "secret" || lowered == "key"
    }

    public var description: String {
        ([AMIHeader("Action", name)] + headers).map { header in
            Self.isSecretKey(header.name) ? "\(header.name): <redacted>" : header.description
        }.joined(separator: "\n")
    }

    /// The wire form, `Action:` first, then `ActionID:` when given, then the headers, then a blank line.
    /// Throws when a line could inject headers or exceed Asterisk's limits, or a `Variable:` is not what Asterisk would
    /// read as one plain variable (``AMIVariable``).
    public func encoded(actionID: String?) throws(AMIActionError) -> [UInt8] {
        var lines = [AMIHeader("Action", name)]
        if let actionID { lines.append(AMIHeader("ActionID", actionID)) }
        lines.append(contentsOf: headers)
        guard lines.count <= AMIActionError.maximumHeaderCount else {
            throw .tooManyHeaders(count: lines.count)
        }
        var output: [UInt8] = []
        output.reserveCapacity(lines.reduce(2) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 })
        for line in lines {
            try Self.validate(line)
            if line.name.utf8.count == 8, line.name.lowercased() == "variable" {
                try AMIVariable.validate(line.value, action: name)
            }
            output.append(contentsOf: line.name.utf8)
            output.append(contentsOf: ": ".utf8)
            output.append(contentsOf: line.value.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        output.append(contentsOf: "\r\n".utf8)
        return output
    }

    private static func validate(_ header: AMIHeader) throws(AMIActionError) {
        let key = header.name.utf8
        guard !key.isEmpty else { throw .emptyKey }
        if key.contains(where: { $0 == 0x0D || $0 == 0x0A }) { throw .lineBreak(key: header.name, inValue: false) }
        if key.contains(0x3A) { throw .colonInKey(key: header.name) }
        if header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) {
            throw .lineBreak(key: header.name, inValue: true)
        }
        if header.value.utf8.contains(0) { throw .nulInValue(key: header.name) }
        let length = key.count + 2 + header.value.utf8.count
        if length > AMIActionError.maximumLineLength { throw .lineTooLong(key: header.name, length: length) }
    }
}
