import AMIProtocol
import Doctor
import Engine
import Foundation
import RuleDSL
import Simulators
import TestSupport
import Testing

/// The manager.conf `engine asterisk manager-conf` prints: Asterisk reading it keeps every event the engine reads
/// (the same engine events for every recorded call) and drops the noise; the deploy guide shows it verbatim.
@Suite("manager.conf snippet")
struct ManagerConfSnippetTests {
    static func user() throws -> ManagerUser {
        try #require(ManagerConf(text: DoctorRig.healthyManagerConf()).user(named: "switchboard"))
    }

    @Test("every recorded call tells the call model the same story through the snippet's read classes and filter")
    func sameStory() throws {
        let user = try Self.user()
        let arrival = Date(timeIntervalSince1970: 1_795_564_211)
        var dropped = 0
        var total = 0
        var files = 0
        for file in try RepositoryFiles.captureFiles() where file.hasSuffix(".ami") {
            let events = AMICapture(bytes: try RepositoryFiles.bytes(file)).events
            let kept = events.filter { event in
                let classes = AMIClassSet.privilege(of: event) ?? .none
                return user.read.isSuperset(of: classes) && user.eventFilters.allows(event)
            }
            var whole = CallModel()
            var filtered = CallModel()
            let expected = events.flatMap { whole.handle($0, arrival: arrival) }
            let seen = kept.flatMap { filtered.handle($0, arrival: arrival) }
            #expect(seen == expected, "\(file): \(expected.count) engine events unfiltered, \(seen.count) filtered")
            dropped += events.count - kept.count
            total += events.count
            files += 1
        }
        #expect(files > 10)
        // The filter earns its keep: most of what Asterisk sends is noise to the engine.
        #expect(dropped * 2 > total, "dropped \(dropped) of \(total) events")
    }

    @Test("the snippet passes engine doctor's own filter check, and Asterisk accepts every line of it")
    func selfConsistent() throws {
        let user = try Self.user()
        #expect(user.refusedFilters.isEmpty)
        #expect(user.ignoredLabels.isEmpty)
        #expect(user.writeTimeout == 5000)
        let requirements = try EngineRequirementsTests.bundled()
        #expect(user.eventFilters.filters.count == requirements.events.count)
        #expect(user.read == requirements.readClasses)
        #expect(user.write == requirements.minimalWriteClasses)
        #expect(ManagerConf(text: DoctorRig.healthyManagerConf()).general.timestampEvents)
    }

    @Test("docs/deploy.md shows what `engine asterisk manager-conf` prints for the bundled rules")
    func deployGuide() throws {
        let guide = try String(contentsOf: RepositoryFiles.url("docs/deploy.md"), encoding: .utf8)
        let begin = try #require(guide.range(of: "<!-- manager-conf:begin -->\n```ini\n"))
        let end = try #require(guide.range(of: "```\n<!-- manager-conf:end -->"))
        let shown = String(guide[begin.upperBound..<end.lowerBound])
        let printed = ManagerConfSnippet.render(
            try EngineRequirementsTests.bundled(),
            username: "switchboard",
            source: "the rules in rules/"
        )
        #expect(shown == printed, "regenerate with: swift run engine asterisk manager-conf --rules rules")
    }
}
