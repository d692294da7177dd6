import Foundation
import Synchronization
import Testing

@testable import RuleDSL

/// Reading a rules folder for a reload: symbolic links followed (a Kubernetes ConfigMap, a swapped folder link),
/// and a file or link that changes while the folder is read makes it read again — never half of each version.
@Suite("Rules folder snapshot")
struct RuleFolderSnapshotTests {
    static func rule(_ id: String) -> String {
        """
        version: 1
        rules:
          - id: \(id)
            on: call.started
            do:
              - log: {message: "\(id)"}

        """
    }

    /// A fresh temporary folder, removed after `body`.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Points `link` at `target` atomically (a new link renamed over the old one), as `ln -sfn` + `mv -T` do.
    static func swapLink(_ link: URL, to target: String) throws {
        let temporary = link.deletingLastPathComponent().appendingPathComponent(".swap-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: target)
        guard rename(temporary.path, link.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    static func ids(_ result: RuleSetLoader.Result) -> [String] {
        result.ruleSet?.rules.map(\.id) ?? []
    }

    @Test("a ConfigMap mount (files → ..data/… → ..<stamp>/…) loads, and follows ..data when it is swapped")
    func configMap() throws {
        try Self.withFolder { folder in
            let mount = folder.appendingPathComponent("rules")
            try Self.write(Self.rule("first-a"), to: mount.appendingPathComponent("..2025_01_01/10-a.yaml"))
            try Self.write(Self.rule("first-b"), to: mount.appendingPathComponent("..2025_01_01/20-b.yaml"))
            try Self.swapLink(mount.appendingPathComponent("..data"), to: "..2025_01_01")
            for name in ["10-a.yaml", "20-b.yaml"] {
                try FileManager.default.createSymbolicLink(
                    atPath: mount.appendingPathComponent(name).path,
                    withDestinationPath: "..data/\(name)"
                )
            }
            let first = RuleSetLoader.load(paths: [mount.path])
            #expect(first.report.errorCount == 0, "\(DiagnosticFormat.human.render(first.report))")
            #expect(Self.ids(first) == ["first-a", "first-b"])

            try Self.write(Self.rule("second-a"), to: mount.appendingPathComponent("..2025_01_02/10-a.yaml"))
            try Self.write(Self.rule("second-b"), to: mount.appendingPathComponent("..2025_01_02/20-b.yaml"))
            try Self.swapLink(mount.appendingPathComponent("..data"), to: "..2025_01_02")
            try FileManager.default.removeItem(at: mount.appendingPathComponent("..2025_01_01"))
            #expect(Self.ids(RuleSetLoader.load(paths: [mount.path])) == ["second-a", "second-b"])
        }
    }

    @Test("a folder link swapped while the folder is read: read again, wholly the new version")
    func folderLinkSwappedMidRead() throws {
        try Self.withFolder { folder in
            for (version, names) in [
                ("a", ["10-x.yaml", "20-y.yaml"]), ("b", ["10-x.yaml", "15-z.yaml", "20-y.yaml"]),
            ] {
                for name in names {
                    try Self.write(
                        Self.rule("\(version)-\(name.dropLast(5).dropFirst(3))"),
                        to: folder.appendingPathComponent("rules-\(version)/\(name)")
                    )
                }
            }
            let link = folder.appendingPathComponent("rules")
            try Self.swapLink(link, to: "rules-a")
            let swapped = Mutex(false)
            let snapshot = RuleFolderSnapshot.read(paths: [link.path], limits: .default, maxAttempts: 5) { _ in
                let first = swapped.withLock { done in
                    defer { done = true }
                    return !done
                }
                if first { try? Self.swapLink(link, to: "rules-b") }
            }
            #expect(snapshot.attempts == 2)
            #expect(snapshot.problems.isEmpty)
            var cache = RuleFileCache()
            let result = RuleSetLoader.load(snapshot, cache: &cache)
            #expect(Self.ids(result) == ["b-x", "b-z", "b-y"])
            #expect(snapshot.files.allSatisfy { $0.identity.resolvedPath.contains("rules-b") })
        }
    }

    @Test("a file rewritten while it is read: read again, its new text is what loads")
    func fileChangedMidRead() throws {
        try Self.withFolder { folder in
            let file = folder.appendingPathComponent("10-a.yaml")
            try Self.write(Self.rule("old"), to: file)
            let rewritten = Mutex(false)
            let snapshot = RuleFolderSnapshot.read(paths: [folder.path], limits: .default, maxAttempts: 5) { _ in
                let first = rewritten.withLock { done in
                    defer { done = true }
                    return !done
                }
                // Written in place (same inode), as an editor that does not rename would.
                if first, let handle = FileHandle(forWritingAtPath: file.path) {
                    handle.truncateFile(atOffset: 0)
                    handle.write(Data(Self.rule("new-longer-id").utf8))
                    try? handle.close()
                }
            }
            #expect(snapshot.attempts == 2)
            var cache = RuleFileCache()
            #expect(Self.ids(RuleSetLoader.load(snapshot, cache: &cache)) == ["new-longer-id"])
        }
    }

    @Test("a folder that never stops changing: an error, nothing to apply")
    func neverSettles() throws {
        try Self.withFolder { folder in
            let file = folder.appendingPathComponent("10-a.yaml")
            try Self.write(Self.rule("start"), to: file)
            let counter = Mutex(0)
            let snapshot = RuleFolderSnapshot.read(paths: [folder.path], limits: .default, maxAttempts: 3) { _ in
                let next = counter.withLock { count in
                    count += 1
                    return count
                }
                try? Self.write(Self.rule("v\(next)"), to: file)
            }
            #expect(snapshot.attempts == 3)
            var cache = RuleFileCache()
            let result = RuleSetLoader.load(snapshot, cache: &cache)
            #expect(result.ruleSet == nil)
            #expect(result.report.diagnostics.contains { $0.message.contains("kept changing while they were read") })
        }
    }

    @Test("the cache: an unchanged file is not parsed again, a changed one is; results equal a fresh load")
    func cache() throws {
        try Self.withFolder { folder in
            try Self.write(Self.rule("one"), to: folder.appendingPathComponent("10-a.yaml"))
            try Self.write(Self.rule("two"), to: folder.appendingPathComponent("20-b.yaml"))
            var cache = RuleFileCache()
            let first = RuleSetLoader.load(RuleFolderSnapshot.read(paths: [folder.path]), cache: &cache)
            #expect(Self.ids(first) == ["one", "two"])
            #expect(cache.count == 2)
            try Self.write(Self.rule("three"), to: folder.appendingPathComponent("20-b.yaml"))
            try FileManager.default.removeItem(at: folder.appendingPathComponent("10-a.yaml"))
            let second = RuleSetLoader.load(RuleFolderSnapshot.read(paths: [folder.path]), cache: &cache)
            #expect(Self.ids(second) == ["three"])
            #expect(cache.count == 1)
            #expect(Self.ids(second) == Self.ids(RuleSetLoader.load(paths: [folder.path])))
        }
    }

    @Test("compiled files are reused only while the definitions are the same: a macro edited elsewhere recompiles")
    func compileCache() throws {
        try Self.withFolder { folder in
            func definitions(_ caller: String) -> String {
                "version: 1\nlists:\n  spare: [x]\nmacros:\n"
                    + "  vip: 'has(event.caller) && event.caller == \"\(caller)\"'\n"
            }
            let rules = """
                version: 1
                rules:
                  - id: vip-call
                    on: call.started
                    when: vip
                    do:
                      - log: {message: "vip"}

                """
            try Self.write(definitions("1"), to: folder.appendingPathComponent("00-defs.yaml"))
            try Self.write(rules, to: folder.appendingPathComponent("10-rules.yaml"))
            var cache = RuleFileCache()
            func fires(for caller: String) throws -> Bool {
                let result = RuleSetLoader.load(RuleFolderSnapshot.read(paths: [folder.path]), cache: &cache)
                let fresh = RuleSetLoader.load(paths: [folder.path])
                #expect(
                    result.report.diagnostics.map(\.message).sorted()
                        == fresh.report.diagnostics.map(\.message).sorted()
                )
                let rule = try #require(result.ruleSet?.rules.first)
                let context = EvaluationContext(
                    variables: ["event": .map(["caller": .string(caller)])],
                    functions: FunctionBindings(),
                    mode: .condition
                )
                return rule.fires(in: context)
            }
            #expect(try fires(for: "1"))
            #expect(try fires(for: "1"))  // everything reused
            try Self.write(definitions("2"), to: folder.appendingPathComponent("00-defs.yaml"))
            #expect(try !fires(for: "1"))  // 10-rules.yaml unchanged, but its macro changed: compiled again
            #expect(try fires(for: "2"))
            #expect(cache.compiled.count == 2)
        }
    }
}
