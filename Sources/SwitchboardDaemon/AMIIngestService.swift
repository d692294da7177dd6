import AMIProtocol
public import Actions
public import Adapters
import Foundation
public import Logging
import Metrics
public import ServiceLifecycle

/// Reads Asterisk: connects (retrying until it can), resynchronises with `CoreShowChannels` at the start, on every
/// reconnect, after undecodable frames and every ``reconcileInterval``, then feeds every event to the pipeline in
/// wire order, each resync at its place among them. Graceful shutdown logs off.
public struct AMIIngestService: Service {
    let client: AMIClient
    let pipeline: CallPipeline
    let health: HealthRegistry
    let logger: Logger
    /// How often calls are reconciled with what Asterisk shows even when nothing went wrong (a missed Hangup must
    /// not leave a call and its card open forever); nil: only at the start, on reconnects and after decode errors.
    let reconcileInterval: Duration?

    /// Creates the service.
    public init(
        client: AMIClient,
        pipeline: CallPipeline,
        health: HealthRegistry,
        logger: Logger,
        reconcileInterval: Duration? = .seconds(300)
    ) {
        self.client = client
        self.pipeline = pipeline
        self.health = health
        self.logger = logger
        self.reconcileInterval = reconcileInterval
    }

    /// Connects, then feeds events and resyncs in wire order until graceful shutdown (which logs off) or
    /// cancellation. Its children — the event pump, the link watcher, the decode-error counter, the reconciler, the
    /// resyncs and the shutdown watcher — end with it.
    public func run() async throws {
        guard await connect() else {
            await client.close()
            return
        }
        let inbox = AMIEventInbox(limit: client.events.limit)
        let (requests, requestResync) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        requestResync.yield("start")
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Graceful shutdown (or cancellation) closes the client, which ends its events and link events.
                try? await gracefulShutdown()
                await client.close()
            }
            group.addTask {
                // From the client's bounded buffer into the inbox; a full inbox stops the pump, so the buffer fills
                // and the client stops reading: memory stays bounded, nothing is dropped.
                while let messages = await client.events.takeAll() { await inbox.put(messages) }
                inbox.finish()
            }
            group.addTask { await followLink(requestResync) }
            group.addTask { await countDecodingErrors(requestResync) }
            group.addTask { await reconcilePeriodically(requestResync) }
            group.addTask {
                for await reason in requests { await resynchronize(reason: reason, inbox: inbox) }
            }
            // Events that queue while the pipeline runs one step go through the next step together (one outbox
            // transaction, one call-state save), so a burst of ringing phones does not wait behind a write per event.
            while let item = await inbox.next() {
                switch item {
                case .messages(let messages): await pipeline.handle(messages, arrival: Date())
                case .resync(let channels): await pipeline.resynchronize(channels: channels, at: Date())
                }
            }
            requestResync.finish()
            group.cancelAll()
        }
        await client.close()
    }

    /// Connects, retrying with back-off; false when shutdown came first.
    private func connect() async -> Bool {
        var delay = Duration.milliseconds(500)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await client.connect()
                health.markHealthy(HealthComponent.ami, detail: "connected")
                SwitchboardMetrics.amiLink().record(1)
                logger.notice(
                    "AMI connected",
                    metadata: ["host": "\(client.configuration.host)", "port": "\(client.configuration.port)"]
                )
                return true
            } catch {
                health.markUnhealthy(HealthComponent.ami, detail: "cannot connect: \(error)")
                SwitchboardMetrics.amiLink().record(0)
                logger.warning(
                    "AMI connection failed; retrying",
                    metadata: ["error": "\(error)", "retry_in": "\(delay)"]
                )
                do { try await Task.sleep(for: delay) } catch { return false }
                delay = min(delay * 2, .seconds(30))
            }
        }
        return false
    }

    private func followLink(_ requestResync: AsyncStream<String>.Continuation) async {
        for await link in client.linkEvents {
            switch link {
            case .connected:
                break
            case .disconnected(.closedByClient, _):
                health.markUnhealthy(HealthComponent.ami, detail: "closed (shutting down)")
                logger.info("AMI session closed")
            case .disconnected(let reason, _):
                health.markUnhealthy(HealthComponent.ami, detail: "disconnected: \(reason)")
                SwitchboardMetrics.amiLink().record(0)
                logger.warning("AMI link lost; reconnecting", metadata: ["reason": "\(reason)"])
            case .reconnectFailed(let attempt, let error, let next):
                health.markUnhealthy(HealthComponent.ami, detail: "reconnect attempt \(attempt) failed: \(error)")
                logger.warning(
                    "AMI reconnect failed",
                    metadata: ["attempt": "\(attempt)", "error": "\(error)", "retry_in": "\(next)"]
                )
            case .reconnected(_, let gap):
                health.markHealthy(HealthComponent.ami, detail: "connected")
                SwitchboardMetrics.amiLink().record(1)
                logger.notice(
                    "AMI reconnected; resynchronising",
                    metadata: [
                        "gap_seconds": "\(String(format: "%.1f", gap.end.timeIntervalSince(gap.start)))"
                    ]
                )
                requestResync.yield("reconnect")
            }
        }
    }

    /// Mirrors the client's count of undecodable frames (skipped; the link stays up) into the metric, once a second,
    /// and reconciles after them: a skipped frame may have been a Hangup.
    private func countDecodingErrors(_ requestResync: AsyncStream<String>.Continuation) async {
        let counter = SwitchboardMetrics.amiDecodeErrors()
        var seen = 0
        while !Task.isCancelled {
            let now = await client.decodingErrors
            if now > seen {
                counter.increment(by: now - seen)
                logger.warning("AMI frames could not be decoded and were skipped", metadata: ["count": "\(now - seen)"])
                seen = now
                requestResync.yield("decode_errors")
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    private func reconcilePeriodically(_ requestResync: AsyncStream<String>.Continuation) async {
        guard let reconcileInterval else { return }
        while !Task.isCancelled {
            do { try await Task.sleep(for: reconcileInterval) } catch { return }
            requestResync.yield("periodic")
        }
    }

    /// Asks Asterisk which channels are up and lets the pipeline end what vanished meanwhile. Events that may follow
    /// the list on the wire wait in the inbox until the list has been applied after the events that preceded it.
    private func resynchronize(reason: String, inbox: AMIEventInbox) async {
        await pipeline.beginResynchronization()
        inbox.hold(after: await client.publishedEvents)
        do {
            let list = try await client.sendList(.coreShowChannels)
            let channels = list.items.filter { $0.name?.lowercased() == "coreshowchannel" }
            logger.info(
                "resynchronising with Asterisk",
                metadata: ["reason": "\(reason)", "channels": "\(channels.count)"]
            )
            SwitchboardMetrics.amiResyncs(reason: reason).increment()
            inbox.resync(channels, after: list.eventsBefore)
        } catch {
            inbox.release()
            logger.warning(
                "CoreShowChannels failed; calls left open stay until their events come or the next reconcile",
                metadata: [
                    "reason": "\(reason)", "error": "\(error)",
                ]
            )
        }
    }
}
