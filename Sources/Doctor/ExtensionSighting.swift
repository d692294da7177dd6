import AMIProtocol
import Adapters
import Engine
import Foundation
import RuleDSL

/// An extension seen on the PBX (a queue member, or a phone that rang in a recorded session) and where.
public struct ExtensionSighting: Sendable, Hashable {
    /// The extension, as the engine derives it (`Local/201@agents` → `201`).
    public var `extension`: String
    /// Where it was seen: `queue sales`, `capture answered.ami`.
    public var seenIn: [String]

    /// The extensions of queue members (from the AMI probe) and of phones that rang in `captures`.
    static func collect(queueMembers: [String: [String]], capturePaths: [String]) -> [ExtensionSighting] {
        var places: [String: [String]] = [:]
        for (ext, queues) in queueMembers {
            places[ext, default: []] += queues.sorted().map { "queue \($0)" }
        }
        for path in capturePaths {
            let name = URL(fileURLWithPath: path).lastPathComponent
            for ext in ringingExtensions(inCapture: path) where !(places[ext] ?? []).contains("capture \(name)") {
                places[ext, default: []].append("capture \(name)")
            }
        }
        return places.keys.sorted().map { ExtensionSighting(extension: $0, seenIn: places[$0] ?? []) }
    }

    /// The extensions whose phones rang in a recorded session, as the call model sees them.
    static func ringingExtensions(inCapture path: String) -> Set<String> {
        guard let bytes = FileManager.default.contents(atPath: path) else { return [] }
        var decoder = AMIFrameDecoder()
        var model = CallModel()
        var found = Set<String>()
        let handle: (AMIFrameDecoder.Output) -> Void = { output in
            guard case .message(let message) = output else { return }
            for event in model.handle(message, arrival: Date()) {
                switch event.kind {
                case .ringing(let member, _), .answered(let member, _): found.insert(member.extension)
                default: break
                }
            }
        }
        decoder.decode(Array(bytes), handle)
        decoder.decode(Array("\r\n\r\n".utf8), handle)
        return found
    }
}
