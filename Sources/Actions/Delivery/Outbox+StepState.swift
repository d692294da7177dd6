public import Adapters
import GRDB

extension Outbox {
    /// Where a step stands in the outbox.
    public enum StepState: Sendable, Equatable {
        /// Waiting to be sent (or in flight).
        case pending
        /// Acknowledged, with this result.
        case delivered(Bitrix24Value)
        /// Given up, for this reason.
        case dead(String)
        /// Never queued (or forgotten by housekeeping).
        case unknown
    }

    /// Where `step` of `callKey` stands: a record queued before a restart is found here.
    public func state(callKey: String, step: String) async throws(OutboxError) -> StepState {
        if let result = try await deliveredResult(callKey: callKey, step: step) { return .delivered(result) }
        return try await read("read step state") { db in
            let arguments: StatementArguments = [callKey, step]
            if try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM commands WHERE call_key = ? AND step = ?)",
                arguments: arguments
            ) == true {
                return .pending
            }
            if let reason = try String.fetchOne(
                db,
                sql: "SELECT reason FROM dead_letters WHERE call_key = ? AND step = ? ORDER BY id DESC LIMIT 1",
                arguments: arguments
            ) {
                return .dead(reason)
            }
            return .unknown
        }
    }
}
