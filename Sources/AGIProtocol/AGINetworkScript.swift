/// The script part of a FastAGI URL, as Asterisk relays it in `agi_network_script`: everything after the host in
/// `AGI(agi://127.0.0.1/route?queue=sales)`, i.e. `route?queue=sales`. The path selects what the server does; the query
/// carries parameters from the dialplan.
///
/// Parameters are `name=value` pairs split on `&`; `%XX` escapes are decoded (an invalid one stays as written) and `+`
/// stays a plus, so a caller id such as `+74951112233` arrives intact.
public struct AGINetworkScript: Sendable, Hashable {
    /// The path without leading or trailing slashes: `route`, `queue/sales`, or empty.
    public var path: String
    /// The query parameters in order (duplicates kept).
    public var parameters: [AGIEnvironmentVariable]

    /// Parses `route?queue=sales` (or `/route/?queue=sales`).
    public init(parsing text: String) {
        let parts = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts.first.map(String.init) ?? ""
        path = Self.percentDecoded(Self.trimmingSlashes(rawPath))
        parameters = []
        guard parts.count == 2 else { return }
        for pair in parts[1].split(separator: "&", omittingEmptySubsequences: true) {
            let field = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.percentDecoded(String(field[0]))
            guard !name.isEmpty else { continue }
            let value = field.count == 2 ? Self.percentDecoded(String(field[1])) : ""
            parameters.append(AGIEnvironmentVariable(name, value))
        }
    }

    /// The first value of parameter `name`.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// The parameters as a map (the first value of each name).
    public var parameterMap: [String: String] {
        var map: [String: String] = [:]
        for parameter in parameters where map[parameter.name] == nil { map[parameter.name] = parameter.value }
        return map
    }

    static func trimmingSlashes(_ text: String) -> Substring {
        var slice = Substring(text)
        while slice.first == "/" { slice.removeFirst() }
        while slice.last == "/" { slice.removeLast() }
        return slice
    }

    static func percentDecoded(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return String(text) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
