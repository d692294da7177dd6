public import Hummingbird
public import NIOCore
import OrderedCollections

/// The request context of the fake portal: keeps the connection so faults can drop it.
public struct FakePortalRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came in on.
    public let channel: any Channel

    /// A context for a request arriving on `source.channel`.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Records may be large: 64 MiB.
    public var maxUploadSize: Int { 64 << 20 }
}
