public import Adapters
public import Foundation

/// One call's record: the recordings the rules attached to it, from their MixMonitor files to one
/// `telephony.externalCall.attachRecord`. A pure state machine — no I/O, no clock — driven by ``RecordingService``:
/// each input returns what to do.
///
/// Bitrix24 keeps one record per call (a second attachRecord replaces the first), so the recordings attached to a
/// call are joined into that one record, in the order the rules attached them.
///
/// Each file is looked for until it is complete — found, its size and modification time unchanged for `settle` — or
/// given up `maxWait` after the job began (the call had ended); its header is read; once every file is settled, the
/// valid wavs are encoded (at one sample rate when there are several); once the encodings are done and the call's
/// finish is in the outbox, the record is attached: one outbox command whose `CALL_ID` is read from the finish's
/// result, so it is sent only after the finish was acknowledged. A new recording after that attaches a new, fuller
/// record (`record-2`, …), which replaces the first.
public struct RecordingJob: Codable, Sendable, Equatable {
    /// How long files and the finish are awaited.
    public struct Timing: Sendable, Equatable {
        /// A file is complete once unchanged this long (seconds).
        public var settle: TimeInterval
        /// A file missing or changing this long after the job began is given up (seconds).
        public var maxWait: TimeInterval
        /// The call's finish must be in the outbox this long after the job began (seconds).
        public var finishWait: TimeInterval

        /// Timing.
        public init(settle: TimeInterval, maxWait: TimeInterval, finishWait: TimeInterval) {
            self.settle = settle
            self.maxWait = maxWait
            self.finishWait = finishWait
        }
    }

    /// Where the job stands.
    public enum Phase: Codable, Sendable, Equatable {
        /// Files are awaited.
        case collecting
        /// Every file settled; encodings run.
        case encoding
        /// The record is in the outbox as `step`, read from `record`.
        case attaching(step: String, record: String)
        /// Attached.
        case done
        /// Nothing could be attached (each file's result was reported).
        case failed
    }

    /// What the driver does next.
    public enum Action: Sendable, Equatable {
        /// Look at the file now (``RecordingLocator/observe(_:)``) and report with ``observed(_:_:at:timing:)``.
        case observe(file: Int, name: String)
        /// Read the wav's header and report with ``headerRead(_:_:)``.
        case readHeader(file: Int, path: String)
        /// Encode the wav to `output` and report with ``encoded(_:_:)``.
        case encode(file: Int, path: String, format: WAVFormat, output: String, settings: MP3Settings)
        /// Join `parts` (in order) into `record` and queue the attach as `step`, its `CALL_ID` read from the result of
        /// `finishStep`; report with ``attachFailed(_:)`` when that cannot be done.
        case attach(step: String, parts: [String], record: String, filename: String, finishStep: String)
        /// A file's end: log it with the call's Linkedid and count it.
        case report(file: Int, result: RecordingResult, detail: String)
        /// Delete these files (parts, records, and attached wavs when they are not kept).
        case remove([String])
    }

    /// The call (Linkedid).
    public let callKey: String
    /// When the job began (the call had ended), or resumed after a restart: the deadlines count from here.
    public internal(set) var began: Date
    /// Where parts and records are written.
    public let workDirectory: String
    /// The bit rate of the encodings.
    public let bitrate: Int
    /// The recordings, in the order the rules attached them.
    public internal(set) var files: [RecordingJobFile] = []
    /// The finish's outbox step, once queued.
    public internal(set) var finishStep: String?
    /// Where the job stands.
    public internal(set) var phase: Phase = .collecting
    /// Records queued so far (the step of the next one).
    public internal(set) var attachments = 0

    /// An empty job for `callKey`; add its recordings with ``add(_:)``.
    public init(callKey: String, began: Date, workDirectory: String, bitrate: Int) {
        self.callKey = callKey
        self.began = began
        self.workDirectory = workDirectory
        self.bitrate = bitrate
    }

    /// Whether the job has ended (``Phase/done`` or ``Phase/failed``).
    public var isOver: Bool { phase == .done || phase == .failed }

    // MARK: Inputs

    /// A rule attached a recording. The same name twice is one recording.
    public mutating func add(_ request: RecordingRequest) -> [Action] {
        if finishStep == nil { finishStep = request.finishStep }
        guard !files.contains(where: { $0.name == request.file }) else { return advance() }
        files.append(
            RecordingJobFile(
                name: request.file,
                rule: request.rule,
                part: "\(workDirectory)/\(Self.safe(callKey))-\(files.count + 1).mp3",
                state: .waiting(problem: nil)
            )
        )
        if phase != .collecting { phase = .collecting }
        return []
    }

    /// The file's name cannot be read at all (unsafe, or relative without `recordings.dir`).
    public mutating func refused(_ file: Int, _ result: RecordingResult, detail: String) -> [Action] {
        guard files.indices.contains(file), files[file].isAwaited else { return [] }
        return fail(file, result, detail) + advance()
    }

    /// The call's finish went into the outbox as `step`.
    public mutating func finishQueued(step: String) -> [Action] {
        guard finishStep == nil else { return [] }
        finishStep = step
        return advance()
    }

