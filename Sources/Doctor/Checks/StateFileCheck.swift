import AMIProtocol
import Adapters
import Foundation
import RuleDSL

/// The state file (outbox and calls in progress, SQLite) can be written by this user, and is a SQLite file if it
/// exists. Run the doctor as the service's user (`sudo -u switchboard engine doctor …`) for a true answer.
struct StateFileCheck: DoctorCheck {
    let id = "state.file"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        let path = context.config.statePath
        let manager = FileManager.default
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fix =
            "make the folder and file writable by the service's user (`chown -R switchboard: \(folder)`), or point "
            + "state: at /var/lib/switchboard/switchboard.sqlite (the unit's StateDirectory)"
        if manager.fileExists(atPath: path) {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                return finding(.failure, "\(path) exists but cannot be read", fix: fix)
            }
            let header = (try? handle.read(upToCount: 16)) ?? Data()
            try? handle.close()
            guard header.isEmpty || header == Data("SQLite format 3\u{0}".utf8) else {
                return finding(
                    .failure,
                    "\(path) is not a SQLite file",
                    fix: "point state: at a new path; the engine creates the file on start"
                )
            }
            let companions = [path + "-wal", path + "-shm"].filter { manager.fileExists(atPath: $0) }
            let unwritable = ([path, folder] + companions).filter { !manager.isWritableFile(atPath: $0) }
            guard unwritable.isEmpty else {
                return finding(.failure, "not writable: \(unwritable.joined(separator: ", "))", fix: fix)
            }
            return finding(.ok, "\(path) is writable (queued work and calls in progress survive restarts)")
        }
        var ancestor = URL(fileURLWithPath: folder)
        while !manager.fileExists(atPath: ancestor.path), ancestor.pathComponents.count > 1 {
            ancestor.deleteLastPathComponent()
        }
        guard manager.isWritableFile(atPath: ancestor.path) else {
            return finding(.failure, "\(path) cannot be created: \(ancestor.path) is not writable", fix: fix)
        }
        return finding(.ok, "\(path) does not exist yet; the engine will create it (\(ancestor.path) is writable)")
    }
}
