import ArgumentParser

/// `engine demo`: shows what Switchboard does on embedded defaults, with no PBX or portal configured.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show what Switchboard does, on the bundled rules, with no PBX or portal."
    )

    func run() async throws {
        print("demo: not yet")
    }
}
