public import Engine
public import Foundation
import GRDB

/// What the engine queues keep of their members across restarts (table `queue_members` in the outbox's SQLite
/// file): per device, the end of the member's last call (idle time counts from it) and the pause. The daemon saves
/// ``QueueStateMachine/memberRecords`` after the inputs that change them and puts them back with
/// ``QueueStateMachine/restore(_:)`` on start.
public final class QueueMemberStore: Sendable {
    private let database: DatabasePool

    /// Uses the file of `outbox` (whose migrations created the `queue_members` table).
    /// - Throws: ``OutboxError`` when the table is missing or the file cannot be read.
    public init(outbox: Outbox) async throws(OutboxError) {
        database = outbox.database
        let exists: Bool
        do {
            exists = try await database.read { db in try db.tableExists("queue_members") }
        } catch {
            throw OutboxError(operation: "open the queue members", underlying: error)
        }
        guard exists else { throw OutboxError(operation: "open the queue members", detail: "no table `queue_members`") }
    }

    /// Writes `records` (replacing what was saved for the same devices), in one transaction.
    public func save(_ records: [QueueMemberRecord], at now: Date = Date()) async throws(OutboxError) {
        guard !records.isEmpty else { return }
        do {
            try await database.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO queue_members (device, idle_since, paused, pause_reason, updated_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (device) DO UPDATE SET idle_since = excluded.idle_since,
                            paused = excluded.paused, pause_reason = excluded.pause_reason,
                            updated_at = excluded.updated_at
                        """
                )
                for record in records {
                    try statement.execute(
                        arguments: [
                            record.device, record.idleSince?.timeIntervalSince1970, record.isPaused,
                            record.pauseReason, now.timeIntervalSince1970,
                        ]
                    )
                }
            }
        } catch {
            throw OutboxError(operation: "save queue members", underlying: error)
        }
    }

    /// Every saved member, by device.
    public func load() async throws(OutboxError) -> [QueueMemberRecord] {
        do {
            return try await database.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT device, idle_since, paused, pause_reason FROM queue_members ORDER BY device"
                ).map { row in
                    let idle: Double? = row["idle_since"]
                    return QueueMemberRecord(
                        device: row["device"],
                        idleSince: idle.map { Date(timeIntervalSince1970: $0) },
                        isPaused: row["paused"],
                        pauseReason: row["pause_reason"]
                    )
                }
            }
        } catch {
            throw OutboxError(operation: "load queue members", underlying: error)
        }
    }
}
