import Adapters
import Foundation
import Metrics

extension PortalScheduler {
    /// Sends an attachRecord whose file the outbox names (``RecordUploadSender``); a two-step upload's second request
    /// is counted like any other, in the bucket too.
    func sendRecord(_ command: PlannedCommand, _ upload: DeliveryUpload) async throws -> Bitrix24Value {
        let sent = try await RecordUploadSender.send(command, upload: upload, client: client)
        for _ in 1..<max(1, sent.requests) {
            stats.requestsSent += 1
            requestCounter.increment()
            bucket.add(at: clock.now)
        }
        return sent.result
    }
}
