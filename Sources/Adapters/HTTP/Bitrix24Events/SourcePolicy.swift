import Foundation
public import NIOCore

/// Who may post events, and who the poster is: the TCP peer, or — when the peer is a trusted reverse proxy — the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy. Addresses are compared as bytes
/// (4 for IPv4, 16 for IPv6); the predicates come from the configuration's networks.
public struct SourcePolicy: Sendable {
    /// Whether an address may post (default: any).
    public var isAllowed: @Sendable ([UInt8]) -> Bool
    /// Whether an address is a reverse proxy whose `X-Forwarded-For` is believed (default: none).
    public var isTrustedProxy: @Sendable ([UInt8]) -> Bool

    /// A policy; by default any source may post and no proxy is trusted.
    public init(
        isAllowed: @escaping @Sendable ([UInt8]) -> Bool = { _ in true },
        isTrustedProxy: @escaping @Sendable ([UInt8]) -> Bool = { _ in false }
    ) {
        self.isAllowed = isAllowed
        self.isTrustedProxy = isTrustedProxy
    }

    /// The poster's address: the peer, or the client a trusted proxy names (`forwardedFor` holds the header's values
    /// in order). Empty when unknown (a Unix socket).
    public func source(peer: SocketAddress?, forwardedFor: [String]) -> [UInt8] {
        let peerBytes = peer.map(Self.bytes(of:)) ?? []
        guard !peerBytes.isEmpty, isTrustedProxy(peerBytes) else { return peerBytes }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        var source = peerBytes
        for hop in hops.reversed() {
            guard let address = try? SocketAddress(ipAddress: hop, port: 0) else { break }
            source = Self.bytes(of: address)
            if !isTrustedProxy(source) { break }
        }
        return source
    }

    /// The bytes of an IP address (network order): `sin_addr` at offset 4 of a `sockaddr_in`, `sin6_addr` at offset 8
    /// of a `sockaddr_in6` (the same on Linux and BSD).
    static func bytes(of address: SocketAddress) -> [UInt8] {
        switch address {
        case .v4(let ip): withUnsafeBytes(of: ip.address) { Array($0[4..<8]) }
        case .v6(let ip): withUnsafeBytes(of: ip.address) { Array($0[8..<24]) }
        case .unixDomainSocket: []
        }
    }
}
