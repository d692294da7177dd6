import AMIProtocol
import Adapters
import Foundation
import RuleDSL

/// The folder MixMonitor writes recordings to can be listed and read by this user.
struct RecordingsFolderCheck: DoctorCheck {
    let id = "recordings.dir"

    func evaluate(_ context: DoctorContext) async -> DoctorFinding {
        guard let recordings = context.config.recordings, recordings.enabled, let path = recordings.directory else {
            return skipped("recordings.dir is not set: recordings are not attached to calls")
        }
        let fix =
            "let the service's user read it: `usermod -aG asterisk switchboard` and `chmod g+rx \(path)` "
            + "(MixMonitor's files must be group-readable too: umask 0027 for Asterisk)"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return finding(
                .failure,
                "recordings.dir \(path) does not exist",
                fix: "set recordings.dir to the folder MixMonitor writes to (Asterisk's default: "
                    + "/var/spool/asterisk/monitor)"
            )
        }
        guard isFolder.boolValue else { return finding(.failure, "recordings.dir \(path) is not a folder", fix: fix) }
        guard FileManager.default.isReadableFile(atPath: path),
            let files = try? FileManager.default.contentsOfDirectory(atPath: path)
        else {
            return finding(.failure, "recordings.dir \(path) cannot be listed", fix: fix)
        }
        let unreadable = files.filter { !FileManager.default.isReadableFile(atPath: path + "/" + $0) }
        guard unreadable.isEmpty else {
            return finding(
                .failure,
                "\(unreadable.count) of \(files.count) files in \(path) cannot be read",
                fix: fix,
                details: Array(unreadable.sorted().prefix(5))
            )
        }
        return finding(.ok, "\(path) is readable (\(files.count) file\(files.count == 1 ? "" : "s"))")
    }
}
