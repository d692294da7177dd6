public import Adapters
public import Foundation

/// How ``RecordingService`` finds, awaits, encodes and sends recordings (from `recordings:` in engine.yaml).
public struct RecordingSettings: Sendable {
    /// Finds the files on this host.
    public var locator: RecordingLocator
    /// Encodes them.
    public var encoder: any MP3Encoder
    /// Where parts and records are written.
    public var workDirectory: String
    /// kbit/s of the mp3.
    public var bitrate: Int
    /// Encodings at once.
    public var concurrency: Int
    /// How long files and the finish are awaited.
    public var timing: RecordingJob.Timing
    /// Records up to this size go inline; larger ones by the two-step upload.
    public var inlineLimit: Int
    /// False deletes a wav once its record is attached.
    public var keepWAV: Bool

    /// Settings; `concurrency` nil is the machine's cores − 1 (at least 1).
    public init(
        locator: RecordingLocator,
        encoder: any MP3Encoder,
        workDirectory: String,
        bitrate: Int = 32,
        concurrency: Int? = nil,
        timing: RecordingJob.Timing = .init(settle: 1, maxWait: 120, finishWait: 300),
        inlineLimit: Int = 1 << 20,
        keepWAV: Bool = true
    ) {
        self.locator = locator
        self.encoder = encoder
        self.workDirectory = workDirectory
        self.bitrate = bitrate
        self.concurrency = Self.concurrency(concurrency)
        self.timing = timing
        self.inlineLimit = inlineLimit
        self.keepWAV = keepWAV
    }

    /// How often files are looked at while awaited: a quarter of `settle`, between 20 ms and 250 ms.
    public var pollInterval: TimeInterval { min(0.25, max(0.02, timing.settle / 4)) }

    /// Encodings at once: `configured`, or the machine's cores − 1 (at least 1).
    public static func concurrency(_ configured: Int?) -> Int {
        max(1, configured ?? (ProcessInfo.processInfo.activeProcessorCount - 1))
    }
}
