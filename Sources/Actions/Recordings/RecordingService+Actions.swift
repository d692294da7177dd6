import Adapters
import Foundation
import Logging
import Metrics

extension RecordingService {
    /// Carries out a job's actions (and those they lead to), then saves the job, or forgets it once it is over.
    func apply(_ callKey: String, _ actions: [RecordingJob.Action]) async {
        var pending = actions
        while !pending.isEmpty {
            let action = pending.removeFirst()
            pending += await perform(action, for: callKey)
        }
        save(callKey)
    }

    private func perform(_ action: RecordingJob.Action, for callKey: String) async -> [RecordingJob.Action] {
        switch action {
        case .observe(let file, let name):
            let observation = settings.locator.observe(name)
            return update(callKey) { $0.observed(file, observation, at: clock.now, timing: settings.timing) }
        case .readHeader(let file, let path):
            let result: Result<WAVFormat, RecordingHeaderError>
            do {
                let format = try WAVFile.format(atPath: path)
                if format.truncated {
                    logger.warning(
                        "recording was not closed by its writer; converting the audio it holds",
                        metadata: ["call": "\(callKey)", "file": "\(path)", "seconds": "\(Int(format.seconds))"]
                    )
                }
                result = .success(format)
            } catch let error as WAVFormatError {
                result = .failure(RecordingHeaderError(error))
            } catch {
                result = .failure(RecordingHeaderError(.unreadable, "\(path): \(error.localizedDescription)"))
            }
            return update(callKey) { $0.headerRead(file, result) }
        case .encode(let file, let path, let format, let output, let mp3):
            queued.append(
                Encoding(callKey: callKey, file: file, path: path, format: format, output: output, settings: mp3)
            )
            wake.signal()
            return []
        case .attach(let step, let parts, let record, let filename, let finishStep):
            return await attach(callKey, step: step, parts: parts, record: record, filename: filename, finishStep)
        case .report(let file, let result, let detail):
            report(callKey, file: file, result, detail)
            return []
        case .remove(let paths):
            for path in paths where FileManager.default.fileExists(atPath: path) {
                do { try FileManager.default.removeItem(atPath: path) } catch {
                    logger.warning(
                        "could not delete a recording file",
                        metadata: ["file": "\(path)", "error": "\(error)"]
                    )
                }
            }
            return []
        }
    }

    /// Joins the parts into the record and queues it; a step the outbox already had (a restart) is reconciled.
    private func attach(
        _ callKey: String,
        step: String,
        parts: [String],
        record: String,
        filename: String,
        _ finishStep: String
    ) async -> [RecordingJob.Action] {
        do {
            try await MP3Join.join(parts, into: record)
        } catch {
            return update(callKey) {
                $0.attachFailed("cannot write the record \(record): \(error.localizedDescription)")
            }
        }
        let command = DeliveryCommand.attachRecord(
            callKey: callKey,
            step: step,
            filename: filename,
            upload: DeliveryUpload(path: record, inlineLimit: settings.inlineLimit),
            finishStep: finishStep
        )
        do {
            if try await scheduler.enqueue([command]) == 0 {
                await reconcile(callKey, step: step)
            } else {
                logger.info(
                    "recording queued for upload",
                    metadata: [
                        "call": "\(callKey)", "step": "\(step)", "parts": "\(parts.count)", "file": "\(filename)",
                    ]
                )
            }
            return []
        } catch let error as DeliveryCommandError {
            return update(callKey) {
                $0.attachFailed("the call's finish is not in the outbox: \(error)", result: .noFinish)
            }
        } catch {
            return update(callKey) { $0.attachFailed("the outbox refused the record: \(error)") }
        }
    }

    /// A record step found in the outbox after a restart (or already queued): settled there, still pending, or lost
    /// (then queued again).
    func reconcile(_ callKey: String, step: String) async {
        let state: Outbox.StepState
        do { state = try await outbox.state(callKey: callKey, step: step) } catch {
            logger.error(
                "recording state unreadable in the outbox",
                metadata: ["call": "\(callKey)", "error": "\(error)"]
            )
            return
        }
        let actions: [RecordingJob.Action]
        switch state {
        case .pending:
            return
        case .delivered(let result):
            let file = result["FILE_ID"]?.intValue.map { "FILE_ID \($0)" } ?? "attached"
            actions = update(callKey) {
                $0.settled(step: step, delivered: true, detail: file, removeWAVs: !settings.keepWAV)
            }
        case .dead(let reason):
            actions = update(callKey) { $0.settled(step: step, delivered: false, detail: reason, removeWAVs: false) }
        case .unknown:
            actions = jobs[callKey]?.reattach() ?? []
        }
        await apply(callKey, actions)
    }

    /// Runs `change` on the job of `callKey` (if it is still there) and returns its actions.
    private func update(
        _ callKey: String,
        _ change: (inout RecordingJob) -> [RecordingJob.Action]
    ) -> [RecordingJob.Action] {
        guard var job = jobs[callKey] else { return [] }
        let actions = change(&job)
        jobs[callKey] = job
        return actions
    }

    /// One recording's end: a log line with the Linkedid, and the counter.
    private func report(_ callKey: String, file: Int, _ result: RecordingResult, _ detail: String) {
        let recording = jobs[callKey]?.files.indices.contains(file) == true ? jobs[callKey]?.files[file] : nil
        var metadata: Logger.Metadata = [
            "call": "\(callKey)", "file": "\(recording?.name ?? "?")", "result": "\(result.rawValue)",
            "rule": "\(recording?.rule ?? "?")",
        ]
        SwitchboardMetrics.recordings(result: result.rawValue).increment()
        if result == .attached {
            metadata["detail"] = "\(detail)"
            logger.info("recording attached", metadata: metadata)
        } else {
            metadata["error"] = "\(detail)"
            logger.warning("recording not attached", metadata: metadata)
        }
    }

    /// Saves the job when its durable form changed; forgets it once over.
    private func save(_ callKey: String) {
        guard let job = jobs[callKey] else { return }
        do {
            if job.isOver {
                jobs[callKey] = nil
                saved[callKey] = nil
                try store.remove(callKey)
                if jobs.isEmpty { resumeIdleWaiters() }
            } else if saved[callKey] != job.durable {
                try store.save(job, at: clock.now)
                saved[callKey] = job.durable
            }
        } catch {
            logger.error("recording job not saved", metadata: ["call": "\(callKey)", "error": "\(error)"])
        }
    }

    private func resumeIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }
}
