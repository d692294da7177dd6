public import AMIProtocol
public import Foundation

extension CallModel {
    /// Resynchronises after a link gap with the items of `CoreShowChannels` (one `CoreShowChannel` event per
    /// channel up now): calls with a channel still up go on (new channels are adopted), calls with none end with
    /// cause `lost` (their phones stop ringing with reason `lost`).
    public mutating func resynchronize(channels: [AMIMessage], at time: Date) -> [EngineEvent] {
        var step = Step(time: time)
        lastEnded.removeAll()
        var alive: Set<String> = []
        for item in channels {
            guard let uniqueid = item["Uniqueid"] else { continue }
            alive.insert(uniqueid)
            observeChannel(item, prefix: "", name: "CoreShowChannel", step: &step)
        }
        for (uniqueid, leg) in legs where !alive.contains(uniqueid) && !leg.hungUp {
            legs[uniqueid]?.hungUp = true
        }
        for callID in calls.keys.sorted() {
            // A call the engine started whose Originate is still on its way has no channel yet: its outcome settles it.
            guard let call = calls[callID], !call.awaitingChannel else { continue }
            let up = call.legIDs.contains { alive.contains($0) }
            if !up {
                endCall(callID, cause: "lost", lostLink: true, step: &step)
                continue
            }
            // Rings whose channel is gone stopped while we were away.
            for ringID in call.ringOrder where call.rings[ringID]?.isRinging == true && !alive.contains(ringID) {
                stopRinging(ringID, in: callID, reason: .lost, step: &step)
            }
        }
        return step.events
    }
}
