import Adapters
import Foundation
import Simulators
import Testing

/// The wav header reader on the files MixMonitor writes, and on every way a file can be broken.
@Suite("WAV headers")
struct WAVHeaderReaderTests {
    static func format(_ data: Data) throws -> WAVFormat {
        let bytes = [UInt8](data)
        return try WAVHeaderReader(fileSize: Int64(bytes.count)) { offset, count in
            guard offset < bytes.count else { return [] }
            return Array(bytes[Int(offset)..<min(bytes.count, Int(offset) + count)])
        }.format()
    }

    @Test("8 and 16 kHz mono, and stereo: rate, channels, samples, length", arguments: [8000, 16000])
    func valid(rate: Int) throws {
        let tone = WAVTone(sampleRate: rate, seconds: 2)
        let format = try Self.format(tone.fileData())
        #expect(format.sampleRate == rate && format.channels == 1 && format.bitsPerSample == 16)
        #expect(format.dataOffset == 44 && format.dataLength == Int64(rate * 2 * 2))
        #expect(!format.truncated && format.seconds == 2)
        let stereo = try Self.format(WAVTone(sampleRate: rate, seconds: 1, channels: 2).fileData())
        #expect(stereo.channels == 2 && stereo.frameSize == 4 && stereo.seconds == 1)
    }

    @Test("a file MixMonitor never closed (data size 0, or more than there is) is read to its end")
    func unfinalized() throws {
        let tone = WAVTone(seconds: 1.5)
        for declared: UInt32 in [0, 1_000_000, 0xFFFF_FFF0] {
            let format = try Self.format(tone.fileData(declaredDataSize: declared))
            #expect(format.truncated)
            #expect(format.dataLength == 24_000, "declared \(declared)")
        }
        // Cut mid-sample: whole frames only.
        let cut = tone.fileData().prefix(44 + 1001)
        #expect(try Self.format(Data(cut)).dataLength == 1000)
    }

    @Test("empty: no bytes, or a header without one sample")
    func empty() {
        #expect(throws: WAVFormatError.empty) { try Self.format(Data()) }
        #expect(throws: WAVFormatError.empty) { try Self.format(WAVTone(seconds: 0).fileData()) }
        #expect(throws: WAVFormatError.empty) { try Self.format(WAVTone(seconds: 0).fileData(declaredDataSize: 0)) }
    }

    @Test("corrupt: not RIFF, cut inside the header, data before fmt, no data chunk, hostile chunk sizes")
    func corrupt() {
        let good = WAVTone(seconds: 0.5).fileData()
        var notRIFF = good
        notRIFF.replaceSubrange(0..<4, with: Array("RIFX".utf8))
        var noData = good
        noData.replaceSubrange(36..<40, with: Array("junk".utf8))
        var dataFirst = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WAVE".utf8)
        dataFirst += Data("data".utf8) + Data([4, 0, 0, 0, 1, 2, 3, 4])
        var huge = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WAVE".utf8)
        huge += Data("LIST".utf8) + Data([0xFF, 0xFF, 0xFF, 0xFF]) + Data(repeating: 0, count: 64)
        for (name, data) in [
            ("garbage", Data("not a wav at all, just text".utf8)), ("RIFX", notRIFF), ("cut", good.prefix(30)),
            ("no data chunk", noData), ("data first", dataFirst), ("huge chunk", huge),
        ] {
            #expect(throws: WAVFormatError.self, "\(name)") { try Self.format(data) }
            do {
                _ = try Self.format(data)
            } catch let error as WAVFormatError {
                if case .corrupt = error {} else { Issue.record("\(name): \(error)") }
            } catch { Issue.record("\(name): \(error)") }
        }
    }

    @Test("unsupported: GSM (wav49), 8-bit, 6 channels, 7 kHz")
    func unsupported() {
        func patched(_ offset: Int, _ bytes: [UInt8]) -> Data {
            var data = WAVTone(seconds: 0.5).fileData()
            data.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
            return data
        }
        for data in [
            patched(20, [0x31, 0]), patched(34, [8, 0]), patched(22, [6, 0]), patched(24, [0x58, 0x1B, 0, 0]),
        ] {
            do {
                _ = try Self.format(data)
                Issue.record("accepted")
            } catch let error as WAVFormatError {
                if case .unsupported = error {} else { Issue.record("\(error)") }
            } catch { Issue.record("\(error)") }
        }
    }
}
