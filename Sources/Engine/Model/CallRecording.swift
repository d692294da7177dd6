/// A MixMonitor recording of one of the call's channels, as the AMI stream tells of it: `VarSet` of
/// `MIXMONITOR_FILENAME` (the file) and `MixMonitorStart` / `MixMonitorStop` (Asterisk 16.17+, 18.3+; no file name).
public struct CallRecording: Codable, Sendable, Hashable {
    /// The recorded channel's Uniqueid.
    public var uniqueid: String
    /// The recorded channel's name.
    public var channel: String
    /// The file as Asterisk reported it; nil when only `MixMonitorStart` told of the recording (the VarSet filtered
    /// out by manager.conf): the rules then build the name, e.g. `${event.uniqueid}.wav`.
    public var file: String?
    /// `MixMonitorStart` was seen.
    public var started: Bool
    /// `MixMonitorStop` was seen: the recording ended before its channel.
    public var stopped: Bool

    /// A recording of the channel `uniqueid`.
    public init(uniqueid: String, channel: String, file: String? = nil, started: Bool = false, stopped: Bool = false) {
        self.uniqueid = uniqueid
        self.channel = channel
        self.file = file
        self.started = started
        self.stopped = stopped
    }
}
