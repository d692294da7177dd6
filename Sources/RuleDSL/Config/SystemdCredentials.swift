import Foundation

/// systemd credentials (`LoadCredential=NAME:/path` in the unit): each is a file named NAME in
/// `$CREDENTIALS_DIRECTORY`, readable by the service only. `${NAME}` in engine.yaml reads it when no environment
/// variable NAME is set, so secrets need not sit in the environment.
enum SystemdCredentials {
    /// Largest credential read (a secret, not a document).
    static let sizeLimit = 64 * 1024

    /// `environment` with every credential of `$CREDENTIALS_DIRECTORY` added under its file name (variables that
    /// are set win). One trailing newline of a file is dropped.
    static func adding(to environment: [String: String]) -> [String: String] {
        guard let folder = environment["CREDENTIALS_DIRECTORY"], !folder.isEmpty,
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder)
        else { return environment }
        var merged = environment
        for name in names where merged[name] == nil && !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), data.count <= sizeLimit else { continue }
            var value = String(decoding: data, as: UTF8.self)
            if value.hasSuffix("\r\n") {
                value.removeLast(2)
            } else if value.hasSuffix("\n") {
                value.removeLast()
            }
            merged[name] = value
        }
        return merged
    }
}
