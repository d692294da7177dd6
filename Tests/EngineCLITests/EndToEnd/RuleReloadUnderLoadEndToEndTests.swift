import Foundation
import Simulators
import TestSupport
import Testing

/// Reload you can trust, under load: every bundled capture replayed at full speed into the real `engine run` while its
/// rules folder — a symbolic link swapped atomically, Kubernetes style — alternates 100 times between two textually
/// different, behaviourally identical rule sets (SIGHUP each time), some of those reloads meeting a broken file. The
/// generation advances once per good reload and never on a broken one (which the metric and the console report), and
/// per Bitrix24 call the fake portal received exactly what it receives from a run without any reload (the same
/// commands, each user's cards in the same order; hides of different users are independent and may cross).
@Suite("end to end: reloads under load", .serialized)
struct RuleReloadUnderLoadEndToEndTests {
    static let reloads = 100
    /// Reloads that meet the broken folder (the others alternate between the two good ones).
    static func isBroken(_ reload: Int) -> Bool { reload % 10 == 5 }

    /// Every capture of captures/ (not the `.sent.ami` records of what was sent).
    static var captures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.url("captures").path)) ?? []
        return names.filter { $0.hasSuffix(".ami") && !$0.hasSuffix(".sent.ami") }.map { String($0.dropLast(4)) }
            .sorted()
    }

    /// The `answered` call again under another Linkedid: replayed last, its finish means every earlier event was
    /// handled (one pipeline, wire order).
    static let sentinel = "1795569999.0"

    @Test("100 reloads (10 broken) during a full-speed replay of every capture: same commands per call as no reload")
    func reloadsUnderLoad() async throws {
        let captures = Self.captures
        #expect(captures.count >= 13, "\(captures)")
        let untimed: Set<String> = ["\(EndToEndRig.pbxID):\(ExpectedCall.answeredNoTimestamps.linkedid)"]

        let baseline = try await EndToEndRig.with { rig in
            try await rig.startEngine()
            for capture in captures { try await rig.replay(capture) }
            try await Self.finish(rig)
            return PortalCommands.perCall(rig.portal.journal, untimed: untimed)
        }
        #expect(baseline.count >= 10, "\(baseline.keys.sorted())")

        let reloaded = try await EndToEndRig.with { rig in
            let folders = try Self.prepareFolders(rig)
            try await rig.startEngine()
            let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init), "\(rig.log)")
            var state = ReloadState()
            let perCapture = (Self.reloads + captures.count - 1) / captures.count
            for capture in captures {
                let batch = min(perCapture, Self.reloads - state.done)
                let before = state
                async let reloading: ReloadState = Self.reload(batch, from: before, rig: rig, admin: admin, folders)
                try await rig.replay(capture)
                state = try await reloading
            }
            #expect(state.done == Self.reloads)
            let metrics = try await admin.get("/metrics").body
            #expect(AdminEndpoint.sample(metrics, "switchboard_rules_generation") == Double(1 + state.good))
            #expect(
                AdminEndpoint.sample(metrics, "switchboard_rule_reloads_total", labels: ["result": "ok"])
                    == Double(state.good)
            )
            #expect(
                AdminEndpoint.sample(metrics, "switchboard_rule_reloads_total", labels: ["result": "failed"])
                    == Double(state.broken)
            )
            try await Self.finish(rig)
            return PortalCommands.perCall(rig.portal.journal, untimed: untimed)
        }

        #expect(Set(reloaded.keys) == Set(baseline.keys))
        for (call, commands) in baseline.sorted(by: { $0.key < $1.key }) {
            let got = (reloaded[call] ?? []).joined(separator: "\n")
            #expect(
                PortalCommands.orderThatMatters(reloaded[call] ?? []) == PortalCommands.orderThatMatters(commands),
                "\(call): without reloads\n\(commands.joined(separator: "\n"))\nwith reloads\n\(got)"
            )
        }
    }

    /// How far the reloads got.
    struct ReloadState: Sendable {
        var done = 0
        var good = 0
        var broken = 0
        var generation: Int { 1 + good }
    }

    /// The rule sets: `rules` → `rules-a` (the default rules), `rules-b` (the same rules, other text and file names),
    /// `rules-broken` (rules-a and a file that does not load).
    struct Folders: Sendable {
        var link: URL
    }

    static func prepareFolders(_ rig: EndToEndRig) throws -> Folders {
        let fileManager = FileManager.default
        let root = rig.rulesFolder.deletingLastPathComponent()
        let a = root.appendingPathComponent("rules-a")
        try fileManager.moveItem(at: rig.rulesFolder, to: a)
        let b = root.appendingPathComponent("rules-b")
        let broken = root.appendingPathComponent("rules-broken")
        try fileManager.createDirectory(at: b, withIntermediateDirectories: true)
        try fileManager.copyItem(at: a, to: broken)
        for name in try fileManager.contentsOfDirectory(atPath: a.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: a.appendingPathComponent(name), encoding: .utf8)
            let variant = "# Variant B of \(name): the same rules in other words.\n\n" + text + "\n# end of file\n"
            let renamed = name.replacingOccurrences(of: ".yaml", with: "-variant-b.yaml")
            try variant.write(to: b.appendingPathComponent(renamed), atomically: true, encoding: .utf8)
        }
        try """
        version: 1
        rules:
          - id: finish-inbound-broken
            on: call.ended
            when: call.direction ==
            do: [{b24.finish_call: {call: "x"}}]

        """.write(to: broken.appendingPathComponent("35-broken.yaml"), atomically: true, encoding: .utf8)
        try swapLink(rig.rulesFolder, to: "rules-a")
        return Folders(link: rig.rulesFolder)
    }

    /// Points `link` at `target` atomically: a new link renamed over the old one (what a ConfigMap update does).
    static func swapLink(_ link: URL, to target: String) throws {
        let temporary = link.deletingLastPathComponent().appendingPathComponent(".rules-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: temporary.path, withDestinationPath: target)
        guard rename(temporary.path, link.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: link.path])
        }
    }

    /// `count` reloads, one after the other, each awaited: the generation must advance exactly once on a good folder
    /// and not at all on the broken one (which the metric and the console must report).
    static func reload(
        _ count: Int,
        from start: ReloadState,
        rig: EndToEndRig,
        admin: AdminEndpoint,
        _ folders: Folders
    ) async throws -> ReloadState {
        var state = start
        for _ in 0..<count {
            let number = state.done + 1
            let broken = isBroken(number)
            try swapLink(folders.link, to: broken ? "rules-broken" : number % 2 == 0 ? "rules-a" : "rules-b")
            rig.send(SIGHUP)
            if broken {
                state.broken += 1
                let failed = await eventually(timeout: .seconds(30)) {
                    let metrics = (try? await admin.get("/metrics").body) ?? ""
                    return AdminEndpoint.sample(metrics, "switchboard_rule_reloads_total", labels: ["result": "failed"])
                        == Double(state.broken)
                }
                #expect(failed, "reload \(number): the broken folder was not reported\n\(rig.log.suffix(3000))")
                let metrics = try await admin.get("/metrics").body
                #expect(AdminEndpoint.sample(metrics, "switchboard_rules_last_reload_successful") == 0)
                #expect(AdminEndpoint.sample(metrics, "switchboard_rules_generation") == Double(state.generation))
                let console = try await admin.get("/").body
                #expect(console.contains("id=\"last-reload\" data-succeeded=\"false\""))
                #expect(console.contains("35-broken.yaml"), "the console does not show the diagnostic")
                #expect(console.contains("data-generation=\"\(state.generation)\""))
            } else {
                state.good += 1
                let generation = state.generation
                let advanced = await eventually(timeout: .seconds(30)) {
                    let metrics = (try? await admin.get("/metrics").body) ?? ""
                    return AdminEndpoint.sample(metrics, "switchboard_rules_generation") == Double(generation)
                        && AdminEndpoint.sample(metrics, "switchboard_rules_last_reload_successful") == 1
                }
                #expect(advanced, "reload \(number): generation \(generation) never came\n\(rig.log.suffix(3000))")
            }
            state.done += 1
        }
        return state
    }

    /// Replays the sentinel call, waits for its finish and an empty outbox, and stops the engine (draining).
    static func finish(_ rig: EndToEndRig) async throws {
        let bytes = try RepositoryFiles.bytes("captures/answered.ami")
        // Channel ids only (`Uniqueid:`, `DestLinkedid:` …): the timestamps stay as recorded. Split on bytes: a
        // String takes "\r\n" for one character.
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            let text = String(decoding: line, as: UTF8.self)
            let name = text.prefix { $0 != ":" }.lowercased()
            guard name.hasSuffix("uniqueid") || name.hasSuffix("linkedid") else { return text }
            return text.replacingOccurrences(of: "1795564212.", with: "1795569999.")
        }
        await rig.ami.replay(AMICapture(bytes: Array(lines.joined(separator: "\n").utf8)))
        #expect(await rig.awaitFinish(of: sentinel, timeout: .seconds(60)), "\(rig.describeJournal())")
        let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init))
        let drained = await eventually(timeout: .seconds(30)) {
            let metrics = (try? await admin.get("/metrics").body) ?? ""
            return metrics.contains("switchboard_outbox_depth")
                && AdminEndpoint.sample(metrics, "switchboard_outbox_depth") == 0
        }
        #expect(drained)
        #expect(await rig.stopEngine() == 0, "\(rig.log.suffix(3000))")
    }
}
