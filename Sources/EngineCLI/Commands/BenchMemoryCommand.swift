import ArgumentParser
import Bench
import Foundation

/// `engine bench memory`: resident memory of `engine run` per live call. See ``DaemonMemoryRig``.
struct BenchMemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Resident memory of engine run with N calls ringing M phones each, against idle (Linux /proc).",
        discussion: """
            Starts the test AMI server and the fake portal (no rate limit) on loopback and `engine run` as a child \
            (this binary, or --engine); once it is logged in and idle its VmRSS is read, then N calls arrive (each \
            ringing M phones at once), every card reaches the portal and, with every call still ringing, VmRSS is \
            read again. Prints both and (loaded − idle) / N.
            """
    )

    @Option(name: .long, help: "Calls ringing at the same time.")
    var calls: Int = 10_000

    @Option(name: .long, help: "Phones ringing per call.")
    var phones: Int = 3

    @Option(name: .long, help: "The rules folder.")
    var rules = "rules"

    @Option(name: .long, help: "The engine binary run as the daemon (default: this one).")
    var engine: String?

    func validate() throws {
        guard calls >= 1, calls <= 100_000 else { throw ValidationError("--calls is 1 … 100000") }
        guard (1...10).contains(phones) else { throw ValidationError("--phones is 1 … 10") }
    }

    func run() async throws {
        let binary =
            engine.map { URL(fileURLWithPath: $0) } ?? Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let rig = try await DaemonMemoryRig.start(engine: binary, rulesPath: rules, phones: phones)
        let figures: DaemonMemoryRig.Figures
        do {
            figures = try await rig.measure(calls: calls)
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
        print("bench memory: engine run (\(binary.path)), \(calls) calls × \(phones) phones ringing, rules \(rules)")
        print("  idle VmRSS          \(figures.idleKB) kB")
        print("  ringing VmRSS       \(figures.loadedKB) kB (peak \(figures.peakKB) kB)")
        print(String(format: "  per live call       %.0f bytes", figures.bytesPerCall))
        print(String(format: "  cards delivered in  %.1f s", figures.deliverySeconds))
    }
}
