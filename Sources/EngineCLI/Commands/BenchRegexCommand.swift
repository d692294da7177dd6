import ArgumentParser
import Bench
import Foundation

/// `engine bench regex`: pathological regular expressions through `|regex` and `matches()` on long
/// subjects. RE2 keeps each one linear; the figures show it. Run it from a release build.
struct BenchRegexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regex",
        abstract: "Evaluate catastrophic-backtracking patterns in `|regex` and `matches()` on long subjects."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Subject lengths in characters.")
    var lengths: [Int] = [40, 4_000]

    @Option(name: .long, help: "Evaluations per case (the median and the slowest are reported).")
    var runs = 101

    func run() throws {
        let figures = try RegexBenchmark.run(lengths: lengths, runs: runs)
        print("pattern                     place       chars   matched   median ms   slowest ms")
        for figure in figures {
            let columns = [
                figure.name.padding(toLength: 27, withPad: " ", startingAt: 0),
                figure.place.padding(toLength: 11, withPad: " ", startingAt: 0),
                Self.pad(String(figure.length), 6), Self.pad(String(figure.matched), 9),
                Self.pad(Self.milliseconds(figure.median), 11), Self.pad(Self.milliseconds(figure.slowest), 12),
            ]
            print(columns.joined(separator: " "))
        }
        let slowest = figures.map(\.slowest).max() ?? .zero
        print("slowest evaluation of all: \(Self.milliseconds(slowest)) ms")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.4f", value)
    }
}
