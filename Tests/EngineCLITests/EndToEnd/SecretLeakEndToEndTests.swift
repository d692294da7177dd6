import Foundation
import Simulators
import TestSupport
import Testing

/// The engine never prints a secret: not in its logs (normal run, wrong AMI secret, a portal refusing the
/// webhook), not in `engine lint` / `engine config check` output, not in error messages for a bad config.
@Suite("end to end: no secret in anything the engine prints", .serialized)
struct SecretLeakEndToEndTests {
    /// Extra texts to scan, fetched from a running engine (the rig of a normal run, after a replayed call):
    /// e.g. `/metrics` and `/healthz` bodies.
    typealias ExtraTexts = @Sendable (EndToEndRig) async throws -> [ProducedText]

    @Test("logs, lint and config-check output, error messages, admin pages: no webhook secret, AMI secret or app token")
    func noSecretsAnywhere() async throws {
        let texts = try await Self.collectEngineTexts(extraTexts: Self.adminPages(call: ExpectedCall.answered.linkedid))
        #expect(texts.count >= 14)
        #expect(
            texts.allSatisfy { !$0.text.isEmpty },
            "an output was empty: \(texts.filter { $0.text.isEmpty }.map(\.source))"
        )
        SecretScan.expectNoSecrets(in: texts)
    }

    @Test("a secret of the wrong YAML type is not quoted back in the config diagnostics")
    func wrongTypeSecretsStayHidden() async throws {
        let texts = try await Self.wrongTypeSecretOutputs()
        #expect(texts.allSatisfy { !$0.text.isEmpty })
        SecretScan.expectNoSecrets(in: texts)
    }

    @Test("the scan finds a secret where there is one")
    func scanFindsPlantedSecret() {
        let planted = [ProducedText(source: "planted", text: "ok\nPOST \(EndToEndRig.webhookSecret)/x\n")]
        #expect(SecretScan.leaks(in: planted).count == 1)
        #expect(SecretScan.leaks(in: [ProducedText(source: "clean", text: "nothing here")]).isEmpty)
    }

    /// Runs the engine in every way that prints something and returns what it printed; `extraTexts` adds texts
    /// fetched while the normal run's engine is up (after one call went through).
    static func collectEngineTexts(extraTexts: ExtraTexts = { _ in [] }) async throws -> [ProducedText] {
        var texts: [ProducedText] = []
        texts += try await normalRun(extraTexts: extraTexts)
        texts += try await wrongAMISecretRun()
        texts += try await refusedWebhookRun()
        texts += try await commandOutputs()
        return texts
    }

    /// A call goes through end to end.
    static func normalRun(extraTexts: ExtraTexts) async throws -> [ProducedText] {
        try await EndToEndRig.with { rig in
            try await rig.startEngine()
            try await rig.replay("answered")
            #expect(await rig.awaitFinish(of: ExpectedCall.answered.linkedid), "\(rig.log)")
            let extra = try await extraTexts(rig)
            rig.send(SIGHUP)
            #expect(await rig.awaitLog("rules reloaded"))
            #expect(await rig.stopEngine() == 0)
            return [ProducedText(source: "engine run (normal)", text: rig.log)] + extra
        }
    }

    /// The admin listener's pages after `call` went through: the console, the call's trace (HTML and JSON),
    /// metrics and health.
    static func adminPages(call: String) -> ExtraTexts {
        { rig in
            let admin = try #require(AdminEndpoint.port(inLog: rig.log).map(AdminEndpoint.init), "\(rig.log)")
            var texts: [ProducedText] = []
            for path in ["/", "/live", "/calls/\(call)", "/api/calls", "/api/calls/\(call)", "/metrics", "/healthz"] {
                let page = try await admin.get(path)
                #expect(page.status == 200 || (path == "/healthz" && page.status == 503), "\(path): \(page.status)")
                texts.append(ProducedText(source: "admin GET \(path)", text: page.body))
            }
            return texts
        }
    }

    /// `AMI_SECRET` is wrong: Asterisk refuses the login, the engine keeps retrying.
    static func wrongAMISecretRun() async throws -> [ProducedText] {
        try await EndToEndRig.with { rig in
            try rig.launchEngine(environment: ["AMI_SECRET": "wrong-\(EndToEndRig.amiSecret)"])
            #expect(await eventually(timeout: .seconds(20)) { rig.ami.failedLoginCount >= 1 }, "\(rig.log)")
            #expect(await rig.awaitLog("AMI connection failed"), "\(rig.log)")
            #expect(await rig.stopEngine() == 0, "\(rig.log)")
            return [ProducedText(source: "engine run (wrong AMI secret)", text: rig.log)]
        }
    }

    /// The portal answers 401 INVALID_CREDENTIALS to everything (webhook deleted): probes and a call's commands fail.
    static func refusedWebhookRun() async throws -> [ProducedText] {
        try await EndToEndRig.with { rig in
            rig.portal.injectFault(.invalidCredentials, times: 100_000)
            try await rig.startEngine(extraArguments: ["--drain-seconds", "0.5"])
            try await rig.replay("answered")
            let refused = await eventually(timeout: .seconds(20)) {
                rig.portal.journal.filter { $0.status == 401 }.count >= 3
            }
            #expect(refused, "\(rig.describeJournal())\n\(rig.log)")
            // The console shows the refused commands' reasons (dead letters, the trace's portal answers).
            let pages = try await adminPages(call: ExpectedCall.answered.linkedid)(rig)
            // SIGKILL: with the portal paused, SIGTERM does not end the engine in time (ShutdownEndToEndTests).
            await rig.stopEngine(signal: SIGKILL)
            return [ProducedText(source: "engine run (portal answers 401)", text: rig.log)] + pages
        }
    }

    /// `engine config check` (good and bad configs, human and JSON), `engine lint`, and `engine run` on a bad config —
    /// the bad config carries its secrets inline, as some installations do.
    static func commandOutputs() async throws -> [ProducedText] {
        try await EndToEndRig.with { rig in
            let config = rig.folder.appendingPathComponent("engine.yaml").path
            let inline = rig.folder.appendingPathComponent("inline-secrets.yaml")
            try """
            pbx: {id: e2e}
            ami: {host: 127.0.0.1, port: 1, username: switchboard, secret: "\(EndToEndRig.amiSecret)", colour: red}
            bitrix24:
              webhook_url: "\(rig.portal.webhookURL)"
              application_token: "\(EndToEndRig.appToken)"
              default_user: one
            rules: \(rig.rulesFolder.path)
            state: \(rig.folder.appendingPathComponent("var/bad.sqlite").path)
            """.write(to: inline, atomically: true, encoding: .utf8)
            let badURL = rig.folder.appendingPathComponent("bad-url.yaml")
            try """
            ami: {host: 127.0.0.1, port: 1, username: switchboard, secret: "${AMI_SECRET}"}
            bitrix24: {webhook_url: "ftp://acme/rest/1/\(EndToEndRig.webhookSecret)", default_user: 1}
            rules: \(rig.rulesFolder.path)
            state: \(rig.folder.appendingPathComponent("var/bad-url.sqlite").path)
            """.write(to: badURL, atomically: true, encoding: .utf8)

            let runs: [(String, [String])] = [
                ("engine config check", ["config", "check", "--config", config]),
                ("engine config check --format json", ["config", "check", "--config", config, "--format", "json"]),
                ("engine config check (inline secrets, errors)", ["config", "check", "--config", inline.path]),
                ("engine config check (bad webhook URL)", ["config", "check", "--config", badURL.path]),
                ("engine lint", ["lint", rig.rulesFolder.path]),
                ("engine run (inline secrets, errors)", ["run", "--config", inline.path]),
                ("engine run (bad webhook URL)", ["run", "--config", badURL.path]),
            ]
            return try await outputs(of: runs, in: rig)
        }
    }

    /// `engine config check` / `engine run` on a config whose inline secrets have the wrong YAML type (a list, a
    /// map): the diagnostics quote the source line.
    static func wrongTypeSecretOutputs() async throws -> [ProducedText] {
        try await EndToEndRig.with { rig in
            let wrongTypes = rig.folder.appendingPathComponent("secret-wrong-type.yaml")
            try """
            ami: {host: 127.0.0.1, port: 1, username: switchboard, secret: [\(EndToEndRig.amiSecret)]}
            bitrix24: {webhook_url: 17, application_token: {token: "\(EndToEndRig.appToken)"}, default_user: 1}
            rules: \(rig.rulesFolder.path)
            """.write(to: wrongTypes, atomically: true, encoding: .utf8)
            return try await outputs(
                of: [
                    (
                        "engine config check (secrets of the wrong type)",
                        ["config", "check", "--config", wrongTypes.path]
                    ),
                    ("engine run (secrets of the wrong type)", ["run", "--config", wrongTypes.path]),
                ],
                in: rig
            )
        }
    }

    static func outputs(of runs: [(String, [String])], in rig: EndToEndRig) async throws -> [ProducedText] {
        var texts: [ProducedText] = []
        for (source, arguments) in runs {
            let (status, output) = try await rig.runCommand(arguments)
            #expect(status != nil, "\(source) did not exit: \(output)")
            texts.append(ProducedText(source: source, text: output))
        }
        return texts
    }
}
