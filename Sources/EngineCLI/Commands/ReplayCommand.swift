import ArgumentParser
import Engine
import Foundation
import RuleDSL

/// `engine replay CAPTURE.ami [--rules DIR] [--format human|json]`: the engine events a capture gives and the
/// action intents the rules would produce. No network: the file is decoded directly.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay an AMI capture: the calls' engine events and the action intents of the rules.",
        discussion: """
            Nothing is executed. `user_of(…)` answers a deferred `${user_of.<extension>}` (no user directory
            here), and results bound with `as:` stay deferred (`${call.b24.call_id}`). Events without a `Timestamp:`
            header take the replay's start time (or --arrival). `engine explain` tells why each rule fired or not.
            """
    )

    enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    @OptionGroup var options: CaptureOptions

    @Flag(name: .long, help: "Replay without rules: engine events only.")
    var noRules = false

    @Option(name: .long, help: "Output format: human or json.")
    var format: TimelineFormat = .human

    func run() throws {
        let bytes = try options.bytes()
        var engine = options.engine(try noRules ? .empty : options.generation(command: "replay"))
        let entries = CaptureReplay.run(bytes, engine: &engine, arrival: options.arrivalDate)
        switch format {
        case .human: print(TimelineRendering.text(entries))
        case .json: print(String(decoding: try TimelineRendering.json(entries), as: UTF8.self))
        }
    }
}
