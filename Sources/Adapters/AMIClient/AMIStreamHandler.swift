public import AMIProtocol
public import NIOCore

/// What an AMI connection reports to its owner.
public enum AMIStreamItem: Sendable {
    /// A banner, message or decoding error.
    case frame(AMIFrameDecoder.Output)
    /// The connection ended (with the error that ended it, if any).
    case closed((any Error)?)
}

/// Decodes inbound bytes with ``AMIFrameDecoder`` and hands every frame of a read to the client at once. The stream
/// holds at most what the reads since the client last paused reading brought (see ``AMIEventBuffer``).
public final class AMIStreamHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer

    private var decoder: AMIFrameDecoder
    private let sink: AsyncStream<AMIStreamItem>.Continuation
    private let observer: (@Sendable (AMIMessage) -> Void)?
    private var reportedClose = false

    /// Creates a handler feeding `sink`; `observer` (if any) sees every decoded message first.
    public init(
        decoder: AMIFrameDecoder,
        sink: AsyncStream<AMIStreamItem>.Continuation,
        observer: (@Sendable (AMIMessage) -> Void)? = nil
    ) {
        self.decoder = decoder
        self.sink = sink
        self.observer = observer
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let sink = self.sink
        if let observer {
            buffer.withUnsafeReadableBytes { bytes in
                decoder.decode(bytes) { output in
                    if case .message(let message) = output { observer(message) }
                    sink.yield(.frame(output))
                }
            }
        } else {
            buffer.withUnsafeReadableBytes { bytes in
                decoder.decode(bytes) { sink.yield(.frame($0)) }
            }
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        reportClose(nil)
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        reportClose(error)
        context.close(promise: nil)
    }

    private func reportClose(_ error: (any Error)?) {
        guard !reportedClose else { return }
        reportedClose = true
        decoder.finish()
        sink.yield(.closed(error))
        sink.finish()
    }
}
