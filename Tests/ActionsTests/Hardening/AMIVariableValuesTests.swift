import AMIProtocol
import Actions
import Adapters
import Engine
import Foundation
import Prometheus
import RuleDSL
import Simulators
import TestSupport
import Testing

/// Item 1 of the hardening issue, AMI `Variable:` values: a value built from rules that would set other variables
/// (`x,DB(bl/1)=0`), write a dialplan function or hang up every channel is refused — logged, counted, not sent —
/// and every value the check lets through reaches Asterisk byte for byte (proved against a port of Asterisk's own
/// splitter).
@Suite("AMI Variable values (hardening item 1)")
struct AMIVariableValuesTests {
    /// `man_do_variable_value` (main/manager.c) over `__ast_app_separate_args(buf, ',', 1, …)` (main/app.c), as
    /// Asterisk 22 parses one `Variable:` header value: the `name=value` items it sets.
    static func asteriskVariables(_ header: String) -> [(name: String, value: String)] {
        var bytes = Array(header.utf8.drop { $0 == 0x20 || $0 == 0x09 })
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        var items: [[UInt8]] = []
        var current: [UInt8] = []
        var paren = 0
        var bracket = 0
        var quote = false
        var index = 0
        var endedOnDelimiter = false
        while index < bytes.count {
            let byte = bytes[index]
            endedOnDelimiter = false
            switch byte {
            case UInt8(ascii: "("):
                paren += 1
                current.append(byte)
            case UInt8(ascii: ")"):
                paren = max(0, paren - 1)
                current.append(byte)
            case UInt8(ascii: "["):
                bracket += 1
                current.append(byte)
            case UInt8(ascii: "]"):
                bracket = max(0, bracket - 1)
                current.append(byte)
            case UInt8(ascii: "\""): quote.toggle()
            case UInt8(ascii: "\\"):
                // The backslash is removed and the next byte taken literally.
                index += 1
                if index < bytes.count { current.append(bytes[index]) }
            case UInt8(ascii: ",") where paren == 0 && !quote && bracket == 0:
                items.append(current)
                current = []
                endedOnDelimiter = true
            default: current.append(byte)
            }
            index += 1
        }
        if !current.isEmpty || endedOnDelimiter { items.append(current) }
        return items.compactMap { item in
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")), equals > 0 else { return nil }
            return (
                String(decoding: item[..<equals], as: UTF8.self),
                String(decoding: item[(equals + 1)...], as: UTF8.self)
            )
        }
    }

