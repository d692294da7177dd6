import AMIProtocol
public import Actions
public import Adapters
import Foundation
public import Logging
import Metrics
public import ServiceLifecycle

/// Reads Asterisk: connects (retrying until it can), resynchronises with `CoreShowChannels` on every (re)connect,
/// then feeds every event to the pipeline in wire order, from the client's one event buffer. Graceful shutdown logs
/// off.
public struct AMIIngestService: Service {
    let client: AMIClient
    let pipeline: CallPipeline
    let health: HealthRegistry
    let logger: Logger

    /// Creates the service.
    public init(
        client: AMIClient,
        pipeline: CallPipeline,
        health: HealthRegistry,
        logger: Logger
    ) {
        self.client = client
        self.pipeline = pipeline
        self.health = health
        self.logger = logger
    }

    /// Connects, resynchronises, then feeds events until graceful shutdown (which logs off) or cancellation. Its
    /// children — the link watcher, the decode-error counter, the shutdown watcher — end with it.
    public func run() async throws {
        guard await connect() else {
            await client.close()
            return
        }
        await withDiscardingTaskGroup { group in
            group.addTask {
                // Graceful shutdown (or cancellation) closes the client, which ends the events and the link events.
                try? await gracefulShutdown()
                await client.close()
            }
            group.addTask { await followLink() }
            group.addTask { await countDecodingErrors() }
            await resynchronize(reason: "start")
            await feedEvents()
            group.cancelAll()
        }
        await client.close()
    }

    /// Events that waited while the pipeline ran one step go through the next step together (one outbox transaction,
    /// one call-state save), so a burst of ringing phones does not wait behind a write per event.
    private func feedEvents() async {
        while let messages = await client.events.takeAll() {
            await pipeline.handle(messages, arrival: Date())
        }
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

    private func followLink() async {
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
                await resynchronize(reason: "reconnect")
            }
        }
    }

    /// Mirrors the client's count of undecodable frames (skipped; the link stays up) into the metric, once a second.
    private func countDecodingErrors() async {
        let counter = SwitchboardMetrics.amiDecodeErrors()
        var seen = 0
        while !Task.isCancelled {
            let now = await client.decodingErrors
            if now > seen {
                counter.increment(by: now - seen)
                logger.warning("AMI frames could not be decoded and were skipped", metadata: ["count": "\(now - seen)"])
                seen = now
            }
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
        }
    }

    /// Asks Asterisk which channels are up and lets the pipeline end what vanished meanwhile.
    private func resynchronize(reason: String) async {
        do {
            let list = try await client.sendList(.coreShowChannels)
            let channels = list.items.filter { $0.name?.lowercased() == "coreshowchannel" }
            logger.info(
                "resynchronising with Asterisk",
                metadata: ["reason": "\(reason)", "channels": "\(channels.count)"]
            )
            await pipeline.resynchronize(channels: channels, at: Date())
        } catch {
            logger.warning(
                "CoreShowChannels failed; calls left open stay until their events come",
                metadata: [
                    "reason": "\(reason)", "error": "\(error)",
                ]
            )
        }
    }
}
