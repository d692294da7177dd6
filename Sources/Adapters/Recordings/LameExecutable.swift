import Foundation

/// The `lame` program (Debian's `lame` package), one child process per recording.
///
/// A wav whose header is complete is read by `lame` itself; one whose writer never closed it (data size 0 or
/// larger than the file) is given to `lame` as raw PCM on its standard input, from the first sample to the end of
/// the file. The process runs at a lower priority — `nice` +10 and, on Linux, `SCHED_IDLE`: it gets a core only while
/// nothing else wants it, so the daemon keeps the CPU it needs for cards at once — on the cores it is given (``cpus``),
/// and is stopped after a time-out proportional to the recording's length.
public struct LameExecutable: MP3Encoder {
    public let name = "lame"
    /// The program: a path, or a name looked up in `PATH`.
    public let program: String
    /// Added to the child's scheduling priority.
    public let niceness: Int32
    /// Whether the child runs under `SCHED_IDLE` (Linux).
    public let idle: Bool
    /// The cores the child runs on (Linux; nil: any). The daemon gives it the spare ones (``EncoderCPUSet``).
    public let cpus: [Int]?
    /// The time-out of an encoding: this, plus a tenth of the recording's length.
    public let baseTimeout: Duration

    /// The encoder running `program` (default `lame`, found in `PATH`).
    public init(
        program: String = "lame",
        niceness: Int32 = 10,
        idle: Bool = true,
        cpus: [Int]? = nil,
        baseTimeout: Duration = .seconds(30)
    ) {
        self.idle = idle
        self.cpus = cpus
        self.program = program
        self.niceness = niceness
        self.baseTimeout = baseTimeout
    }

    /// The program's absolute path, if it is there and executable.
    public var resolvedPath: String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func checkAvailable() throws(MP3EncoderError) {
        guard resolvedPath == nil else { return }
        throw MP3EncoderError(
            .unavailable,
            "the MP3 encoder `\(program)` was not found"
                + (program.contains("/") ? "" : " in PATH")
                + " (install Debian's `lame` package, or set recordings.lame)"
        )
    }

    public func encode(
        _ source: String,
        format: WAVFormat,
        to destination: String,
        settings: MP3Settings
    ) async throws(MP3EncoderError) {
        guard let executable = resolvedPath else {
            try checkAvailable()
            return
        }
        let raw = format.truncated
        var arguments = ["--quiet", "-t", "--noreplaygain", "-b", "\(settings.bitrate)"]
        arguments += ["-q", "\(MP3Settings.algorithmQuality)"]
        if let rate = settings.outputSampleRate, rate != format.sampleRate {
            arguments += ["--resample", Self.kilohertz(rate)]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.standardOutput = FileHandle.nullDevice
        let log = destination + ".log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: log) }
        var input: FileHandle?
        defer { try? input?.close() }
        do {
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            if raw {
                let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
                try handle.seek(toOffset: UInt64(format.dataOffset))
                input = handle
                process.standardInput = handle
                arguments += ["-r", "-s", Self.kilohertz(format.sampleRate), "--bitwidth", "16", "--signed"]
                arguments += ["--little-endian", "-m", format.channels == 1 ? "m" : "j", "-", destination]
            } else {
                process.standardInput = FileHandle.nullDevice
                arguments += [source, destination]
            }
        } catch {
            throw MP3EncoderError(.failed, "cannot open \(source): \(error.localizedDescription)")
        }
        process.arguments = arguments
        let timeout = baseTimeout + .seconds(format.seconds / 10)
        let ending: ChildProcess.Ending
        do {
            ending = try await ChildProcess.run(
                process,
                timeout: timeout,
                niceness: niceness,
                idle: idle,
                cpus: cpus
            )
        } catch is CancellationError {
            throw MP3EncoderError(.failed, "cancelled")
        } catch {
            throw MP3EncoderError(.unavailable, "cannot start \(executable): \(error.localizedDescription)")
        }
        let said = Self.lastLine(ofFile: log)
        switch ending {
        case .exited(0):
            let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.intValue
            guard (size ?? 0) > 0 else { throw MP3EncoderError(.failed, "lame wrote no audio\(said)") }
        case .exited(let status):
            throw MP3EncoderError(.failed, "lame exited with status \(status)\(said)")
        case .signalled(let signal):
            throw MP3EncoderError(.failed, "lame was ended by signal \(signal)\(said)")
        case .timedOut:
            throw MP3EncoderError(.failed, "lame took longer than \(timeout) and was stopped")
        }
    }

    /// `8000` → `8`, `22050` → `22.05` (LAME takes kHz).
    static func kilohertz(_ rate: Int) -> String {
        rate % 1000 == 0 ? String(rate / 1000) : String(Double(rate) / 1000)
    }

    /// `: <the last line lame wrote>` (at most 200 characters), or nothing.
    static func lastLine(ofFile path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "" }
        let text = String(decoding: data.suffix(4096), as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).last.map { String($0.prefix(200)) } ?? ""
        return line.isEmpty ? "" : ": \(line)"
    }
}
