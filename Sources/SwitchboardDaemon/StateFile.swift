public import Foundation

/// The state database (outbox and calls in progress) holds phone numbers, CRM results and the commands for the
/// portal: only the engine's user may read it. SQLite gives its `-wal`, `-shm` and `-journal` files the database
/// file's permissions, so creating that file 0600 before SQLite opens it covers them all.
public enum StateFile {
    /// The permissions of the database and its companion files.
    public static let mode: mode_t = 0o600

    /// Creates the folder (0700 when new) and the database file (0600) if missing, and takes existing ones (an older
    /// release created them with the umask) back to 0600.
    public static func prepare(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(
                at: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm", path + "-journal"]
        where FileManager.default.fileExists(atPath: file) {
            guard chmod(file, mode) == 0 else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: file])
            }
        }
    }
}
