public import Engine
public import Foundation
import GRDB

/// The calls in progress, kept in the outbox's SQLite file (table `calls`, one row per Linkedid holding a
/// ``SavedCall`` in JSON) so that a restarted engine can put them back into its call model and finish them.
///
/// The daemon saves the calls an AMI message changed and removes the ones that ended; on start it loads them,
/// restores them (``CallModel/restore(_:)``) and resynchronises with `CoreShowChannels`. Writes share the outbox's
/// connection pool and durability (WAL, `synchronous=NORMAL`: a committed write survives the process being killed).
public final class CallStateStore: Sendable {
    /// A row that could not be read back (written by an incompatible version, or damaged).
    public struct UnreadableCall: Sendable, Equatable {
        /// The call's Linkedid.
        public let id: String
        /// Why it could not be decoded.
        public let detail: String
    }

    private let database: DatabasePool

    /// Uses the file of `outbox` (whose migrations created the `calls` table).
    /// - Throws: ``OutboxError`` when the table is missing or the file cannot be read.
    public init(outbox: Outbox) async throws(OutboxError) {
        database = outbox.database
        let exists: Bool
        do {
            exists = try await database.read { db in try db.tableExists("calls") }
        } catch {
            throw OutboxError(operation: "open the call state", underlying: error)
        }
        guard exists else { throw OutboxError(operation: "open the call state", detail: "no table `calls`") }
    }

    /// Writes `calls` (replacing what was saved under the same ids), all in one transaction.
    /// - Throws: ``OutboxError`` (with the call id when one cannot be encoded); nothing is written then.
    public func save(_ calls: [SavedCall], at now: Date = Date()) async throws(OutboxError) {
        guard !calls.isEmpty else { return }
        var rows: [(id: String, payload: String)] = []
        rows.reserveCapacity(calls.count)
        let encoder = JSONEncoder()
        for call in calls {
            do {
                rows.append((call.id, String(decoding: try encoder.encode(call), as: UTF8.self)))
            } catch {
                throw OutboxError(operation: "encode saved call \(call.id)", underlying: error)
            }
        }
        let encoded = rows
        try await write("save calls") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO calls (id, payload, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at
                    """
            )
            for row in encoded {
                try statement.execute(arguments: [row.id, row.payload, now.timeIntervalSince1970])
            }
        }
    }

    /// Forgets the calls with these ids (unknown ids are ignored), in one transaction.
    public func remove(_ ids: [String]) async throws(OutboxError) {
        guard !ids.isEmpty else { return }
        try await write("remove calls") { db in
            let statement = try db.cachedStatement(sql: "DELETE FROM calls WHERE id = ?")
            for id in ids { try statement.execute(arguments: [id]) }
        }
    }

    /// Every saved call, by id. Rows that cannot be decoded are skipped and reported to `unreadable` (they stay in
    /// the file until removed, so nothing is lost silently).
    /// - Throws: ``OutboxError`` when the file cannot be read.
    public func load(unreadable: (UnreadableCall) -> Void = { _ in }) async throws(OutboxError) -> [SavedCall] {
        let rows: [CallRow]
        do {
            rows = try await database.read { db in
                try Row.fetchAll(db, sql: "SELECT id, payload FROM calls ORDER BY id").map {
                    CallRow(id: $0["id"], payload: $0["payload"])
                }
            }
        } catch {
            throw OutboxError(operation: "load calls", underlying: error)
        }
        let decoder = JSONDecoder()
        var calls: [SavedCall] = []
        calls.reserveCapacity(rows.count)
        for row in rows {
            let (id, payload) = (row.id, row.payload)
            do {
                let call = try decoder.decode(SavedCall.self, from: Data(payload.utf8))
                guard call.id == id else {
                    unreadable(UnreadableCall(id: id, detail: "the payload is call \(call.id)"))
                    continue
                }
                calls.append(call)
            } catch {
                unreadable(UnreadableCall(id: id, detail: String(describing: error)))
            }
        }
        return calls
    }

    /// Number of saved calls.
    public func count() async throws(OutboxError) -> Int {
        do {
            return try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calls") ?? 0 }
        } catch {
            throw OutboxError(operation: "count calls", underlying: error)
        }
    }

    private struct CallRow: Sendable {
        let id: String
        let payload: String
    }

    private func write(_ operation: String, _ body: @Sendable (Database) throws -> Void) async throws(OutboxError) {
        do { try await database.write(body) } catch { throw OutboxError(operation: operation, underlying: error) }
    }
}
