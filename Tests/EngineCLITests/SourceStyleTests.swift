import Foundation
import TestSupport
import Testing

/// The style rules the formatter cannot enforce: no line of Swift longer than 120 characters, comments and string
/// literals included (`swift format lint` in the test command checks the rest).
@Suite("source style")
struct SourceStyleTests {
    static let limit = 120

    @Test("every line of Package.swift, Sources and Tests is at most 120 characters")
    func lineLength() throws {
        var files = ["Package.swift"]
        for folder in ["Sources", "Tests"] {
            let root = RepositoryFiles.url(folder)
            let walker = try #require(FileManager.default.enumerator(atPath: root.path))
            for case let path as String in walker where path.hasSuffix(".swift") {
                files.append("\(folder)/\(path)")
            }
        }
        #expect(files.count > 100)
        var long: [String] = []
        for file in files {
            let text = try String(contentsOf: RepositoryFiles.url(file), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.count > Self.limit {
                long.append("\(file):\(index + 1): \(line.count) characters")
            }
        }
        #expect(long.isEmpty, "\(long.joined(separator: "\n"))")
    }
}
