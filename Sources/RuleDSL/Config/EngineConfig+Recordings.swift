extension EngineConfig {
    /// `recordings:`: the MixMonitor files, their conversion to mp3 and their upload (`b24.attach_record`).
    public struct Recordings: Sendable, Equatable {
        /// `enabled` (default true when the section is there).
        public var enabled = true
        /// `dir`: where the engine reads the recordings; nil reads the paths Asterisk reports as they are.
        public var directory: String?
        /// `encoder`: `lame` (the program, a child process per recording) or `libmp3lame` (in this process).
        public var encoder = Encoder.lame
        /// `lame`: the program, a path or a name in `PATH`.
        public var lameProgram = "lame"
        /// `bitrate`: kbit/s of the mp3.
        public var bitrate = 32
        /// `concurrency`: conversions at once; nil: the machine's cores − 1 (at least 1).
        public var concurrency: Int?
        /// `settle_seconds`: how long a file's size must stay the same before it counts as complete.
        public var settleSeconds = 1.0
        /// `max_wait_seconds`: after the call ended, how long a file may be missing or keep growing before it is
        /// given up.
        public var maxWaitSeconds = 120.0
        /// `inline_max_bytes`: mp3s up to this size go inline (base64), larger ones by the two-step upload.
        public var inlineMaxBytes = 1 << 20
        /// `keep_wav`: false deletes a wav once its record is attached.
        public var keepWAV = true
        /// `work_dir`: where the mp3s wait for their upload; nil: `recordings/` beside the state file.
        public var workDirectory: String?

        /// The encoders.
        public enum Encoder: String, Sendable, CaseIterable {
            /// The `lame` program.
            case lame
            /// libmp3lame, loaded at run time.
            case libmp3lame
        }

        /// The defaults.
        public init() {}
    }
}
