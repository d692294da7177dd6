import Foundation
import TestSupport
import Testing

/// The engine-queue dialplan is written once: README and docs/queues.md show the same lines, which ask with the
/// script the tests ask with and read only the variables the engine sets.
@Suite struct EngineQueueSnippetTests {
    /// The fenced block that holds `AGI(agi://…/queue`, as lines.
    static func snippet(in file: String) throws -> [String] {
        let text = try String(contentsOf: RepositoryFiles.url(file), encoding: .utf8)
        let blocks = text.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let block = try #require(blocks.first { $0.contains("/queue?name=") }, "no engine-queue snippet in \(file)")
        return block.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    @Test func readmeAndDocsShowTheSameDialplan() throws {
        let readme = try Self.snippet(in: "README.md")
        #expect(readme == (try Self.snippet(in: "docs/queues.md")))
        #expect(readme.contains(" same => n,AGI(agi://127.0.0.1:4573/queue?name=sales&status=${DIALSTATUS})"))
        let read = Set(
            readme.joined().components(separatedBy: "${").dropFirst().compactMap { $0.split(separator: "}").first }
        )
        let engineSets: Set<Substring> = [
            "QUEUE_ACTION", "QUEUE_DIAL", "QUEUE_RING", "QUEUE_WAIT", "QUEUE_CONTEXT", "QUEUE_EXTEN", "QUEUE_PRIORITY",
            "DIALSTATUS",
        ]
        #expect(read == engineSets, "the snippet reads \(read.sorted())")
    }
}
