import Foundation
import TestSupport
import Testing

/// `engine explain` on every bundled capture, against golden files of its text form
/// (`Tests/EngineCLITests/Fixtures/explain/<capture>.txt`; after a deliberate change, rerun with
/// `SWITCHBOARD_UPDATE_GOLDEN=1` and review the diff).
@Suite("engine explain")
struct ExplainCommandTests {
    static let goldenFolder = RepositoryFiles.url("Tests/EngineCLITests/Fixtures/explain")

    /// Every capture of captures/ (the `.sent.ami` files are what Switchboard sent, not what it reads).
    static var captures: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.url("captures").path)) ?? []
        return names.filter { $0.hasSuffix(".ami") && !$0.hasSuffix(".sent.ami") }.map { String($0.dropLast(4)) }
            .sorted()
    }

    /// Runs `engine explain` in UTC (times in arguments are the machine's zone), events without a timestamp at a
    /// fixed time.
    static func explain(_ arguments: [String]) throws -> EngineProcess.Output {
        try EngineProcess.run(["explain", "--arrival", "1764064800"] + arguments, environment: ["TZ": "UTC"])
    }

    /// Compares `text` with the golden file `name`, or writes it when updating.
    static func checkGolden(_ text: String, _ name: String) throws {
        let url = goldenFolder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SWITCHBOARD_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: goldenFolder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try #require(
            try? String(contentsOf: url, encoding: .utf8),
            "no golden file \(name); run with SWITCHBOARD_UPDATE_GOLDEN=1 to write it"
        )
        let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = Array(zip(want, got)).firstIndex { $0 != $1 } ?? min(want.count, got.count)
        #expect(
            text == golden,
            """
            \(name) differs from its golden file at line \(first + 1):
              want: \(first < want.count ? String(want[first]) : "(end)")
              got:  \(first < got.count ? String(got[first]) : "(end)")
            """
        )
    }

    @Test("the bundled captures are all there", .tags(.golden))
    func capturesFound() {
        #expect(Self.captures.count >= 13, "\(Self.captures)")
    }

    @Test("text form of every bundled capture matches its golden file", .tags(.golden), arguments: captures)
    func golden(_ capture: String) throws {
        let output = try Self.explain([RepositoryFiles.capture(capture).path])
        #expect(output.status == 0, "\(output.stderr)")
        try Self.checkGolden(output.stdout, "\(capture).txt")
    }

    @Test("--call keeps one call; --rule keeps one rule and shows all its conditions", .tags(.golden))
    func filters() throws {
        let answered = RepositoryFiles.capture("answered").path
        let one = try Self.explain([answered, "--call", "1795564212.0", "--rule", "hide-when-ring-stops"])
        #expect(one.status == 0, "\(one.stderr)")
        try Self.checkGolden(one.stdout, "answered--rule-hide-when-ring-stops.txt")
        #expect(one.stdout.hasPrefix("call 1795564212.0:"))
        #expect(!one.stdout.contains("card-to-ringing-member"))

        let unknownCall = try Self.explain([answered, "--call", "nope"])
        #expect(unknownCall.status == 1)
        #expect(unknownCall.stderr.contains("no call nope in"))
        #expect(unknownCall.stderr.contains("1795564212.0"))
        let unknownRule = try Self.explain([answered, "--rule", "nope"])
        #expect(unknownRule.status == 1)
        #expect(unknownRule.stderr.contains("no rule `nope`"))
    }

    @Test("--format json: every step, every rule considered with every condition")
    func json() throws {
        let output = try Self.explain([RepositoryFiles.capture("answered").path, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let calls = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let call = try #require(calls.first { $0["call"] as? String == "1795564212.0" })
        #expect(call["ended"] as? Bool == true)
        let steps = try #require(call["steps"] as? [[String: Any]])
        #expect(steps.contains { $0["type"] as? String == "ami" && $0["event"] as? String == "Newchannel" })
        let ringing = steps.filter { $0["event"] as? String == "call.ringing" }
        #expect(ringing.count == 3)
        let rules = try #require(ringing.first?["rules"] as? [[String: Any]])
        let card = try #require(rules.first { $0["rule"] as? String == "card-to-ringing-member" })
        #expect(card["fired"] as? Bool == true)
        let conditions = try #require(card["conditions"] as? [[String: Any]])
        #expect(!conditions.isEmpty)
        #expect(conditions.allSatisfy { $0["outcome"] as? String == "true" })
        // The phone that answered stopped ringing too: its card stays, for `event.reason != "answered"` is false.
        let stops = steps.filter { $0["event"] as? String == "call.ring_stopped" }
        let hides = stops.compactMap { step in
            (step["rules"] as? [[String: Any]])?.first { $0["rule"] as? String == "hide-when-ring-stops" }
        }
        #expect(hides.count == 3)
        #expect(hides.filter { $0["fired"] as? Bool == true }.count == 2)
        let kept = try #require(hides.first { $0["fired"] as? Bool == false })
        let keptConditions = try #require(kept["conditions"] as? [[String: Any]])
        #expect(
            keptConditions.contains {
                $0["condition"] as? String == #"when event.reason != "answered""# && $0["outcome"] as? String == "false"
            },
            "\(keptConditions)"
        )
    }
}

extension Tag {
    @Tag static var golden: Self
}
