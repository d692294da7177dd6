import Foundation

/// An IPv4 or IPv6 network in CIDR form (`203.0.113.0/24`, `2001:db8::/32`; a bare address is a /32 or /128), for
/// the source allowlist and the trusted reverse proxies of the public listener. IPv4 networks also match
/// IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network's address: 4 bytes (IPv4) or 16 (IPv6), host bits cleared.
    public let address: [UInt8]
    /// The prefix length in bits.
    public let prefixLength: Int

    /// Parses `text`; nil when it is not an address or a CIDR network.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = Self.parseAddress(parts[0]) else { return nil }
        let bits = address.count * 8
        var length = bits
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bits).contains(value), !parts[1].hasPrefix("+") else { return nil }
            length = value
        }
        self.address = Self.masked(address, to: length)
        self.prefixLength = length
    }

    /// Whether the address `bytes` (4 or 16 bytes) lies in the network.
    public func contains(_ bytes: [UInt8]) -> Bool {
        var candidate = bytes
        if address.count == 4, bytes.count == 16, bytes.starts(with: Self.mappedPrefix) {
            candidate = Array(bytes[12...])
        }
        guard candidate.count == address.count else { return false }
        return Self.masked(candidate, to: prefixLength) == address
    }

    public var description: String {
        let text =
            address.count == 4
            ? address.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map {
                String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
            }
            .joined(separator: ":")
        return "\(text)/\(prefixLength)"
    }

    static let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]

    /// The bytes of an IPv4 or IPv6 address written as text.
    public static func parseAddress(_ text: Substring) -> [UInt8]? {
        text.contains(":") ? parseIPv6(text) : parseIPv4(text)
    }

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCIIDigit), let value = UInt8(octet) else {
                return nil
            }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    bytes += v4
                    continue
                }
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    static func masked(_ bytes: [UInt8], to length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let kept = max(0, min(8, length - index * 8))
            return kept == 8 ? byte : byte & ~(UInt8(0xFF) >> kept)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
