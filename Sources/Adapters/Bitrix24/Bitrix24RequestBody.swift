import Foundation

/// A JSON request body whose object keys keep the order given (for `batch`, where order is meaning).
struct Bitrix24RequestBody: Sendable {
    indirect enum Node: Sendable {
        case value(Bitrix24Value)
        case ordered([(String, Node)])
        /// A value already encoded as JSON, written as is.
        case json(Data)
    }

    let fields: [(String, Node)]

    /// A plain parameter map (key order irrelevant; sorted for stable bodies).
    init(_ params: [String: Bitrix24Value]) {
        self.fields = params.keys.sorted().map { ($0, .value(params[$0] ?? .null)) }
    }

    init(ordered fields: [(String, Node)]) {
        self.fields = fields
    }

    /// The body as JSON, with the auth provider's parameters appended.
    func encoded(adding extra: [String: Bitrix24Value]) throws -> Data {
        var all = fields
        for key in extra.keys.sorted() { all.append((key, .value(extra[key] ?? .null))) }
        var output = Data()
        try Self.write(.ordered(all), into: &output)
        return output
    }

    private static func write(_ node: Node, into output: inout Data) throws {
        switch node {
        case .value(let value):
            output.append(try JSONEncoder().encode(value))
        case .ordered(let fields):
            output.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(try JSONEncoder().encode(field.0))
                output.append(UInt8(ascii: ":"))
                try write(field.1, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .json(let encoded):
            output.append(encoded)
        }
    }

    /// `bytes` in base64 as a JSON string (quoted; the base64 alphabet needs no escaping).
    static func base64Literal(_ bytes: Data) -> Data {
        var literal = Data(capacity: (bytes.count + 2) / 3 * 4 + 2)
        literal.append(UInt8(ascii: "\""))
        literal.append(bytes.base64EncodedData())
        literal.append(UInt8(ascii: "\""))
        return literal
    }
}
