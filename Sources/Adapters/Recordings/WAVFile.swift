import Foundation

/// Reads the format of a wav file on disk (see ``WAVHeaderReader``).
public enum WAVFile {
    /// The format of the file at `path`.
    /// - Throws: ``WAVFormatError`` for a file that is not a wav the converter reads, or the I/O error.
    public static func format(atPath path: String) throws -> WAVFormat {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = Int64(try handle.seekToEnd())
        let reader = WAVHeaderReader(fileSize: size) { offset, count in
            guard offset >= 0, offset < size, count > 0 else { return [] }
            try handle.seek(toOffset: UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        }
        return try reader.format()
    }
}
