import Adapters
import Foundation

extension RecordingJob {
    /// Moves the job on as far as it can: encodings once every file settled, the attach once they are done and the
    /// finish is queued, the end when nothing can be attached.
    mutating func advance() -> [Action] {
        guard !isOver else { return [] }
        if phase == .collecting, !files.contains(where: \.isAwaited) {
            phase = .encoding
            return startEncodings() + advance()
        }
        guard phase == .encoding else { return [] }
        if files.contains(where: { if case .encoding = $0.state { true } else { false } }) { return [] }
        guard !encodedFiles.isEmpty else {
            phase = .failed
            return [.remove(files.map(\.part))]
        }
        guard let finishStep else { return [] }  // the finish's note, or its deadline (tick)
        attachments += 1
        let step = attachments == 1 ? "record" : "record-\(attachments)"
        let record = recordPath(attachments)
        phase = .attaching(step: step, record: record)
        return [attach(step: step, record: record, finishStep: finishStep)]
    }

    /// The files encoded, in order.
    var encodedFiles: [RecordingJobFile] {
        files.filter { if case .encoded = $0.state { true } else { false } }
    }

    /// Attaching the encoded files as `step`, joined into `record`.
    func attach(step: String, record: String, finishStep: String) -> Action {
        let parts = encodedFiles
        return .attach(
            step: step,
            parts: parts.map(\.part),
            record: record,
            filename: Self.filename(for: parts.first?.wav?.path ?? callKey),
            finishStep: finishStep
        )
    }

    /// Every wav ready is encoded; when the record joins several, all at the highest sample rate among them (an
    /// earlier encoding at another rate is done again).
    private mutating func startEncodings() -> [Action] {
        let rates = Set(files.compactMap { $0.wav?.format.sampleRate })
        guard let target = rates.max() else { return [] }
        var actions: [Action] = []
        for index in files.indices {
            switch files[index].state {
            case .encoded(let path, let format, let rate) where rate != target:
                files[index].state = .ready(path: path, format: format)
            default:
                break
            }
            guard case .ready(let path, let format) = files[index].state else { continue }
            files[index].state = .encoding(path: path, format: format, rate: target)
            actions.append(
                .encode(
                    file: index,
                    path: path,
                    format: format,
                    output: files[index].part,
                    settings: settings(target, format)
                )
            )
        }
        return actions
    }

    /// The encoding settings of a wav of `format` encoded at `rate`.
    func settings(_ rate: Int, _ format: WAVFormat) -> MP3Settings {
        MP3Settings(bitrate: bitrate, outputSampleRate: rate == format.sampleRate ? nil : rate)
    }

    /// The file fails with `result` (reported once).
    mutating func fail(_ file: Int, _ result: RecordingResult, _ detail: String) -> [Action] {
        guard !isFailed(file) else { return [] }
        files[file].state = .failed(result)
        return [.report(file: file, result: result, detail: detail)]
    }

    /// Every encoded file fails with `result`; the job ends.
    mutating func giveUp(_ result: RecordingResult, _ detail: String, record: String) -> [Action] {
        var actions: [Action] = []
        for index in files.indices {
            if case .encoded = files[index].state { actions += fail(index, result, detail) }
        }
        phase = .failed
        return actions + [.remove(files.map(\.part) + [record])]
    }

    func isFailed(_ file: Int) -> Bool {
        if case .failed = files[file].state { return true }
        return false
    }

    /// The joined record of attachment `revision`.
    func recordPath(_ revision: Int) -> String {
        "\(workDirectory)/\(Self.safe(callKey))-r\(revision).mp3"
    }

    /// The revision of a record step (`record` 1, `record-2` 2, …).
    static func revision(ofStep step: String) -> Int? {
        if step == "record" { return 1 }
        guard step.hasPrefix("record-") else { return nil }
        return Int(step.dropFirst("record-".count))
    }

    /// `FILENAME` of the record: the first wav's name with `.mp3` (`1795564212.1.wav` → `1795564212.1.mp3`).
    static func filename(for path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? "record")
        if name.lowercased().hasSuffix(".wav") { name = name.dropLast(4) }
        let safe = Self.safe(String(name))
        return (safe.isEmpty ? "record" : safe) + ".mp3"
    }

    /// `text` with anything but letters, digits, `.`, `_` and `-` replaced by `_` (a Linkedid in a file name).
    static func safe(_ text: String) -> String {
        String(
            text.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": Character(scalar)
                default: "_"
                }
            }
        )
    }
}
