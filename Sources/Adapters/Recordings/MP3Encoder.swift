/// Encodes a wav's samples to an MP3 file with LAME: ``LameExecutable`` (the `lame` program, a child process per
/// recording) or ``LameLibrary`` (libmp3lame, loaded at run time, in this process). The output has no LAME/Xing tag
/// frame, so encodings at one rate can be joined by appending their bytes.
public protocol MP3Encoder: Sendable {
    /// `lame` or `libmp3lame`, for logs and benchmarks.
    var name: String { get }

    /// Throws ``MP3EncoderError/Kind/unavailable`` when this encoder cannot run here.
    func checkAvailable() throws(MP3EncoderError)

    /// Encodes the samples of the wav at `source` (of `format`) into a new file at `destination`.
    func encode(
        _ source: String,
        format: WAVFormat,
        to destination: String,
        settings: MP3Settings
    ) async throws(MP3EncoderError)
}
