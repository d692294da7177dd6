import Foundation

extension CallModel {
    /// Decides `inbound` as soon as the caller's channel shows up in one of the inbound contexts.
    mutating func decideInbound(_ callID: String, step: inout Step) {
        guard let call = calls[callID], call.direction == nil else { return }
        for uniqueid in call.legIDs {
            guard let leg = legs[uniqueid], leg.base == call.originBase, policy.isInbound(context: leg.context) else {
                continue
            }
            calls[callID]?.direction = .inbound
            calls[callID]?.did = leg.exten.isEmpty || leg.exten == "s" ? nil : leg.exten
            return
        }
    }

    /// Decides the direction of a call that is not inbound when its caller dials `dialled`:
    /// internal when both the caller and the dialled number are internal, outbound otherwise.
    mutating func decideByDial(_ callID: String, dialled: String, step: inout Step) {
        guard let call = calls[callID], call.direction == nil else { return }
        let callerInternal = call.caller.map(policy.isInternal) ?? false
        let direction: CallDirection = callerInternal && policy.isInternal(dialled) ? .internal : .outbound
        calls[callID]?.direction = direction
        calls[callID]?.callee = dialled
        startIfReady(callID, step: &step)
    }

    /// Emits call.started once the call has a direction and a caller id. With `force` (something else is
    /// about to be reported), a missing direction is decided from what is known and a missing caller id is
    /// taken as absent.
    mutating func startIfReady(_ callID: String, force: Bool = false, step: inout Step) {
        guard let call = calls[callID], !call.hasStarted else { return }
        // A call the engine started has not started before Asterisk has a channel of it.
        if call.direction?.isRequested == true, call.legIDs.isEmpty { return }
        if !force { guard call.direction != nil, call.callerReported else { return } }
        if call.direction == nil { decideInbound(callID, step: &step) }
        if calls[callID]?.direction == nil {
            // Not from an inbound context: internal or outbound by the number the caller's channel is on.
            let exten = legs[call.originUniqueid]?.exten ?? ""
            decideByDial(callID, dialled: exten.isEmpty || exten == "s" ? "" : exten, step: &step)
            if exten.isEmpty || exten == "s" { calls[callID]?.callee = nil }
            if calls[callID]?.hasStarted == true { return }
        }
        calls[callID]?.hasStarted = true
        let direction = calls[callID]?.direction ?? .inbound
        step.events.append(
            EngineEvent(
                callID: callID,
                time: step.time,
                kind: .started(direction: direction, caller: calls[callID]?.caller)
            )
        )
    }

    /// Appends an event of the call, reporting call.started first if it was not yet.
    mutating func emit(_ kind: EngineEvent.Kind, in callID: String, step: inout Step) {
        startIfReady(callID, force: true, step: &step)
        step.events.append(EngineEvent(callID: callID, time: step.time, kind: kind))
    }
}
