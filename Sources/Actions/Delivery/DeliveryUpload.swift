/// A file an attachRecord command sends: the outbox keeps its path, never its bytes; the scheduler reads it when the
/// command goes out, inline (`FILE_CONTENT`, base64) up to ``inlineLimit`` bytes, else by the two-step upload
/// (`uploadUrl`, then a multipart POST).
public struct DeliveryUpload: Codable, Sendable, Hashable {
    /// The file (an mp3 the recordings wrote).
    public var path: String
    /// Largest file sent inline.
    public var inlineLimit: Int

    /// An upload of `path`.
    public init(path: String, inlineLimit: Int) {
        self.path = path
        self.inlineLimit = inlineLimit
    }
}
