import Foundation

/// Locates the shared/ folder beside the repository (`<clone>/../shared`) and the repository's rules/.
enum SharedFiles {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // EngineTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository

    static let root: URL = repository.deletingLastPathComponent().appendingPathComponent("shared")

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// The default rules shipped in rules/.
    static var rulesFolder: String { repository.appendingPathComponent("rules").path }
}
