import AMIProtocol
import Adapters
import Foundation
import RuleDSL

/// Logs in to Asterisk as the engine does and asks what the checks need: the version, the clock, whether each AMI
/// action the engine sends is permitted (tried in a form that does nothing), the queue members, and whether events
/// carry `Timestamp:`. Read-only: nothing it sends changes a call or a setting.
enum AMIProbe {
    /// Actions whose header-less form is refused by the handler itself (`Channel not specified`, …) after the
    /// permission check: the reply tells whether the user may send the action, and nothing happens.
    static let harmlessForms: Set<String> = [
        "originate", "redirect", "setvar", "hangup", "getvar", "queueadd", "queueremove", "queuepause",
    ]

    static func run(
        _ ami: EngineConfig.AMI,
        requirements: EngineRequirements,
        listenTimeout: Duration
    ) async -> AMIProbeResult {
        var result = AMIProbeResult(address: "\(ami.host):\(ami.port)")
        let client = AMIClient(
            configuration: AMIClientConfiguration(
                host: ami.host,
                port: ami.port,
                credentials: AMICredentials(
                    username: ami.username,
                    secret: AMISecret(ami.secret.reveal()),
                    method: .md5
                ),
                events: ami.events == "on" ? .on : .classes(ami.events.split(separator: ",").map(String.init)),
                actionTimeout: .seconds(10),
                pingInterval: nil,
                connectTimeout: .seconds(5),
                actionIDPrefix: "doctor"
            )
        )
        do {
            try await client.connect()
        } catch let error as AMIClientError {
            switch error {
            case .authenticationFailed(let message): result.loginError = message ?? "Authentication failed"
            default: result.connectError = error.description
            }
            await client.close()
            return result
        } catch {
            result.connectError = String(describing: error)
            await client.close()
            return result
        }
        var links = client.linkEvents.makeAsyncIterator()
        if case .connected(let banner)? = await links.next() { result.banner = banner }
        let listenDeadline = ContinuousClock.now + listenTimeout
        await withTaskGroup(of: (seen: Int, stamped: Int)?.self) { group in
            // The first event, while the questions are asked; the window closes at the deadline or after the last
            // question, whichever is later. Closing the client ends the events, so the reader always returns.
            group.addTask { await firstEvent(in: client.events) }
            await ask(client, requirements: requirements, into: &result)
            group.addTask {
                try? await Task.sleep(until: listenDeadline)
                return nil
            }
            if let counts = await group.next() ?? nil {
                result.eventsSeen = counts.seen
                result.eventsWithTimestamp = counts.stamped
            }
            group.cancelAll()
            await client.close()
        }
        return result
    }

    /// The version, the clock, the write probes and the queue members.
    private static func ask(
        _ client: AMIClient,
        requirements: EngineRequirements,
        into result: inout AMIProbeResult
    )
        async
    {
        let before = Date()
        do {
            let pong = try await client.ping(timeout: .seconds(5))
            let after = Date()
            if let stamp = pong["Timestamp"].flatMap(Double.init) {
                let midpoint = (before.timeIntervalSince1970 + after.timeIntervalSince1970) / 2
                result.clockSkew = stamp - midpoint
                result.pingRoundTrip = after.timeIntervalSince(before)
            }
        } catch {
            result.pingError = String(describing: error)
        }
        if let settings = try? await client.sendAllowingError(AMIAction("CoreSettings")),
            settings["Response"]?.lowercased() == "success"
        {
            result.version = settings["AsteriskVersion"]
        }
        for need in requirements.writes {
            result.writeProbes[need.action] = await probe(need.action, on: client)
        }
        do {
            let status = try await client.sendList(.queueStatus())
            for item in status.items where item.name == "QueueMember" {
                guard let location = item["Location"] ?? item["Interface"], let queue = item["Queue"] else { continue }
                let ext = InterfaceExtension.extract(location)
                result.queueMembers[ext, default: []].append(queue)
            }
        } catch {
            result.queueStatusError = String(describing: error)
        }
    }

    private static func probe(_ action: String, on client: AMIClient) async -> AMIProbeResult.WriteProbe {
        let lowered = action.lowercased()
        do {
            if lowered == "coreshowchannels" {
                _ = try await client.sendList(.coreShowChannels)
                return .allowed
            }
            guard harmlessForms.contains(lowered) else { return .notTried }
            let reply = try await client.sendAllowingError(AMIAction(action))
            return outcome(of: reply)
        } catch AMIClientError.actionFailed(_, let message) {
            return message.map { outcome(ofError: $0) } ?? .failed("no message")
        } catch {
            return .failed(String(describing: error))
        }
    }

    private static func outcome(of reply: AMIMessage) -> AMIProbeResult.WriteProbe {
        guard reply["Response"]?.lowercased() == "error" else { return .allowed }
        return outcome(ofError: reply["Message"] ?? "")
    }

    private static func outcome(ofError message: String) -> AMIProbeResult.WriteProbe {
        let lowered = message.lowercased()
        if lowered.contains("permission denied") { return .denied }
        if lowered.contains("invalid/unknown command") { return .unknownAction }
        return .allowed
    }

    /// The first event that arrives (the inline `FullyBooted` aside): seen 1, stamped 1 when it carries
    /// `Timestamp:`; (0, 0) when the events end first.
    private static func firstEvent(in events: AMIEventBuffer) async -> (seen: Int, stamped: Int) {
        for await event in events where event.kind == .event && event.name != "FullyBooted" {
            return (1, event.contains("Timestamp") ? 1 : 0)
        }
        return (0, 0)
    }
}
