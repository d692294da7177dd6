import Foundation
import TestSupport
import Testing

@testable import RuleDSL

@Suite struct ConfigLoaderTests {
    let environment = [
        "AMI_SECRET": "s3cr3t-ami", "B24_WEBHOOK_URL": "https://acme.bitrix24.ru/rest/1/hook-secret/",
        "B24_APP_TOKEN": "app-token-123",
    ]

    private func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func exampleConfigLoadsWithSecretsFromTheEnvironment() throws {
        let path = RepositoryFiles.root.appendingPathComponent("engine.example.yaml").path
        let result = ConfigLoader.load(path: path, environment: environment)
        #expect(result.report.diagnostics.isEmpty, "\(result.report.diagnostics)")
        let config = try #require(result.config)
        #expect(config.pbxID == "main")
        #expect(config.ami?.port == 5038)
        #expect(config.ami?.secret.reveal() == "s3cr3t-ami")
        #expect(config.bitrix24?.burst == 50 && config.bitrix24?.requestsPerSecond == 2)
        #expect(config.adminListen == "127.0.0.1:9090")
        #expect(config.missingSections.isEmpty)
        // Secrets never show in descriptions.
        let dump = "\(config)"
        for secret in environment.values { #expect(!dump.contains(secret)) }
    }

    @Test func aConfigWithoutPBXOrPortalLoadsButNamesWhatIsMissing() throws {
        let result = ConfigLoader.load(path: try write("rules: rules/\n"), environment: [:])
        #expect(result.config?.missingSections == ["ami", "bitrix24"])
    }

    @Test func everyProblemIsPositionedAndSecretsAreNotShown() throws {
        let text = """
            ami: {host: pbx, port: 70000, username: sb, secret: "${AMI_SECRET}"}
            bitrix24:
              webhook_url: "${MISSING_URL}"
              default_user: one
              rate_limt: {per_second: 2, burst: 50}
            admin: {listen: "localhost"}

            """
        let result = ConfigLoader.load(path: try write(text), environment: environment)
        #expect(result.config == nil)
        let found = result.report.diagnostics.map { "\($0.code.id)@\($0.range.start)" }.sorted()
        #expect(found == ["E201@5:3", "E501@3:16", "E502@1:24", "E502@4:17", "E502@6:17"].sorted(), "\(found)")
        let rendered = DiagnosticFormat.human.render(result.report)
        #expect(rendered.contains("did you mean `rate_limit`?"))
        #expect(rendered.contains("environment variable `MISSING_URL`"))
        #expect(!rendered.contains("s3cr3t-ami"))
    }

    @Test func aSecretWrittenInTheFileNeverShowsInASnippet() throws {
        let text = """
            ami: {host: pbx, port: 0, username: sb, secret: inline-ami-secret}
            bitrix24: {webhook_url: "ftp://acme/x/inline-hook-secret/", default_user: 1}

            """
        let result = ConfigLoader.load(path: try write(text), environment: [:])
        let rendered = DiagnosticFormat.human.render(result.report)
        #expect(
            result.report.diagnostics.map(\.code.id).sorted() == ["E502", "E502", "W502", "W502"],
            "two invalid values, two secrets written in the file"
        )
        #expect(rendered.contains("must be 1–65535"))
        #expect(!rendered.contains("inline-ami-secret"))
        #expect(!rendered.contains("inline-hook-secret"))
        #expect(rendered.contains("*****"))
    }

    @Test func smallerOnesHttpWebhookAndLiteralSecretsWarn() throws {
        let text = """
            ami: {host: pbx, username: sb, secret: inline-ami-secret}
            bitrix24: {webhook_url: "http://acme.bitrix24.ru/rest/1/inline-hook-secret/", default_user: 1}

            """
        let result = ConfigLoader.load(path: try write(text), environment: [:])
        #expect(result.config != nil, "warnings do not stop the engine")
        let found = result.report.diagnostics.map { "\($0.code.id)@\($0.range.start)" }.sorted()
        #expect(found == ["W501@2:25", "W502@1:40", "W502@2:25"], "\(found)")
        let rendered = DiagnosticFormat.human.render(result.report)
        #expect(!rendered.contains("inline-ami-secret"))
        #expect(!rendered.contains("inline-hook-secret"))
        // From the environment, or on loopback (a test portal): no warning.
        let clean = ConfigLoader.load(
            path: try write(
                """
                ami: {host: pbx, username: sb, secret: "${AMI_SECRET}"}
                bitrix24: {webhook_url: "${B24_WEBHOOK_URL}", default_user: 1}

                """
            ),
            environment: ["AMI_SECRET": "x", "B24_WEBHOOK_URL": "http://127.0.0.1:8080/rest/1/abc/"]
        )
        #expect(clean.report.diagnostics.isEmpty, "\(clean.report.diagnostics)")
    }

    @Test func dollarDollarIsALiteral() throws {
        #expect(try EnvironmentSubstitution.substitute("a$${b}", environment: [:]).get() == "a${b}")
        #expect(try EnvironmentSubstitution.substitute("x${A}y", environment: ["A": "1"]).get() == "x1y")
    }

    @Test func expressionConfigKeysExistAndAreNotSecret() {
        func paths(_ object: CatalogObject, _ prefix: String) -> [String] {
            object.fields.flatMap { field -> [String] in
                let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
                if case .object(let inner) = field.type { return paths(inner, path) }
                return [path]
            }
        }
        let configPaths = Set(paths(ConfigCatalog.root, ""))
        for path in paths(ContextCatalog.config, "") {
            #expect(configPaths.contains(path), "config.\(path) is readable but not a config key")
            #expect(!ConfigCatalog.secretPaths.contains(path))
        }
    }

    @Test func committedConfigSchemaMatchesTheCatalog() throws {
        let path = RepositoryFiles.root.appendingPathComponent("schemas/config.schema.json")
        #expect(
            try String(contentsOf: path, encoding: .utf8) == ConfigJSONSchema.generate(),
            "schemas/config.schema.json is stale: run `swift run engine schema config > schemas/config.schema.json`"
        )
    }
}
