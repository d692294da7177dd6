extension ConfigDecoder {
    /// `recordings:`; every key is checked, every problem reported.
    mutating func decodeRecordings(_ keys: [String: YAMLPair]) -> EngineConfig.Recordings {
        var recordings = EngineConfig.Recordings()
        if let pair = keys["enabled"], let value = bool(pair, path: "recordings.enabled") { recordings.enabled = value }
        recordings.directory = text(keys["dir"], path: "recordings.dir")
        if let pair = keys["encoder"], let name = text(pair, path: "recordings.encoder") {
            if let encoder = EngineConfig.Recordings.Encoder(rawValue: name) {
                recordings.encoder = encoder
            } else {
                invalid(pair.value, "`recordings.encoder` is `lame` (the program) or `libmp3lame` (the library)")
            }
        }
        recordings.lameProgram = text(keys["lame"], path: "recordings.lame") ?? recordings.lameProgram
        recordings.workDirectory = text(keys["work_dir"], path: "recordings.work_dir")
        if let pair = keys["bitrate"], let value = int(pair, path: "recordings.bitrate") {
            if [8, 16, 24, 32, 40, 48, 56, 64].contains(value) {
                recordings.bitrate = value
            } else {
                invalid(pair.value, "`recordings.bitrate` is one of 8, 16, 24, 32, 40, 48, 56, 64 (kbit/s)")
            }
        }
        if let pair = keys["concurrency"], let value = int(pair, path: "recordings.concurrency") {
            if (1...256).contains(value) {
                recordings.concurrency = value
            } else {
                invalid(pair.value, "`recordings.concurrency` must be 1–256")
            }
        }
        if let pair = keys["settle_seconds"], let value = double(pair, path: "recordings.settle_seconds") {
            if value > 0, value <= 600 {
                recordings.settleSeconds = value
            } else {
                invalid(pair.value, "`recordings.settle_seconds` must be above 0 and at most 600")
            }
        }
        if let pair = keys["max_wait_seconds"], let value = double(pair, path: "recordings.max_wait_seconds") {
            if value >= recordings.settleSeconds, value <= 86_400 {
                recordings.maxWaitSeconds = value
            } else {
                invalid(pair.value, "`recordings.max_wait_seconds` must be at least settle_seconds and at most 86400")
            }
        }
        if let pair = keys["inline_max_bytes"], let value = int(pair, path: "recordings.inline_max_bytes") {
            if value >= 0, value <= 64 << 20 {
                recordings.inlineMaxBytes = value
            } else {
                invalid(pair.value, "`recordings.inline_max_bytes` must be 0–67108864 (0: always the two-step upload)")
            }
        }
        if let pair = keys["keep_wav"], let value = bool(pair, path: "recordings.keep_wav") {
            recordings.keepWAV = value
        }
        return recordings
    }

    /// `true` or `false`.
    mutating func bool(_ pair: YAMLPair, path: String) -> Bool? {
        guard let text = text(pair, path: path) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            invalid(pair.value, "`\(path)` must be true or false")
            return nil
        }
    }
}
