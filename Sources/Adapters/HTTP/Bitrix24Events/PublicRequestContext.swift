import Hummingbird
import Logging
import NIOCore

/// The public listener's request context: Hummingbird's basics plus the TCP peer's address (for the source
/// allowlist and the per-source rate limit).
struct PublicRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The TCP peer.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are read by the endpoint within its own limit.
    var maxUploadSize: Int { 64 * 1024 }
}
