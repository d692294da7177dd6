import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import RuleDSL

/// `engine reload [--config engine.yaml | --admin HOST:PORT] [--format human|json]`: asks the running daemon to reload
/// its rules (`POST /reload` on its admin listener — the same path as SIGHUP) and prints the lint report.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload the running daemon's rules and print the lint report.",
        discussion: """
            The new rules go into force only when they load without an error; otherwise the rules in force stay and
            the report says why. Exit status: 0 reloaded, 1 rejected (the old rules stay), 2 the daemon could not be
            reached. The admin address is `admin.listen` of the configuration file unless --admin is given.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    @Option(name: .long, help: "The daemon's configuration file (for admin.listen).")
    var config = "engine.yaml"

    @Option(name: .long, help: "The admin listener, host:port (instead of reading the configuration).")
    var admin: String?

    @Option(name: .long, help: "Output format: human or json.")
    var format: Format = .human

    func run() async throws {
        let address = try admin ?? Self.adminListen(in: config)
        var request = HTTPClientRequest(url: "http://\(address)/reload\(format == .json ? "?format=json" : "")")
        request.method = .POST
        // A refused connection fails at once (no retries): the daemon is not there.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(3)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let status: UInt
        let body: String
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            status = response.status.code
            body = String(buffer: try await response.body.collect(upTo: 16 << 20))
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            printError("engine reload: cannot reach the daemon's admin listener at \(address): \(error)")
            throw ExitCode(2)
        }
        print(body, terminator: body.hasSuffix("\n") ? "" : "\n")
        switch status {
        case 200: return
        case 422: throw ExitCode(1)
        default:
            printError("engine reload: the admin listener answered \(status)")
            throw ExitCode(2)
        }
    }

    /// `admin.listen` of the configuration file (read as YAML only: the secrets it names need not be set here).
    static func adminListen(in path: String) throws -> String {
        let loaded = YAMLLoader.load(path: path)
        guard let root = loaded.document?.root else {
            throw ValidationError("cannot read \(path); pass --admin HOST:PORT")
        }
        let listen = root["admin"]?["listen"]?.scalarValue ?? EngineConfig().adminListen
        guard !listen.hasSuffix(":0") else {
            throw ValidationError("admin.listen in \(path) picks a free port (:0); pass --admin HOST:PORT")
        }
        return listen
    }
}
