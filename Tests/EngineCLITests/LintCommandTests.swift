import Foundation
import TestSupport
import Testing

/// `engine lint` as a user runs it: output formats, exit codes, `--explain`.
@Suite struct LintCommandTests {
    static let corpus = "Tests/RuleDSLTests/Corpus/yaml"

    @Test func bundledRulesLintCleanWithExitZero() throws {
        let output = try EngineProcess.run(["lint", "rules"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.hasSuffix("0 errors, 0 warnings in 8 files\n"))
    }

    @Test func humanOutputShowsLocationSnippetUnderlineAndHelp() throws {
        let output = try EngineProcess.run(["lint", "\(Self.corpus)/01-tag-as-condition.yaml"])
        #expect(output.status == 1)
        let expected = """
            \(Self.corpus)/01-tag-as-condition.yaml:7:11: error[E103]: value is a YAML tag, not text: \
            `!crm.found` leaves the value empty
              |
            7 |     when: !crm.found
              |           ^^^^^^^^^^ libyaml read `!crm.found` as a tag and an empty value
              = help: quote it (`"!crm.found"`) or use a block scalar (`>-` and the text on the next line)

            1 error, 0 warnings in 1 file

            """
        #expect(output.stdout == expected)
    }

    @Test func everyFileOfTheCorpusIsReportedInOneRun() throws {
        let output = try EngineProcess.run(["lint", Self.corpus, "--format", "json"])
        #expect(output.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let files = Set(diagnostics.compactMap { ($0["range"] as? [String: Any])?["file"] as? String })
        let corpusFiles = try FileManager.default.contentsOfDirectory(
            atPath: RepositoryFiles.root.appendingPathComponent(Self.corpus).path
        ).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == corpusFiles.count)
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary["files"] == corpusFiles.count)
        #expect(summary["warnings"] == 1)
    }

    @Test func sarifOutputIsAValidSarifLog() throws {
        let output = try EngineProcess.run([
            "lint", "\(Self.corpus)/05-duplicate-key-in-rule.yaml", "--format", "sarif",
        ])
        #expect(output.status == 1)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let result = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(result["ruleId"] as? String == "E102")
        let index = try #require(result["ruleIndex"] as? Int)
        #expect(rules[index]["id"] as? String == "E102")
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let region = try #require((location["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])
        #expect(region["startLine"] == 8 && region["startColumn"] == 5 && region["endColumn"] == 9)
        let related = try #require((result["relatedLocations"] as? [[String: Any]])?.first)
        let relatedRegion = (related["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
        #expect(relatedRegion?["startLine"] == 7)
    }

    @Test func githubFormatEmitsWorkflowCommands() throws {
        let output = try EngineProcess.run(["lint", "\(Self.corpus)/14-comment-cuts-value.yaml", "--format", "github"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("::warning file=\(Self.corpus)/14-comment-cuts-value.yaml,line=6,col=53,"))
    }

    @Test func warningsFailOnlyUnderStrict() throws {
        let file = "\(Self.corpus)/14-comment-cuts-value.yaml"
        #expect(try EngineProcess.run(["lint", file]).status == 0)
        #expect(try EngineProcess.run(["lint", "--strict", file]).status == 3)
    }

    @Test func inlineIgnoreSilencesAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-ignore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("r.yaml")
        let text = """
            version: 1
            rules:
              - id: overflow
                # engine: ignore[W108]
                description: move to the queue of line #2
                on: call.queue_left
                do: [{log: {message: overflow}}]

            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        let output = try EngineProcess.run(["lint", "--strict", file.path])
        #expect(output.status == 0, "\(output.stdout)")
        try text.replacingOccurrences(of: "# engine: ignore[W108]", with: "# no ignore").write(
            to: file,
            atomically: true,
            encoding: .utf8
        )
        let unsilenced = try EngineProcess.run(["lint", "--strict", file.path])
        #expect(unsilenced.status == 3, "\(unsilenced.stdout)")
    }

    @Test func explainPrintsTheCodeAndUnknownCodesFail() throws {
        let output = try EngineProcess.run(["lint", "--explain", "E103"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("E103 yaml-tag-on-scalar (error):"))
        #expect(output.stdout.contains("when: \"!crm.found\""))
        let unknown = try EngineProcess.run(["lint", "--explain", "E999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown diagnostic code"))
    }

    @Test func missingPathIsReportedNotCrashed() throws {
        let output = try EngineProcess.run(["lint", "no/such/rules"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("no/such/rules:1:1: error[E001]: no such file or folder"))
    }
}