    /// Time passed: files to look at, and the deadlines.
    public mutating func tick(at now: Date, timing: Timing) -> [Action] {
        var actions: [Action] = []
        if !isOver, finishStep == nil, now.timeIntervalSince(began) >= timing.finishWait {
            for index in files.indices where !isFailed(index) {
                actions += fail(index, .noFinish, "the call's finish was not queued within \(Int(timing.finishWait)) s")
            }
            phase = .failed
            return actions + [.remove(files.map(\.part))]
        }
        let late = now.timeIntervalSince(began) >= timing.maxWait
        for index in files.indices {
            switch files[index].state {
            case .waiting(let problem) where late:
                actions += fail(
                    index,
                    problem == nil ? .missing : .unreadable,
                    problem ?? "no file within \(Int(timing.maxWait)) s"
                )
            case .settling(let path, let size, _, _) where late:
                actions += fail(
                    index,
                    .unstable,
                    "\(path) still changing after \(Int(timing.maxWait)) s (\(size) bytes)"
                )
            case .waiting, .settling:
                actions.append(.observe(file: index, name: files[index].name))
            default:
                break
            }
        }
        return actions + advance()
    }

    /// What a look at the file found.
    public mutating func observed(
        _ file: Int,
        _ observation: RecordingFileObservation,
        at now: Date,
        timing: Timing
    ) -> [Action] {
        guard files.indices.contains(file) else { return [] }
        switch (files[file].state, observation) {
        case (.waiting, .missing), (.settling, .missing):
            files[file].state = .waiting(problem: nil)
        case (.waiting, .unreadable(let problem)), (.settling, .unreadable(let problem)):
            files[file].state = .waiting(problem: problem)
        case (.settling(let path, let size, let modified, let since), .present(let seen, let sizeNow, let changed))
        where seen == path && sizeNow == size && changed == modified:
            guard now.timeIntervalSince(since) >= timing.settle else { return [] }
            files[file].state = .checking(path: path)
            return [.readHeader(file: file, path: path)]
        case (.waiting, .present(let path, let size, let modified)),
            (.settling, .present(let path, let size, let modified)):
            files[file].state = .settling(path: path, size: size, modified: modified, since: now)
        default:
            break
        }
        return []
    }

    /// The complete file's header: a wav the encoder reads, or why not.
    public mutating func headerRead(_ file: Int, _ result: Result<WAVFormat, RecordingHeaderError>) -> [Action] {
        guard files.indices.contains(file), case .checking(let path) = files[file].state else { return [] }
        switch result {
        case .success(let format):
            files[file].state = .ready(path: path, format: format)
            return advance()
        case .failure(let error):
            return fail(file, error.result, "\(path): \(error.detail)") + advance()
        }
    }

    /// An encoding ended.
    public mutating func encoded(_ file: Int, _ result: Result<Void, MP3EncoderError>) -> [Action] {
        guard files.indices.contains(file), case .encoding(let path, let format, let rate) = files[file].state else {
            return []
        }
        switch result {
        case .success:
            files[file].state = .encoded(path: path, format: format, rate: rate)
            return advance()
        case .failure(let error):
            return fail(file, .encoderFailed, "\(path): \(error.detail)") + [.remove([files[file].part])] + advance()
        }
    }

    /// The record could not be queued (joining failed, or the outbox refused it: e.g. the finish was given up).
    public mutating func attachFailed(_ detail: String, result: RecordingResult = .uploadFailed) -> [Action] {
        guard case .attaching(_, let record) = phase else { return [] }
        return giveUp(result, detail, record: record)
    }

    /// The outbox settled the record queued as `step`: acknowledged (`delivered`) or given up. `removeWAVs` deletes the
    /// attached wavs (`keep_wav: false`).
    public mutating func settled(step: String, delivered: Bool, detail: String, removeWAVs: Bool) -> [Action] {
        guard case .attaching(let current, let record) = phase, current == step else {
            // An earlier record, replaced by a fuller one: only its file goes.
            return Self.revision(ofStep: step).map { [.remove([recordPath($0)])] } ?? []
        }
        guard delivered else { return giveUp(.uploadFailed, detail, record: record) }
        var actions: [Action] = []
        var wavs: [String] = []
        for index in files.indices {
            guard case .encoded(let path, _, _) = files[index].state else { continue }
            actions.append(.report(file: index, result: .attached, detail: detail))
            wavs.append(path)
        }
        phase = .done
        return actions + [.remove(files.map(\.part) + [record] + (removeWAVs ? wavs : []))]
    }

    /// The record queued before a restart is not in the outbox: queue it again, as the same step.
    public func reattach() -> [Action] {
        guard case .attaching(let step, let record) = phase, let finishStep else { return [] }
        return [attach(step: step, record: record, finishStep: finishStep)]
    }

    /// After a restart at `now`: the deadlines count again from now (a file found complete after a long stop is no
    /// "unstable" one), and what was under way starts again (a header read, the encodings). A record in the outbox is
    /// the outbox's to settle.
    public mutating func resume(at now: Date) -> [Action] {
        began = now
        var actions: [Action] = []
        for (index, file) in files.enumerated() {
            switch file.state {
            case .checking(let path): actions.append(.readHeader(file: index, path: path))
            case .encoding(let path, let format, let rate):
                actions.append(
                    .encode(
                        file: index,
                        path: path,
                        format: format,
                        output: file.part,
                        settings: settings(rate, format)
                    )
                )
            default: break
            }
        }
        return actions
    }

    /// The job as it is saved: a file settling is saved as waiting (after a restart, it settles again).
    public var durable: RecordingJob {
        var job = self
        for index in job.files.indices {
            if case .settling = job.files[index].state { job.files[index].state = .waiting(problem: nil) }
        }
        return job
    }
}
