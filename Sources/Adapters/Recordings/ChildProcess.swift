import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a `Process` to its end without blocking a thread: awaits its exit, lowers its scheduling priority (so it
/// yields the CPU to the daemon: `nice`, and on Linux, when asked, `SCHED_IDLE` and cores of its own), and kills it
/// (SIGKILL: a daemon's children inherit SIGTERM ignored) when `timeout` passes or the task is cancelled.
enum ChildProcess {
    /// How a run ended.
    enum Ending: Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it (the timeout's, or another).
        case signalled(Int32)
        /// It ran past the timeout and was stopped.
        case timedOut
    }

    /// Starts `process` and waits for it (at most `timeout`); `niceness` is added to its scheduling priority, with
    /// `idle` it runs under Linux's `SCHED_IDLE` (any other task that wakes up takes its core at once), and with `cpus`
    /// it runs on those cores only (Linux).
    /// - Throws: when it cannot be started.
    static func run(
        _ process: Process,
        timeout: Duration,
        niceness: Int32,
        idle: Bool = false,
        cpus: [Int]? = nil
    ) async throws -> Ending {
        let state = LaunchState()
        let timedOut = LaunchState()
        let ending: Process.TerminationReason = try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Process.TerminationReason?.self) { group in
                group.addTask {
                    try await withCheckedThrowingContinuation { continuation in
                        process.terminationHandler = { ended in continuation.resume(returning: ended.terminationReason)
                        }
                        let launch = state.lock.withLock { state -> Bool in
                            guard !state.cancelled else { return false }
                            state.launched = true
                            return true
                        }
                        guard launch else {
                            process.terminationHandler = nil
                            continuation.resume(throwing: CancellationError())
                            return
                        }
                        do {
                            try process.run()
                        } catch {
                            state.lock.withLock { $0.launched = false }
                            process.terminationHandler = nil
                            continuation.resume(throwing: error)
                            return
                        }
                        if let cpus { EncoderCPUSet.pin(process.processIdentifier, to: cpus) }
                        renice(process.processIdentifier, by: niceness, idle: idle)
                    }
                }
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return nil }
                    timedOut.lock.withLock { $0.cancelled = true }
                    signal(process, state, SIGKILL)
                    return nil
                }
                defer { group.cancelAll() }
                while let result = try await group.next() {
                    if let reason = result { return reason }
                }
                throw CancellationError()
            }
        } onCancel: {
            signal(process, state, SIGKILL)
        }
        if timedOut.lock.withLock({ $0.cancelled }) { return .timedOut }
        return ending == .exit ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
    }

    /// Whether the process was launched, and whether it was called off (or, for the time-out flag, timed out).
    private final class LaunchState: Sendable {
        struct State {
            var launched = false
            var cancelled = false
        }
        let lock = Mutex(State())
    }

    /// Sends `signal` to the running process; before the launch, calls the launch off.
    private static func signal(_ process: Process, _ state: LaunchState, _ signal: Int32) {
        let running = state.lock.withLock { state -> Bool in
            state.cancelled = true
            return state.launched
        }
        guard running, process.isRunning else { return }
        kill(process.processIdentifier, signal)
    }

    /// Linux's `SCHED_IDLE` (glibc declares it only under `_GNU_SOURCE`).
    private static let schedIdle: Int32 = 5

    private static func renice(_ pid: Int32, by niceness: Int32, idle: Bool) {
        #if canImport(Glibc)
        if idle {
            var parameters = sched_param()
            _ = sched_setscheduler(pid, schedIdle, &parameters)
        }
        #endif
        guard niceness != 0 else { return }
        #if canImport(Glibc)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(pid), niceness)
        #elseif canImport(Darwin)
        _ = setpriority(PRIO_PROCESS, id_t(pid), niceness)
        #endif
    }
}
