import CLame
import Foundation
import NIOPosix
import Synchronization

/// libmp3lame in this process, loaded at run time (`dlopen`, see the `CLame` target): the samples are read and
/// encoded on NIO's blocking thread pool, never on the tasks that run the calls.
///
/// It spares a process per recording but runs at the daemon's own priority; `engine bench recordings --encoder`
/// compares it with ``LameExecutable`` (README, "Recordings").
public struct LameLibrary: MP3Encoder {
    public let name = "libmp3lame"
    /// What `dlopen` is given.
    public let path: String

    /// The library at `path` (default: Debian's `libmp3lame.so.0`, installed with `lame`).
    public init(path: String = "libmp3lame.so.0") {
        self.path = path
    }

    public func checkAvailable() throws(MP3EncoderError) {
        _ = try Self.api(path)
    }

    public func encode(
        _ source: String,
        format: WAVFormat,
        to destination: String,
        settings: MP3Settings
    ) async throws(MP3EncoderError) {
        let api = try Self.api(path)
        let result: Result<Void, MP3EncoderError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive {
                Result { () throws(MP3EncoderError) in
                    try Self.encode(api, source, format, destination, settings)
                }
            }
        } catch {
            throw MP3EncoderError(.failed, "the thread pool is not running")
        }
        try result.get()
    }

    /// Frames encoded per call into the library.
    static let framesPerChunk = 8192

    private static func encode(
        _ api: LameAPI,
        _ source: String,
        _ format: WAVFormat,
        _ destination: String,
        _ settings: MP3Settings
    ) throws(MP3EncoderError) {
        let input: FileHandle
        let output: FileHandle
        do {
            input = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
            try input.seek(toOffset: UInt64(format.dataOffset))
            guard FileManager.default.createFile(atPath: destination, contents: nil) else {
                throw MP3EncoderError(.failed, "cannot create \(destination)")
            }
            output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
        } catch let error as MP3EncoderError {
            throw error
        } catch {
            throw MP3EncoderError(.failed, "cannot open \(source): \(error.localizedDescription)")
        }
        defer {
            try? input.close()
            try? output.close()
        }
        let c = api
        guard let lame = c.create() else { throw MP3EncoderError(.failed, "lame_init failed") }
        defer { _ = c.destroy(lame) }
        _ = c.setInSampleRate(lame, Int32(format.sampleRate))
        _ = c.setChannels(lame, Int32(format.channels))
        _ = c.setMode(lame, format.channels == 1 ? Int32(CLAME_MONO) : Int32(CLAME_JOINT_STEREO))
        _ = c.setBitrate(lame, Int32(settings.bitrate))
        _ = c.setQuality(lame, Int32(MP3Settings.algorithmQuality))
        _ = c.setWriteTag(lame, 0)
        if let rate = settings.outputSampleRate { _ = c.setOutSampleRate(lame, Int32(rate)) }
        guard c.initParams(lame) >= 0 else { throw MP3EncoderError(.failed, "lame_init_params refused the settings") }

        let frameBytes = format.frameSize
        var left = format.dataLength
        var mp3 = [UInt8](repeating: 0, count: framesPerChunk * 5 / 4 + 7200)
        do {
            while left > 0 {
                let want = Int(min(Int64(framesPerChunk * frameBytes), left))
                guard let bytes = try input.read(upToCount: want), bytes.count >= frameBytes else { break }
                left -= Int64(bytes.count)
                let count = bytes.count / 2
                var samples = [Int16](repeating: 0, count: count)
                samples.withUnsafeMutableBytes { target in
                    _ = bytes.copyBytes(to: target, count: count * 2)
                }
                for index in samples.indices { samples[index] = Int16(littleEndian: samples[index]) }
                let frames = Int32(samples.count / format.channels)
                let written = mp3.withUnsafeMutableBufferPointer { out in
                    samples.withUnsafeMutableBufferPointer { pcm in
                        format.channels == 1
                            ? c.encode(lame, pcm.baseAddress, nil, frames, out.baseAddress, Int32(out.count))
                            : c.encodeInterleaved(lame, pcm.baseAddress, frames, out.baseAddress, Int32(out.count))
                    }
                }
                guard written >= 0 else { throw MP3EncoderError(.failed, "lame_encode_buffer failed (\(written))") }
                try output.write(contentsOf: mp3[0..<Int(written)])
            }
            let tail = mp3.withUnsafeMutableBufferPointer { c.flush(lame, $0.baseAddress, Int32($0.count)) }
            if tail > 0 { try output.write(contentsOf: mp3[0..<Int(tail)]) }
        } catch let error as MP3EncoderError {
            throw error
        } catch {
            throw MP3EncoderError(.failed, "I/O error: \(error.localizedDescription)")
        }
    }

    /// The library's entry points, loaded once per path.
    private static let loaded = Mutex<[String: Result<LameAPI, MP3EncoderError>]>([:])

    private static func api(_ path: String) throws(MP3EncoderError) -> LameAPI {
        let result = loaded.withLock { cache -> Result<LameAPI, MP3EncoderError> in
            if let known = cache[path] { return known }
            var functions = clame_api()
            let status = clame_open(&functions, path)
            let outcome: Result<LameAPI, MP3EncoderError> =
                if status == 0, let api = LameAPI(functions) {
                    .success(api)
                } else {
                    .failure(
                        MP3EncoderError(
                            .unavailable,
                            "libmp3lame could not be loaded from \(path) (\(String(cString: clame_error()))); "
                                + "install Debian's `libmp3lame0` (it comes with `lame`)"
                        )
                    )
                }
            cache[path] = outcome
            return outcome
        }
        return try result.get()
    }
}

