/// What became of one recording: the `result` of `switchboard_recordings_total`. Every recording a rule attaches
/// ends with exactly one of these.
public enum RecordingResult: String, Sendable, Codable, CaseIterable {
    /// In the portal, in the call's record.
    case attached
    /// `recordings:` is not configured: the rule's attach was not carried out.
    case disabled
    /// The name is unsafe (`..`, NUL) or relative without `recordings.dir`.
    case badName = "bad_name"
    /// No file appeared within `max_wait_seconds`.
    case missing
    /// The file, or `recordings.dir`, cannot be read.
    case unreadable
    /// The file kept changing for `max_wait_seconds`.
    case unstable
    /// The file holds no audio.
    case empty
    /// Not a valid wav.
    case corrupt
    /// A wav that is not 16-bit PCM at a rate LAME encodes.
    case unsupported
    /// The encoder failed, or is missing.
    case encoderFailed = "encoder_failed"
    /// The portal refused the upload (or it was given up after retries).
    case uploadFailed = "upload_failed"
    /// The call's finish never reached the outbox (within the wait), so nothing may be attached.
    case noFinish = "no_finish"
}
