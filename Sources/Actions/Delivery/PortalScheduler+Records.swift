import Adapters
import Foundation
import Metrics

extension PortalScheduler {
    /// Sends an attachRecord whose file the outbox names (``DeliveryUpload``): read now, inline up to its limit, else
    /// by the two-step upload — two requests, both counted against the bucket. A file that is gone is a definitive
    /// failure (nothing to retry).
    /// - Returns: the result, `{"FILE_ID": …}`.
    func sendRecord(_ command: PlannedCommand, _ upload: DeliveryUpload) async throws -> Bitrix24Value {
        let method = command.method
        guard let callID = command.params["CALL_ID"]?.nonEmptyString else {
            throw Bitrix24Error(method: method, reason: .invalidRequest("no CALL_ID for the record"), action: .giveUp)
        }
        let filename = command.params["FILENAME"]?.nonEmptyString ?? "record.mp3"
        let content: Data
        do {
            content = try Data(contentsOf: URL(fileURLWithPath: upload.path))
        } catch {
            throw Bitrix24Error(
                method: method,
                reason: .invalidRequest("the record \(upload.path) cannot be read: \(error.localizedDescription)"),
                action: .giveUp
            )
        }
        let fileID: Int
        if content.count <= upload.inlineLimit {
            fileID = try await client.attachRecord(callID: callID, filename: filename, content: content)
        } else {
            fileID = try await client.uploadRecord(callID: callID, filename: filename, content: content)
            // The upload's second request, counted like any other.
            stats.requestsSent += 1
            requestCounter.increment()
            bucket.add(at: clock.now)
        }
        return .object(["FILE_ID": .int(fileID)])
    }
}
