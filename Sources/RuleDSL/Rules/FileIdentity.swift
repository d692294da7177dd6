import Foundation

/// What a path is at one moment, symbolic links followed: where it resolves to, which file that is, its size and
/// modification time. Two looks that agree mean nobody replaced, swapped or wrote the file in between.
public struct FileIdentity: Sendable, Hashable {
    /// The path with every symbolic link resolved.
    public let resolvedPath: String
    public let device: UInt64
    public let inode: UInt64
    /// Bytes; -1 when the path does not exist.
    public let size: Int
    /// Modification time, seconds since 1970 (sub-second precision).
    public let modified: Double
    /// Whether it is a regular file (after following links).
    public var isRegular = true

    /// The identity of `path` now; nil when it does not exist.
    public static func of(_ path: String) -> FileIdentity? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let target = String(cString: resolved)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else { return nil }
        var identity = FileIdentity(
            resolvedPath: target,
            device: (attributes[.systemNumber] as? NSNumber)?.uint64Value ?? 0,
            inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
            size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
            modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        )
        identity.isRegular = (attributes[.type] as? FileAttributeType) == .typeRegular
        return identity
    }
}
