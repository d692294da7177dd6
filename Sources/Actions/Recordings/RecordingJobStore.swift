public import Foundation
import GRDB

/// The recordings on their way to the portal, kept in the outbox's SQLite file (table `recording_jobs`, one row per
/// call holding a ``RecordingJob`` in JSON), so a restart resumes them where they stood.
public final class RecordingJobStore: Sendable {
    private let database: DatabasePool

    /// Uses the file of `outbox` (whose migrations created the table).
    public init(outbox: Outbox) {
        database = outbox.database
    }

    /// Writes `job` (its durable form), replacing what was saved for its call.
    public func save(_ job: RecordingJob, at now: Date = Date()) throws(OutboxError) {
        let payload: String
        do {
            payload = String(decoding: try JSONEncoder().encode(job.durable), as: UTF8.self)
        } catch {
            throw OutboxError(operation: "encode recording job \(job.callKey)", underlying: error)
        }
        try write("save recording job") { db in
            try db.execute(
                sql: """
                    INSERT INTO recording_jobs (call_key, payload, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (call_key) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at
                    """,
                arguments: [job.callKey, payload, now.timeIntervalSince1970]
            )
        }
    }

    /// Forgets the job of `callKey`.
    public func remove(_ callKey: String) throws(OutboxError) {
        try write("remove recording job") { db in
            try db.execute(sql: "DELETE FROM recording_jobs WHERE call_key = ?", arguments: [callKey])
        }
    }

    /// Every saved job; rows that cannot be read are reported to `unreadable` and left in the file.
    public func load(unreadable: (String, String) -> Void = { _, _ in }) throws(OutboxError) -> [RecordingJob] {
        let rows: [(String, String)]
        do {
            rows = try database.read { db in
                try Row.fetchAll(db, sql: "SELECT call_key, payload FROM recording_jobs ORDER BY updated_at").map {
                    ($0["call_key"], $0["payload"])
                }
            }
        } catch {
            throw OutboxError(operation: "load recording jobs", underlying: error)
        }
        var jobs: [RecordingJob] = []
        for (key, payload) in rows {
            do {
                jobs.append(try JSONDecoder().decode(RecordingJob.self, from: Data(payload.utf8)))
            } catch {
                unreadable(key, String(describing: error))
            }
        }
        return jobs
    }

    private func write(_ operation: String, _ body: (Database) throws -> Void) throws(OutboxError) {
        do { try database.write(body) } catch { throw OutboxError(operation: operation, underlying: error) }
    }
}
