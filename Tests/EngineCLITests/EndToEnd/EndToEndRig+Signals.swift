import Foundation
import Simulators
import TestSupport

extension EndToEndRig {
    /// Sends `signal` to the running engine (no-op when none runs).
    func send(_ signal: Int32) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Waits until the engine's output contains `text` `occurrences` times.
    @discardableResult
    func awaitLog(_ text: String, occurrences: Int = 1, timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { self.log.components(separatedBy: text).count - 1 >= occurrences }
    }

    /// Makes the test server answer CoreShowChannels with no channels: Asterisk has nothing up.
    func answerNoChannels() {
        ami.setChannels([])
    }
}
