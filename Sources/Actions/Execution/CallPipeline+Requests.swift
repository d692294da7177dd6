import AMIProtocol
import Adapters
public import Engine
public import Foundation
import Logging
import RuleDSL

/// Calls the engine starts for Bitrix24 (click-to-call, callbacks), and how a failed Originate ends its call.
extension CallPipeline {
    /// Starts the call `request` asks for: the engine makes the call (its id is the Uniqueid the Originate will give
    /// its first channel) and the rules on `click_to_call` / `callback_requested` decide what to do; a call they do
    /// not dial ends at once (and is finished by the rules on call.ended).
    /// - Returns: the call's id.
    @discardableResult
    public func start(_ request: CRMCallRequest, at time: Date = Date()) async -> String {
        sequence += 1
        let id = "sb-\(runToken)-\(sequence)"
        logger.info(
            "call requested by Bitrix24",
            metadata: [
                "call": "\(id)", "event": "\(request.kind.rawValue)", "b24_call": "\(request.callID ?? "-")",
                "user": "\(request.user.map(String.init) ?? "-")", "stale": "\(request.isStale)",
                "refused_fields": "\(request.refusedFields.joined(separator: ","))",
            ]
        )
        await serial.enter()
        defer { serial.leave() }
        await run(engine.start(request, id: id, at: time))
        return id
    }

    /// Ends a call the engine started whose Originate failed before any channel of it appeared (nothing when one
    /// did: its hangups end it).
    func endWithoutChannel(_ callID: String, cause: String) async {
        await serial.enter()
        defer { serial.leave() }
        await endWithoutChannelInStep(callID, cause: cause)
    }

    /// ``endWithoutChannel(_:cause:)`` inside a step already taken.
    func endWithoutChannelInStep(_ callID: String, cause: String) async {
        await run(engine.endWithoutChannel(callID, cause: cause, at: Date()))
    }

    /// An Originate of a call the engine started failed with an `OriginateResponse`: the call ends once the events
    /// before that response are handled (``OriginateResponses``).
    func originateFailed(_ actionID: String?, callID: String, cause: String) async {
        await serial.enter()
        defer { serial.leave() }
        guard let actionID else { return await endWithoutChannelInStep(callID, cause: cause) }
        if let call = originateResponses.failed(actionID, callID: callID, cause: cause) {
            await endWithoutChannelInStep(call.callID, cause: call.cause)
        }
    }

    /// After a batch of AMI messages: the calls whose failed Originate's response was among them end now.
    func settleOriginates(after messages: [AMIMessage]) async {
        let responses = messages.compactMap { $0.name == "OriginateResponse" ? $0.actionID : nil }
        guard !responses.isEmpty else { return }
        for call in originateResponses.handled(responses) {
            await endWithoutChannelInStep(call.callID, cause: call.cause)
        }
    }

    /// Records that the Originate of `intent`'s call was not sent or failed: the call ends after this step.
    func noteUndialled(_ intent: ActionIntent, cause: String = OriginateOutcome.failed) {
        guard let callID = intent.callID, engine.model.calls[callID]?.direction?.isRequested == true else { return }
        undialled.append((callID, cause))
    }

    /// Sends an Originate. The first Originate of a call the engine started, while Asterisk does not know the call
    /// yet, names the call's channels (``OriginateOutcome/identify(_:as:)``); when it fails before any of them
    /// appeared, the call ends with the failure's cause. Any later Originate of the call is sent as the rules made it.
    func sendOriginate(_ intent: ActionIntent, _ planned: AMIOriginate, metadata: Logger.Metadata) {
        var identified = planned
        var awaiting: String?
        if let callID = intent.callID, engine.claimOriginate(in: callID), let call = engine.model.calls[callID] {
            OriginateOutcome.identify(&identified, as: call)
            awaiting = callID
        }
        let originate = identified
        let watched = awaiting
        sendAMI(intent, metadata: metadata) { sender in
            let result: AMIOriginateResult
            do {
                result = try await sender.originate(originate, timeout: nil)
            } catch {
                if let watched { await self.endWithoutChannel(watched, cause: OriginateOutcome.failed) }
                throw error
            }
            if !result.succeeded, let watched {
                let cause = OriginateOutcome.cause(ofReason: result.reason)
                await self.originateFailed(result.outcome.actionID, callID: watched, cause: cause)
            }
            var fields: [String: Value] = ["answered": .bool(result.succeeded)]
            fields["uniqueid"] = result.uniqueID.map(Value.string)
            return .map(fields)
        }
    }
}
