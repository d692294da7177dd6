import Foundation

/// Locates the shared/ folder that sits beside the repository (`<clone>/../shared`).
enum SharedFiles {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AdaptersTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository
        .deletingLastPathComponent()  // parent
        .appendingPathComponent("shared")

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }
}

extension SharedFiles {
    /// Every AMI wire file under ami-captures and ami-fixtures (the cacofonisk `.json` files are not wire text).
    static func captureFiles() throws -> [String] {
        var files: [String] = []
        for directory in [
            "ami-captures/asterisk22", "ami-fixtures/goami2", "ami-fixtures/cacofonisk",
            "ami-fixtures/panoramisk",
        ] {
            for name in try FileManager.default.contentsOfDirectory(atPath: url(directory).path)
            where name.hasSuffix(".ami") || name.hasSuffix(".yaml") {
                files.append(directory + "/" + name)
            }
        }
        return files.sorted()
    }
}