    @Test("AMI Variable values: the injection from the issue sets a second variable in Asterisk, and is refused")
    func amiVariableValuesInjectionIsRefused() throws {
        let parsed = Self.asteriskVariables("NOTE=x,DB(bl/1)=0")
        #expect(parsed.map(\.name) == ["NOTE", "DB(bl/1)"])
        #expect(throws: AMIFieldError.self) { try AMIFieldCheck.value("x,DB(bl/1)=0", field: "v") }
        for name in ["DB(bl/1)", "1X", "A-B", "", "A B", "X="] {
            #expect(throws: AMIFieldError.invalidVariableName(field: "n")) {
                try AMIFieldCheck.variableName(name, field: "n")
            }
        }
        for value in ["a,b", "a\"b", "a(b", "a)b", "a\\b", "a\0b", "a\rb", "a\nb"] {
            #expect(throws: AMIFieldError.self) { try AMIFieldCheck.value(value, field: "v") }
        }
        for value in ["vip ", "vip\t"] {
            #expect(throws: AMIFieldError.self) { try AMIFieldCheck.variableValue(value, field: "v") }
        }
        #expect(throws: AMIFieldError.channelPattern(field: "c")) { try AMIFieldCheck.channel("/.*/", field: "c") }
        try AMIFieldCheck.callerID("\"Ivanov Ivan\" <79161234567>", field: "cid")
        #expect(throws: AMIFieldError.self) { try AMIFieldCheck.callerID("a\r\nAction: Hangup", field: "cid") }
    }

    @Test("AMI Variable values: every value the check accepts reaches Asterisk unchanged (10,000 random values)")
    func amiVariableValuesAcceptedValuesAreParsedUnchanged() throws {
        let alphabet = Array("aZ09_ =,\"()\\[]{}<>;:/@.+-*'$%&|!?#~^`\t".utf8) + [0, 0x0A, 0x0D, 0xD0, 0x9F]
        var random = SplitMix64(seed: 19)
        var accepted = 0
        for _ in 0..<10_000 {
            let length = Int.random(in: 0...12, using: &random)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }
            let value = String(decoding: bytes, as: UTF8.self)
            guard (try? AMIFieldCheck.variableValue(value, field: "v")) != nil else { continue }
            accepted += 1
            let parsed = Self.asteriskVariables("NAME_1=\(value)")
            #expect(parsed.count == 1 && parsed.first?.name == "NAME_1" && parsed.first?.value == value, "\(bytes)")
        }
        #expect(accepted > 1_000)
    }

    static let rules = """
        version: 1
        rules:
          - id: tag-call
            on: call.started
            when: call.direction == "inbound"
            do:
              - ami.originate:
                  channel: "Local/201@agents"
                  context: agents
                  exten: "201"
                  variables: {NOTE: "x,DB(bl/1)=0"}
              - ami.originate:
                  channel: "Local/202@agents"
                  context: agents
                  exten: "202"
                  variables: {NOTE: "from the CRM: Ivanov [VIP]"}
              - ami.setvar: {channel: "Local/202@agents", variable: "DB(bl/1)", value: "0"}
              - ami.hangup: {channel: "/.*/"}
        """

    @Test("AMI Variable values: through the pipeline to the test AMI server, only the safe originate is sent")
    func amiVariableValuesPipelineSendsOnlySafeActions() async throws {
        let registry = SwitchboardMetrics.bootstrap()
        let refusedBefore = Self.refusedCount(registry)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inject-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.rules.write(to: folder.appendingPathComponent("inject.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleSetLoader.load(paths: [folder.path]).ruleSet)

        let server = try await AMITestServer.start()
        let client = AMIClient(configuration: server.clientConfiguration())
        try await client.connect()
        let logs = LogCapture()
        let pipeline = CallPipeline(
            engine: CallEngine(generation: RuleGeneration(number: 1, ruleSet: ruleSet)),
            scheduler: nil,
            ami: client,
            logger: logs.logger
        )
        let events = try AMICapture(contentsOf: RepositoryFiles.capture("answered")).events
        let sent = await withTaskGroup(of: Void.self) { sends in
            sends.addTask {
                await withTaskGroup(of: Void.self) { each in
                    for await work in pipeline.amiActions { each.addTask { await pipeline.perform(work) } }
                }
            }
            for message in events.prefix(while: { $0.name != "Hangup" }) { await pipeline.handle(message) }
            let sent = await eventually(timeout: .seconds(20)) {
                server.receivedActions.contains { $0.name?.lowercased() == "originate" }
                    && logs.all.filter { $0.contains("refused") }.count >= 3
            }
            // The originate waits for its OriginateResponse (which the test server never sends): closing the client
            // ends that wait, as the daemon's shutdown does.
            await client.close()
            sends.cancelAll()
            return sent
        }
        #expect(sent, "\(logs.all.suffix(20))")
        let originates = server.receivedActions.filter { $0.name?.lowercased() == "originate" }
        #expect(originates.count == 1)
        #expect(originates.first?["Variable"] == "NOTE=from the CRM: Ivanov [VIP]")
        #expect(!server.receivedActions.contains { ["setvar", "hangup"].contains($0.name?.lowercased() ?? "") })
        let refusals = logs.all.filter { $0.contains("action failed") && $0.contains("refused") }
        #expect(refusals.count == 3, "\(refusals)")
        #expect(refusals.contains { $0.contains("argument `variables.NOTE`") && $0.contains("','") })
        #expect(refusals.contains { $0.contains("[A-Za-z_][A-Za-z0-9_]*") })
        #expect(refusals.contains { $0.contains("pattern over every channel") })
        #expect(!refusals.contains { $0.contains("DB(bl/1)=0") }, "the value is never quoted")
        #expect(Self.refusedCount(registry) >= refusedBefore + 3)
        await server.stop()
    }

    static func refusedCount(_ registry: PrometheusCollectorRegistry) -> Int {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("switchboard_actions_refused_total{reason=\"unsafe_ami_value\"}") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? 0
    }
}
