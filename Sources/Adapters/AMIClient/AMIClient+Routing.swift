import AMIProtocol
import NIOCore

/// Inbound messages: replies and list items go to the pending action that waits for them, the rest to `events`.
extension AMIClient {
    func receive(_ item: AMIStreamItem, epoch: Int) {
        guard connection?.epoch == epoch else { return }
        switch item {
        case .frame(.banner(let banner)):
            connection?.banner = banner
            if let waiter = connection?.bannerWaiter {
                connection?.bannerWaiter = nil
                waiter.resume(returning: banner)
            }
        case .frame(.error):
            decodingErrorCount += 1
        case .frame(.message(let message)):
            route(message)
        case .closed(let error):
            connectionEnded(epoch: epoch, error: error)
        }
    }

    func route(_ message: AMIMessage) {
        guard let id = message.actionID, let entry = pending[id] else {
            publish(message)
            return
        }
        switch (message.kind, entry.state) {
        case (.response, .single(let continuation)):
            _ = complete(id)
            continuation.resume(returning: message)
        case (.response, .list(let continuation, nil, _)):
            if message["Response"]?.lowercased() == "error" {
                _ = complete(id)
                continuation.resume(
                    throwing: AMIClientError.actionFailed(
                        action: entry.actionName,
                        message: message["Message"]
                    )
                )
            } else if message.opensList {
                pending[id]?.state = .list(continuation, response: message, items: [])
            } else {
                _ = complete(id)
                continuation.resume(
                    returning: AMIListResult(
                        response: message,
                        items: [],
                        completion: nil,
                        eventsBefore: publishedEventCount
                    )
                )
            }
        case (.response, .originate(let continuation, nil)):
            if message["Response"]?.lowercased() == "error" {
                _ = complete(id)
                continuation.resume(
                    throwing: AMIClientError.actionFailed(
                        action: entry.actionName,
                        message: message["Message"]
                    )
                )
            } else {
                pending[id]?.state = .originate(continuation, response: message)
            }
        case (.event, .list(let continuation, .some(let response), var items)):
            if message.closesList || (message.name ?? "").hasSuffix("Complete") {
                _ = complete(id)
                continuation.resume(
                    returning: AMIListResult(
                        response: response,
                        items: items,
                        completion: message,
                        eventsBefore: publishedEventCount
                    )
                )
            } else {
                items.append(message)
                pending[id]?.state = .list(continuation, response: response, items: items)
            }
        case (.event, .originate(let continuation, let response)) where message.name == "OriginateResponse":
            _ = complete(id)
            publish(message)
            continuation.resume(returning: AMIOriginateResult(response: response, outcome: message))
        default:
            publish(message)
        }
    }

    /// Hands an event to the consumer, counting it (list results carry the count at their completion, so a consumer
    /// can tell which events came before the list on the wire); a full buffer pauses reading.
    func publish(_ message: AMIMessage) {
        publishedEventCount += 1
        guard !events.append(message) else { return }
        eventBufferFull()
    }

    /// The buffer holds ``AMIEventBuffer/limit`` events: the consumer is that far behind. Reading stops until it has
    /// taken them (memory stays bounded, nothing is dropped; Asterisk may end the session meanwhile, which the client
    /// reports and repairs as any lost link, and the daemon resynchronises).
    func eventBufferFull() {
        guard let channel = connection?.channel else { return }
        _ = channel.setOption(ChannelOptions.autoRead, value: false)
        events.pauseReading { _ = channel.setOption(ChannelOptions.autoRead, value: true) }
    }
}
