import ArgumentParser
import Foundation

/// Writes a rules folder of `count` rules generated from a folder of default rules, for `engine bench
/// rules`: the default files' lists, maps and macros once, then files of copies of the default rules
/// with distinct ids, each file with a list and a macro of its own used by two rules of its own.
public struct GeneratedRuleFolder {
    /// Where the folder was written.
    public let path: String
    /// How many rules it holds.
    public let ruleCount: Int

    /// Generates the folder under the system's temporary directory.
    public static func generate(from rulesFolder: String, count: Int) throws -> GeneratedRuleFolder {
        let fileManager = FileManager.default
        let folder = fileManager.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = try fileManager.contentsOfDirectory(atPath: rulesFolder).filter { $0.hasSuffix(".yaml") }.sorted()
        var ruleBlocks: [String] = []
        for name in names {
            let text = try String(contentsOfFile: "\(rulesFolder)/\(name)", encoding: .utf8)
            guard let rulesStart = text.range(of: "\nrules:\n") else {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
                continue
            }
            // Definitions stay once, in a file of their own.
            try String(text[..<rulesStart.lowerBound]).appending("\n")
                .write(to: folder.appendingPathComponent("00-\(name)"), atomically: true, encoding: .utf8)
            ruleBlocks.append(contentsOf: Self.ruleBlocks(String(text[rulesStart.upperBound...])))
        }
        guard !ruleBlocks.isEmpty else { throw ValidationError("no rules in \(rulesFolder)") }
        var written = 0
        var fileIndex = 0
        while written < count {
            fileIndex += 1
            let tag = String(format: "g%04d", fileIndex)
            var file = """
                version: 1
                lists:
                  \(tag)_queues: [sales-\(fileIndex), support-\(fileIndex), vip-\(fileIndex)]
                macros:
                  \(tag)_vip: 'has(call.caller) && call.caller.startsWith("7916") && \
                (call.queue ?? "") in \(tag)_queues'
                rules:

                """
            for copy in ["a", "b"] {
                for block in ruleBlocks where written < count - 2 {
                    file +=
                        block.replacingOccurrences(of: "  - id: ", with: "  - id: \(tag)\(copy)-", options: .anchored)
                        + "\n"
                    written += 1
                }
            }
            file += """
                  - id: \(tag)-vip-ringing
                    description: A VIP caller rings a phone of this file's queues.
                    on: call.ringing
                    when: \(tag)_vip && event.member.extension != ""
                    do:
                      - log: {message: "VIP call ${call.id} rings ${event.member.extension} \
                in ${event.queue ?? 'no queue'}"}
                  - id: \(tag)-queue-join
                    on: AgentCalled
                    match:
                      Queue: $\(tag)_queues
                      Interface|startswith: [PJSIP/, Local/]
                    when: event.CallerIDNum.matches("^7[0-9]{10}$")
                    do:
                      - call.set: {name: "\(tag)", value: "${extension(event.Interface)}"}

                """
            written += 2
            try file.write(to: folder.appendingPathComponent("\(tag).yaml"), atomically: true, encoding: .utf8)
        }
        return GeneratedRuleFolder(path: folder.path, ruleCount: written)
    }

    /// Removes the folder.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The text of each `- id:` item of a `rules:` section.
    private static func ruleBlocks(_ section: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  - id: ") {
                if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
                current = [line]
            } else if !current.isEmpty {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current.joined(separator: "\n")) }
        return blocks
    }
}
