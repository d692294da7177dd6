import Foundation
import TestSupport
import Testing

@testable import RuleDSL

/// `${NAME}` read from systemd credentials (`LoadCredential=`), so secrets need not be in the environment.
@Suite("systemd credentials")
struct SystemdCredentialsTests {
    @Test("a credential fills ${NAME} when the variable is unset; a set variable wins; one trailing newline is dropped")
    func credentials() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "cred-ami-secret\n".write(
            to: folder.appendingPathComponent("AMI_SECRET"),
            atomically: true,
            encoding: .utf8
        )
        try "https://acme.bitrix24.ru/rest/1/cred-hook/".write(
            to: folder.appendingPathComponent("B24_WEBHOOK_URL"),
            atomically: true,
            encoding: .utf8
        )
        try "cred-token".write(to: folder.appendingPathComponent("B24_APP_TOKEN"), atomically: true, encoding: .utf8)
        let path = RepositoryFiles.url("engine.example.yaml").path
        let environment = ["CREDENTIALS_DIRECTORY": folder.path, "B24_APP_TOKEN": "env-token"]
        let result = ConfigLoader.load(path: path, environment: environment)
        let config = try #require(result.config, "\(result.report.diagnostics)")
        #expect(config.ami?.secret.reveal() == "cred-ami-secret")
        #expect(config.bitrix24?.webhookURL.reveal() == "https://acme.bitrix24.ru/rest/1/cred-hook/")
        #expect(config.bitrix24?.applicationToken?.reveal() == "env-token")
    }

    @Test("without the credential or the variable, the error names both ways to give it")
    func missing() throws {
        let path = RepositoryFiles.url("engine.example.yaml").path
        let result = ConfigLoader.load(path: path, environment: ["CREDENTIALS_DIRECTORY": "/nonexistent"])
        #expect(result.config == nil)
        let suggestion = result.report.diagnostics.compactMap(\.suggestion).joined(separator: "\n")
        #expect(suggestion.contains("LoadCredential=AMI_SECRET:/path"))
    }
}