/// The resolved entry points; immutable once loaded, so they may be used from any thread (each encoding has its own
/// encoder state).
final class LameAPI: @unchecked Sendable {
    typealias Setter = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32
    let create: @convention(c) () -> UnsafeMutableRawPointer?
    let setInSampleRate: Setter
    let setOutSampleRate: Setter
    let setChannels: Setter
    let setBitrate: Setter
    let setMode: Setter
    let setQuality: Setter
    let setWriteTag: Setter
    let initParams: @convention(c) (UnsafeMutableRawPointer?) -> Int32
    let encode:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<Int16>?, UnsafePointer<Int16>?, Int32, UnsafeMutablePointer<UInt8>?,
            Int32
        ) -> Int32
    let encodeInterleaved:
        @convention(c) (
            UnsafeMutableRawPointer?, UnsafeMutablePointer<Int16>?, Int32, UnsafeMutablePointer<UInt8>?, Int32
        )
            -> Int32
    let flush: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32
    let destroy: @convention(c) (UnsafeMutableRawPointer?) -> Int32

    /// Nil when an entry point is missing.
    init?(_ api: clame_api) {
        guard let create = api.create, let setInSampleRate = api.set_in_samplerate,
            let setOutSampleRate = api.set_out_samplerate, let setChannels = api.set_num_channels,
            let setBitrate = api.set_brate, let setMode = api.set_mode, let setQuality = api.set_quality,
            let setWriteTag = api.set_bWriteVbrTag, let initParams = api.init_params, let encode = api.encode_buffer,
            let encodeInterleaved = api.encode_buffer_interleaved, let flush = api.encode_flush,
            let destroy = api.destroy
        else { return nil }
        self.create = create
        self.setInSampleRate = setInSampleRate
        self.setOutSampleRate = setOutSampleRate
        self.setChannels = setChannels
        self.setBitrate = setBitrate
        self.setMode = setMode
        self.setQuality = setQuality
        self.setWriteTag = setWriteTag
        self.initParams = initParams
        self.encode = encode
        self.encodeInterleaved = encodeInterleaved
        self.flush = flush
        self.destroy = destroy
    }
}
