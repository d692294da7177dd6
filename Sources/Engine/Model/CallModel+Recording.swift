import AMIProtocol
import Foundation

extension CallModel {
    /// `VarSet` of `MIXMONITOR_FILENAME`: a recording of this channel writes `file`. The same file again is the same
    /// recording; a file for a recording only `MixMonitorStart` told of names it.
    mutating func noteRecordingFile(_ file: String, uniqueid: String, channel: String, in callID: String) {
        guard var call = calls[callID], !call.recordings.contains(where: { $0.uniqueid == uniqueid && $0.file == file })
        else { return }
        if let index = call.recordings.lastIndex(where: { $0.uniqueid == uniqueid && $0.file == nil && !$0.stopped }) {
            call.recordings[index].file = file
        } else {
            call.recordings.append(CallRecording(uniqueid: uniqueid, channel: channel, file: file))
        }
        call.recording = file
        calls[callID] = call
    }

    /// `MixMonitorStart` / `MixMonitorStop`. A start belongs to the channel's last recording not yet started (its
    /// VarSet comes first), else it is a recording of its own, known without a file name; a stop ends every recording
    /// of the channel.
    mutating func handleMixMonitor(_ message: AMIMessage, started: Bool, step: inout Step) {
        guard let uniqueid = message["Uniqueid"], let leg = legs[uniqueid], var call = calls[leg.callID] else { return }
        if started {
            if let index = call.recordings.lastIndex(where: { $0.uniqueid == uniqueid && !$0.started && !$0.stopped }) {
                call.recordings[index].started = true
            } else {
                call.recordings.append(CallRecording(uniqueid: uniqueid, channel: leg.channel, started: true))
            }
        } else {
            for index in call.recordings.indices where call.recordings[index].uniqueid == uniqueid {
                call.recordings[index].stopped = true
            }
        }
        calls[leg.callID] = call
    }

    /// A channel moving to another call takes its recordings along.
    mutating func moveRecordings(of uniqueid: String, from oldID: String, to newID: String) {
        guard let moving = calls[oldID]?.recordings.filter({ $0.uniqueid == uniqueid }), !moving.isEmpty else { return }
        calls[oldID]?.recordings.removeAll { $0.uniqueid == uniqueid }
        for recording in moving where calls[newID]?.recordings.contains(recording) == false {
            calls[newID]?.recordings.append(recording)
        }
    }

    /// `call.recorded` for each recording of an ended call, in the order they started: every channel has hung up, so
    /// MixMonitor has closed every file.
    func recordedEvents(of call: Call, at time: Date) -> [EngineEvent] {
        call.recordings.enumerated().map { index, recording in
            EngineEvent(
                callID: call.id,
                time: time,
                kind: .recorded(
                    recording: recording,
                    index: index + 1,
                    count: call.recordings.count,
                    queue: call.lastQueue
                )
            )
        }
    }
}
