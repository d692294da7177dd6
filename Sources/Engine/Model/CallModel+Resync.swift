public import AMIProtocol
public import Foundation

extension CallModel {
    /// Marks the moment a `CoreShowChannels` request goes out: the calls and channels known now are the ones its
    /// answer can end. What is first seen after this (a call that starts while the list is fetched, or a ring that
    /// begins) may be missing from a list Asterisk wrote before it existed, and is spared by
    /// ``resynchronize(channels:at:)``.
    public mutating func beginResynchronization() {
        resyncBaseline = ResyncBaseline(of: self)
    }

    /// Resynchronises after a link gap (or a periodic reconcile) with the items of `CoreShowChannels` (one
    /// `CoreShowChannel` event per channel up now): calls with a channel still up go on (new channels are adopted),
    /// a ring whose channel is up and bridged with another channel of its call was answered while we were away, a
    /// ring whose channel is gone stopped (`lost`), and calls with no channel left end with cause `lost`. Only calls
    /// and channels known at ``beginResynchronization()`` (all of them, without it) can be ended or stopped.
    public mutating func resynchronize(channels: [AMIMessage], at time: Date) -> [EngineEvent] {
        var step = Step(time: time)
        lastEnded.removeAll()
        let baseline = resyncBaseline ?? ResyncBaseline(of: self)
        resyncBaseline = nil
        var alive: [String: AMIMessage] = [:]
        for item in channels {
            guard let uniqueid = item["Uniqueid"] else { continue }
            alive[uniqueid] = item
            observeChannel(item, prefix: "", name: "CoreShowChannel", step: &step)
        }
        for (uniqueid, leg) in legs where alive[uniqueid] == nil && !leg.hungUp && baseline.legs.contains(uniqueid) {
            legs[uniqueid]?.hungUp = true
        }
        for callID in calls.keys.sorted() {
            // A call the engine started whose Originate is still on its way has no channel yet: its outcome settles it.
            guard let call = calls[callID], !call.awaitingChannel else { continue }
            let up = call.legIDs.contains { alive[$0] != nil }
            if !up {
                if baseline.calls.contains(callID) { endCall(callID, cause: "lost", lostLink: true, step: &step) }
                continue
            }
            learnAnswers(of: callID, from: alive, step: &step)
            // Rings whose channel is gone stopped while we were away.
            for ringID in call.ringOrder
            where calls[callID]?.rings[ringID]?.isRinging == true && alive[ringID] == nil
                && baseline.rings.contains(ringID)
            {
                stopRinging(ringID, in: callID, reason: .lost, step: &step)
            }
        }
        return step.events
    }

    /// A ring (still ringing or waiting for its bridge) whose channel Asterisk shows up and in the same bridge as
    /// another channel of the call was answered during the gap: the bridge, not the lost events, tells who talks.
    private mutating func learnAnswers(of callID: String, from alive: [String: AMIMessage], step: inout Step) {
        guard let call = calls[callID] else { return }
        for ringID in call.ringOrder {
            guard let ring = call.rings[ringID], !ring.hasAnswered, ring.isRinging || ring.answerPending,
                let item = alive[ringID], item["ChannelState"] == "6",
                let bridge = item["BridgeId"], !bridge.isEmpty
            else { continue }
            let ringBase = ChannelName.base(of: ring.member.channel)
            let partner = call.legIDs.contains { uniqueid in
                guard uniqueid != ringID, let other = alive[uniqueid], other["BridgeId"] == bridge,
                    let channel = other["Channel"]
                else { return false }
                return ChannelName.base(of: channel) != ringBase
            }
            if partner { answer(ringID, in: callID, step: &step) }
        }
    }
}

/// The calls, channels and rings known when a resynchronisation was requested.
struct ResyncBaseline: Sendable {
    var calls: Set<String>
    var legs: Set<String>
    /// Rings by their channel's Uniqueid (a restored call's rings have no leg until their channel shows up again).
    var rings: Set<String>

    init(of model: CallModel) {
        calls = Set(model.calls.keys)
        legs = Set(model.legs.keys)
        rings = Set(model.calls.values.flatMap(\.ringOrder))
    }
}
