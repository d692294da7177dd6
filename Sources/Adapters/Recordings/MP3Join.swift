import Foundation
import NIOPosix

/// Joins MP3 files encoded at one sample rate (without LAME tag frames) into one, by concatenation, on NIO's blocking
/// thread pool: a long call's record is megabytes, and the caller's actor stays free meanwhile.
public enum MP3Join {
    /// Writes `parts`, in order, into `record` (replacing it).
    public static func join(_ parts: [String], into record: String) async throws {
        try await NIOThreadPool.singleton.runIfActive {
            let files = FileManager.default
            if files.fileExists(atPath: record) { try files.removeItem(atPath: record) }
            guard files.createFile(atPath: record, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: record])
            }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: record))
            defer { try? output.close() }
            for part in parts {
                try output.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: part)))
            }
        }
    }
}
