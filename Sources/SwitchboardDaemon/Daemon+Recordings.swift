import Actions
import Adapters
import Foundation
import Logging
import RuleDSL

extension Daemon {
    /// The recordings of `recordings:` (nil when the section is absent or disabled), their jobs resumed. Refuses to
    /// start — a clear message, exit 1 — when the encoder cannot run here.
    static func recordingService(
        _ config: EngineConfig,
        scheduler: PortalScheduler,
        logger: Logger
    ) async throws -> RecordingService? {
        guard let recordings = config.recordings, recordings.enabled else { return nil }
        let encoder: any MP3Encoder =
            switch recordings.encoder {
            case .lame:
                // The encodings on the last cores, so the first stays free for the daemon (see EncoderCPUSet).
                LameExecutable(
                    program: recordings.lameProgram,
                    cpus: EncoderCPUSet.spare(concurrency: RecordingSettings.concurrency(recordings.concurrency))
                )
            case .libmp3lame: LameLibrary()
            }
        do {
            try encoder.checkAvailable()
        } catch {
            throw StartupFailure(
                "recordings are enabled (engine.yaml `recordings:`) but the encoder cannot run: \(error.detail). "
                    + "Install it, or set `recordings: {enabled: false}`."
            )
        }
        let locator = RecordingLocator(directory: recordings.directory)
        if let problem = locator.directoryProblem() {
            logger.warning(
                "recordings.dir is not readable now; recordings wait for it",
                metadata: ["error": "\(problem)"]
            )
        }
        let work =
            recordings.workDirectory
            ?? URL(fileURLWithPath: config.statePath).deletingLastPathComponent().appendingPathComponent("recordings")
            .path
        do {
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        } catch {
            throw StartupFailure("recordings.work_dir \(work) cannot be created: \(error.localizedDescription)")
        }
        let service = RecordingService(
            settings: RecordingSettings(
                locator: locator,
                encoder: encoder,
                workDirectory: work,
                bitrate: recordings.bitrate,
                concurrency: recordings.concurrency,
                timing: RecordingJob.Timing(
                    settle: recordings.settleSeconds,
                    maxWait: recordings.maxWaitSeconds,
                    finishWait: max(300, recordings.maxWaitSeconds)
                ),
                inlineLimit: recordings.inlineMaxBytes,
                keepWAV: recordings.keepWAV
            ),
            scheduler: scheduler,
            logger: Logger(label: "switchboard.recordings")
        )
        do {
            try await service.restore()
        } catch {
            throw StartupFailure("cannot read the recordings in the state file \(config.statePath): \(error)")
        }
        logger.notice(
            "recordings on",
            metadata: [
                "encoder": "\(encoder.name)", "dir": "\(recordings.directory ?? "(paths as reported)")",
                "bitrate": "\(recordings.bitrate)", "work_dir": "\(work)",
            ]
        )
        return service
    }
}
